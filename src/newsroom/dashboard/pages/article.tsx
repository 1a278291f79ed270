import type { ArticleReport } from '../../analytics/service';
import type { Period } from '../../analytics/periods';
import { BarChart, Legend, LineChart, reactionColour, StackedBar } from '../charts';
import { CsrfField, formatNumber, formatTime, Layout, Notices, type View } from '../layout';
import { PeriodPicker, periodQuery, reactionLabel, siteBase } from '../period';

const enc = encodeURIComponent;

const choiceLabel = { open: 'commentsChoiceOpen', closed: 'commentsChoiceClosed', automatic: 'commentsChoiceAutomatic' } as const;

/** One article: its standing tally, votes over the period, and (for moderators) closing its poll or comments. */
export function ArticlePage({ view, period, report, canModerate, flash }: { view: View; period: Period; report: ArticleReport; canModerate: boolean; flash?: string | undefined }) {
  const { t } = view;
  const base = siteBase(view);
  const path = `${base}/articles/${enc(report.article.id)}`;
  const keys = report.tally.map((reaction) => reaction.key);
  const colourOf = (key: string) => reactionColour(Math.max(0, keys.indexOf(key)));
  const seriesKeys = [...new Set([...keys, ...report.series.points.flatMap((point) => Object.keys(point.votes))])];
  const labels = report.series.points.map((point) => (report.series.granularity === 'hour' ? `${point.start.slice(5, 10)} ${point.start.slice(11, 13)}h` : point.start.slice(5, 10)));
  const nameOf = (key: string) => {
    const reaction = report.tally.find((candidate) => candidate.key === key);
    return reaction ? reactionLabel(view, reaction) : key;
  };
  const title = report.article.title ?? report.article.id;
  const seriesTitle = report.series.granularity === 'hour' ? t('series') : t('seriesDaily');
  return (
    <Layout view={view} title={title} current="overview">
      <p>
        <a href={`${base}?${periodQuery(period)}`}>← {t('back')}</a>
      </p>
      <h1>{title}</h1>
      <Notices view={view} flash={flash} />
      {canModerate ? (
        <p>
          <a href={`${path}/comments`}>{t('articleComments')} →</a>
        </p>
      ) : null}
      <p class="muted">
        {report.article.section ?? t('noSection')}
        {report.article.url ? (
          <>
            {' · '}
            <a href={report.article.url} rel="noopener noreferrer">
              {report.article.url}
            </a>
          </>
        ) : null}
      </p>
      <PeriodPicker view={view} period={period} path={path} />
      <div class="grid2">
        <section class="panel">
          <h2>
            {t('tally')} ({t('total')} {formatNumber(view, report.total)})
          </h2>
          <BarChart
            id="tally"
            title={t('tally')}
            description={report.tally.map((reaction) => `${reaction.label[view.locale]} ${reaction.count} (${reaction.percent}%)`).join(', ')}
            items={report.tally.map((reaction) => ({
              label: `${reactionLabel(view, reaction)}${reaction.active ? '' : ` (${t('retired')})`}`,
              value: reaction.count,
              colour: colourOf(reaction.key),
              note: `${formatNumber(view, reaction.count)} (${reaction.percent}%)`,
            }))}
          />
        </section>
        <section class="panel">
          <h2>{t('commentsByStatus')}</h2>
          <table>
            <tbody>
              {(['approved', 'pending', 'rejected', 'spam', 'deleted'] as const).map((status) => (
                <tr>
                  <th scope="row">{t(status)}</th>
                  <td class="num">{formatNumber(view, report.comments[status])}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('reported')}</th>
                <td class="num">{formatNumber(view, report.comments.reported)}</td>
              </tr>
            </tbody>
          </table>
          <p>
            {t('poll')}: <strong>{report.article.pollOpen ? t('open') : t('closed')}</strong> · {t('comments')}:{' '}
            <strong>{report.article.commentsOpen ? t('open') : t('closed')}</strong>
          </p>
          <p>
            {t('commentsChoice')}: <strong>{t(choiceLabel[report.article.comments])}</strong> ·{' '}
            {report.article.commentsClosesAt === null ? t('commentsNoSchedule') : `${t('commentsClosesAt')} ${formatTime(view, report.article.commentsClosesAt)}`}
          </p>
          {canModerate ? (
            <form method="post" action={`${path}/state`} class="actions">
              <CsrfField view={view} />
              <button type="submit" name="change" value={report.article.pollOpen ? 'poll:close' : 'poll:open'}>
                {report.article.pollOpen ? t('closePoll') : t('reopenPoll')}
              </button>
              {(['open', 'closed', 'automatic'] as const).map((choice) => (
                <button type="submit" name="change" value={`comments:${choice}`} disabled={report.article.comments === choice}>
                  {t(choiceLabel[choice])}
                </button>
              ))}
            </form>
          ) : null}
        </section>
      </div>
      <section class="panel">
        <h2>{seriesTitle}</h2>
        <LineChart
          id="series"
          title={seriesTitle}
          description={seriesKeys
            .map((key) => `${nameOf(key)}: ${report.series.points.reduce((sum, point) => sum + (point.votes[key] ?? 0), 0)}`)
            .join(', ')}
          labels={labels}
          series={seriesKeys.map((key) => ({ name: nameOf(key), colour: colourOf(key), values: report.series.points.map((point) => point.votes[key] ?? 0) }))}
        />
        <Legend items={seriesKeys.map((key) => ({ name: nameOf(key), colour: colourOf(key) }))} />
        <details>
          <summary>{t('exportHourly')}</summary>
          <table data-sortable="">
            <thead>
              <tr>
                <th>{t('when')}</th>
                {seriesKeys.map((key) => (
                  <th class="num">{nameOf(key)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.series.points
                .filter((point) => point.total > 0)
                .map((point) => (
                  <tr>
                    <td>{point.start.slice(0, 16).replace('T', ' ')}</td>
                    {seriesKeys.map((key) => (
                      <td class="num">{point.votes[key] ?? 0}</td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      </section>
    </Layout>
  );
}

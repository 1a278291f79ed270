import type { ArticleReport, AuthorMood, Overview, ReactionInfo, SectionMood, TopArticle } from '../analytics/service';
import type { Period } from '../analytics/periods';
import { BarChart, Legend, LineChart, reactionColour, StackedBar } from './charts';
import { OverdueCards } from './deadlines';
import { CsrfField, ErrorAlert, formatNumber, Layout, Notices, type View } from './layout';

const enc = encodeURIComponent;

function siteBase(view: View): string {
  return `/newsroom/sites/${enc(view.site!.id)}`;
}

function periodQuery(period: Period): string {
  return period.name === 'custom' ? `period=custom&from=${period.from}&to=${period.to}` : `period=${period.name}`;
}

function label(view: View, reaction: ReactionInfo): string {
  return `${reaction.emoji} ${reaction.label[view.locale]}`.trim();
}

export function LoginPage({ view, error }: { view: View; error?: string | undefined }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('signIn')}>
      <h1>{t('signIn')}</h1>
      <div class="panel">
        <ErrorAlert error={error} />
        <form method="post" action="/newsroom/login">
          <label for="key">{t('apiKey')}</label>
          <input id="key" name="key" type="password" autocomplete="current-password" required minlength={24} size={40} aria-describedby="key-help" />
          <p id="key-help" class="muted small">
            {t('keyHelp')}
          </p>
          <button class="primary" type="submit">
            {t('signIn')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

function PeriodPicker({ view, period, path, extra = '' }: { view: View; period: Period; path: string; extra?: string }) {
  const { t } = view;
  const names = [
    ['today', t('today')],
    ['7d', t('last7')],
    ['30d', t('last30')],
  ] as const;
  return (
    <form class="periods" method="get" action={path} aria-label={t('period')}>
      {names.map(([name, text]) => (
        <a href={`${path}?period=${name}${extra}`} aria-current={period.name === name ? 'true' : undefined}>
          {text}
        </a>
      ))}
      <input type="hidden" name="period" value="custom" />
      <span>
        <label for="from" class="small">
          {t('from')}
        </label>
        <input id="from" type="date" name="from" value={period.from} required />
      </span>
      <span>
        <label for="to" class="small">
          {t('to')}
        </label>
        <input id="to" type="date" name="to" value={period.to} required />
      </span>
      <button type="submit">{t('show')}</button>
      <span class="muted small">
        {period.from === period.to ? period.from : `${period.from} – ${period.to}`} ({view.site!.timeZone})
      </span>
    </form>
  );
}

export function OverviewPage({
  view,
  period,
  overview,
  top,
  sections,
  authors,
  by,
  section,
  overdue,
}: {
  view: View;
  period: Period;
  overview: Overview;
  top: { reactions: ReactionInfo[]; articles: TopArticle[] };
  sections: { reactions: ReactionInfo[]; sections: SectionMood[] };
  authors: { reactions: ReactionInfo[]; authors: AuthorMood[] };
  by: string;
  /** The section top articles are filtered to, if any. */
  section: string | undefined;
  /** Complaints and authority orders past their deadline. */
  overdue: { complaints: number; orders: number };
}) {
  const { t } = view;
  const base = siteBase(view);
  const colours = new Map(overview.reactions.map((reaction, index) => [reaction.key, reactionColour(index)]));
  const colourOf = (key: string) => colours.get(key) ?? reactionColour(colours.size + 1);
  const reactionByKey = new Map([...top.reactions, ...overview.reactions, ...sections.reactions, ...authors.reactions].map((reaction) => [reaction.key, reaction]));
  // The sections with votes in the period, plus the chosen one (it may have comments only).
  const sectionNames = [...new Set([...sections.sections.flatMap((entry) => (entry.section === null ? [] : [entry.section])), ...(section ? [section] : [])])];
  const nameOf = (key: string) => {
    const reaction = reactionByKey.get(key);
    return reaction ? label(view, reaction) : key;
  };
  const mixText = overview.reactions.map((reaction) => `${reaction.label[view.locale]} ${reaction.votes} (${reaction.percent}%)`).join(', ');
  const hourLabels = overview.hourly.map((point) => (period.name === 'today' ? point.start.slice(11, 16) : point.start.slice(5, 10) + ' ' + point.start.slice(11, 13)));
  const peak = overview.hourly.reduce((best, point) => (point.votes > best.votes ? point : best), { votes: 0, start: '' });
  return (
    <Layout view={view} title={`${t('overview')} · ${overview.site.name}`} current="overview">
      <h1>
        {overview.site.name} · {t('overview')}
      </h1>
      <PeriodPicker view={view} period={period} path={base} />
      <section class="cards" aria-label={t('overview')}>
        <div class="card">
          <div class="value" data-testid="votes">{formatNumber(view, overview.votes)}</div>
          <div class="label">{t('votes')}</div>
        </div>
        <div class="card">
          <div class="value" data-testid="comments">{formatNumber(view, overview.comments.total)}</div>
          <div class="label">{t('comments')}</div>
        </div>
        <div class="card">
          <div class="value">{formatNumber(view, overview.queue.pending)}</div>
          <div class="label">{t('pending')}</div>
        </div>
        <div class="card">
          <div class="value">{formatNumber(view, overview.queue.reported)}</div>
          <div class="label">{t('reported')}</div>
        </div>
        <OverdueCards view={view} overdue={overdue} />
      </section>
      <div class="grid2">
        <section class="panel">
          <h2>{t('reactionMix')}</h2>
          <BarChart
            id="mix"
            title={t('reactionMix')}
            description={overview.votes === 0 ? t('nothingYet') : mixText}
            items={overview.reactions.map((reaction) => ({
              label: label(view, reaction),
              value: reaction.votes,
              colour: colourOf(reaction.key),
              note: `${formatNumber(view, reaction.votes)} (${reaction.percent}%)`,
            }))}
          />
        </section>
        <section class="panel">
          <h2>{t('votesPerHour')}</h2>
          <LineChart
            id="hourly"
            title={t('votesPerHour')}
            description={
              overview.votes === 0
                ? t('nothingYet')
                : `${t('votes')}: ${overview.votes}. ${t('busiestHours')}: ${overview.busiestHours.map((h) => `${String(h.hour).padStart(2, '0')}:00 (${h.votes})`).join(', ')}. Max ${peak.votes} @ ${peak.start}.`
            }
            labels={hourLabels}
            series={[{ name: t('votes'), colour: '#0b6bcb', values: overview.hourly.map((point) => point.votes) }]}
          />
          <p class="small">
            {t('busiestHours')}:{' '}
            {overview.busiestHours.length === 0
              ? '—'
              : overview.busiestHours.map((hour) => `${String(hour.hour).padStart(2, '0')}:00 (${formatNumber(view, hour.votes)})`).join(' · ')}
          </p>
        </section>
      </div>
      <section class="panel">
        <h2>{t('topArticles')}</h2>
        <form method="get" action={base} class="periods">
          <input type="hidden" name="period" value={period.name} />
          {period.name === 'custom' ? (
            <>
              <input type="hidden" name="from" value={period.from} />
              <input type="hidden" name="to" value={period.to} />
            </>
          ) : null}
          <label for="by">{t('rankBy')}</label>
          <select id="by" name="by">
            <option value="votes" selected={by === 'votes'}>
              {t('allVotes')}
            </option>
            <option value="comments" selected={by === 'comments'}>
              {t('comments')}
            </option>
            {overview.reactions.map((reaction) => (
              <option value={`reaction:${reaction.key}`} selected={by === `reaction:${reaction.key}`}>
                {label(view, reaction)}
              </option>
            ))}
          </select>
          <label for="section">{t('section')}</label>
          <select id="section" name="section">
            <option value="" selected={!section}>
              {t('allSections')}
            </option>
            {sectionNames.map((name) => (
              <option value={name} selected={name === section}>
                {name}
              </option>
            ))}
          </select>
          <button type="submit">{t('show')}</button>
        </form>
        {top.articles.length === 0 ? (
          <p class="muted">{t('nothingYet')}</p>
        ) : (
          <table data-sortable="" data-testid="top-articles">
            <thead>
              <tr>
                <th>{t('article')}</th>
                <th>{t('section')}</th>
                <th>{t('author')}</th>
                <th class="num">{t('votes')}</th>
                <th>{t('mix')}</th>
                <th class="num">{t('comments')}</th>
              </tr>
            </thead>
            <tbody>
              {top.articles.map((article) => {
                const parts = Object.entries(article.reactions)
                  .filter(([, value]) => value > 0)
                  .map(([key, value]) => ({ name: nameOf(key), value, colour: colourOf(key) }));
                const description = parts.map((part) => `${part.name} ${part.value}`).join(', ') || t('nothingYet');
                return (
                  <tr>
                    <td data-value={article.title ?? article.id}>
                      <a href={`${base}/articles/${enc(article.id)}?${periodQuery(period)}`}>{article.title ?? article.id}</a>
                    </td>
                    <td>{article.section ?? t('noSection')}</td>
                    <td>{article.author ?? t('noAuthor')}</td>
                    <td class="num" data-value={String(article.votes)}>
                      {formatNumber(view, article.votes)}
                    </td>
                    <td data-value={String(article.votes)}>
                      <StackedBar label={description} parts={parts} />
                    </td>
                    <td class="num" data-value={String(article.comments)}>
                      {formatNumber(view, article.comments)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <Legend items={overview.reactions.map((reaction) => ({ name: label(view, reaction), colour: colourOf(reaction.key) }))} />
      </section>
      <section class="panel">
        <h2>{t('moodBySection')}</h2>
        <MoodTable
          view={view}
          heading={t('section')}
          testId="mood-by-section"
          rows={sections.sections.map((entry) => ({
            name: entry.section ?? t('noSection'),
            // Each named section links to the top articles in it.
            href: entry.section === null ? undefined : `${base}?${periodQuery(period)}&section=${enc(entry.section)}`,
            ...entry,
          }))}
          nameOf={nameOf}
          colourOf={colourOf}
        />
      </section>
      <section class="panel">
        <h2>{t('moodByAuthor')}</h2>
        <MoodTable
          view={view}
          heading={t('author')}
          testId="mood-by-author"
          rows={authors.authors.map((entry) => ({ name: entry.author ?? t('noAuthor'), href: undefined, ...entry }))}
          nameOf={nameOf}
          colourOf={colourOf}
        />
      </section>
      <section class="panel">
        <h2>{t('export')}</h2>
        <p>
          {t('exportArticles')}: <a href={`/v1/newsroom/sites/${enc(view.site!.id)}/export/articles?${periodQuery(period)}&format=csv`}>CSV</a> ·{' '}
          <a href={`/v1/newsroom/sites/${enc(view.site!.id)}/export/articles?${periodQuery(period)}&format=json`}>JSON</a>
          <br />
          {t('exportHourly')}: <a href={`/v1/newsroom/sites/${enc(view.site!.id)}/export/hourly?${periodQuery(period)}&format=csv`}>CSV</a> ·{' '}
          <a href={`/v1/newsroom/sites/${enc(view.site!.id)}/export/hourly?${periodQuery(period)}&format=json`}>JSON</a>
        </p>
      </section>
    </Layout>
  );
}

/** Votes per reaction for each group (section, author), with its dominant reaction. */
function MoodTable({
  view,
  heading,
  testId,
  rows,
  nameOf,
  colourOf,
}: {
  view: View;
  heading: string;
  testId: string;
  rows: { name: string; href: string | undefined; votes: number; reactions: Record<string, number>; top: string | null }[];
  nameOf: (key: string) => string;
  colourOf: (key: string) => string;
}) {
  const { t } = view;
  if (rows.length === 0) return <p class="muted">{t('nothingYet')}</p>;
  return (
    <table data-sortable="" data-testid={testId}>
      <thead>
        <tr>
          <th>{heading}</th>
          <th class="num">{t('votes')}</th>
          <th>{t('dominant')}</th>
          <th>{t('mix')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const parts = Object.entries(row.reactions).map(([key, value]) => ({ name: nameOf(key), value, colour: colourOf(key) }));
          return (
            <tr>
              <td data-value={row.name}>{row.href ? <a href={row.href}>{row.name}</a> : row.name}</td>
              <td class="num" data-value={String(row.votes)}>
                {formatNumber(view, row.votes)}
              </td>
              <td>{row.top ? nameOf(row.top) : '—'}</td>
              <td>
                <StackedBar label={parts.map((part) => `${part.name} ${part.value}`).join(', ')} parts={parts} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

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
    return reaction ? label(view, reaction) : key;
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
              label: `${label(view, reaction)}${reaction.active ? '' : ` (${t('retired')})`}`,
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
          {canModerate ? (
            <form method="post" action={`${path}/state`} class="actions">
              <CsrfField view={view} />
              <button type="submit" name="change" value={report.article.pollOpen ? 'poll:close' : 'poll:open'}>
                {report.article.pollOpen ? t('closePoll') : t('reopenPoll')}
              </button>
              <button type="submit" name="change" value={report.article.commentsOpen ? 'comments:close' : 'comments:open'}>
                {report.article.commentsOpen ? t('closeComments') : t('reopenComments')}
              </button>
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


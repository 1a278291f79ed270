import type { AuthorMood, Overview, ReactionInfo, SectionMood, TopArticle } from '../../analytics/service';
import type { Period } from '../../analytics/periods';
import { BarChart, Legend, LineChart, reactionColour, StackedBar } from '../charts';
import { OverdueCards } from '../deadlines';
import { formatNumber, Layout, Notices, type View } from '../layout';
import { PeriodPicker, periodQuery, reactionLabel, siteBase } from '../period';

const enc = encodeURIComponent;

/** A site's period at a glance: totals, the reaction mix, activity, top articles, mood by section and author, exports. */
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
    return reaction ? reactionLabel(view, reaction) : key;
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
              label: reactionLabel(view, reaction),
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
                {reactionLabel(view, reaction)}
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
        <Legend items={overview.reactions.map((reaction) => ({ name: reactionLabel(view, reaction), colour: colourOf(reaction.key) }))} />
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

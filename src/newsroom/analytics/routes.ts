import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { requestTime } from '../../http/context';
import { privateJson, privateSerialized } from '../../http/cache';
import { AppError } from '../../lib/errors';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { periodQuerySchema, type PeriodQuery, siteParamsSchema } from '../schemas';
import { toCsv } from './csv';
import { resolvePeriod } from './periods';
import { articleReportSchema, articleParamsSchema, authorsSchema, exportQuerySchema, exportSchema, overviewSchema, sectionsSchema, topArticlesSchema, topQuerySchema } from './schemas';
import { articleReport, exportArticles, exportHourly, type TopBy } from './service';
import { CACHE_TTL_MS } from '../../lib/cache';
import { type PeriodQuestion, sharedAuthorMood, sharedOverview, sharedSectionMood, sharedTopArticles } from './shared';

const tags = ['Newsroom: analytics'];
const periodNote = 'Periods are in the site\'s time zone: `today`, `7d` and `30d` are whole local days ending today; `custom` takes `from` and `to` (local dates, both included).';
/** Votes reach D1's aggregates through the article objects' roll-ups on Workers (src/polls/rollup.ts). */
const rollupNote = "On Workers with article objects (the `ARTICLE_POLL` binding), votes reach these figures through each article object's roll-up to D1, at most about 10 s after they are cast; the poll itself is always exact.";
const sharedNote = `The same question about the same site is answered once per ${CACHE_TTL_MS / 1000} s and shared, so the numbers may be up to ${CACHE_TTL_MS / 1000} s old.`;

/** The period a request asks for, resolved in the site's time zone. */
export function periodFor(c: Context<NewsroomEnv>, query: PeriodQuery) {
  return resolvePeriod({ name: query.period, from: query.from, to: query.to, timeZone: c.get('site').timeZone, now: requestTime(c) });
}

/** What every analytics verb is asked with: the site, the period the request names, the request's time. */
function periodQuestion(c: Context<NewsroomEnv>, query: PeriodQuery): PeriodQuestion {
  return { db: c.get('deps').db, site: c.get('site'), period: periodFor(c, query), now: requestTime(c) };
}

function topBy(query: { by: 'votes' | 'reaction' | 'comments'; reaction?: string | undefined }): TopBy {
  if (query.by === 'comments') return { kind: 'comments' };
  if (query.by === 'reaction' || query.reaction) return { kind: 'reaction', key: query.reaction ?? '' };
  return { kind: 'votes' };
}

export function analyticsRoutes() {
  const app = new Hono<NewsroomEnv>();

  const viewerErrors = [400, 401, 403, 404] as const;

  /** The site-wide questions asked with a period alone, each answered once per TTL and shared (shared.ts). */
  const periodReports = [
    {
      path: 'overview',
      summary: "A site's period at a glance",
      description: 'Votes (cast or changed in the period), comments by status, the moderation queue, the reaction mix, votes per hour and the busiest hours of day.',
      answer: { description: 'Overview', schema: overviewSchema },
      ask: sharedOverview,
    },
    {
      path: 'sections',
      summary: 'Mood by section',
      description: "Votes per reaction for each section over the period, and each section's dominant reaction.",
      answer: { description: 'Sections', schema: sectionsSchema },
      ask: sharedSectionMood,
    },
    {
      path: 'authors',
      summary: 'Mood by author',
      description: "Votes per reaction for each author (the byline the page gave) over the period, and each author's dominant reaction.",
      answer: { description: 'Authors', schema: authorsSchema },
      ask: sharedAuthorMood,
    },
  ];
  for (const report of periodReports) {
    app.get(
      `/sites/:site/${report.path}`,
      describeRoute({
        tags,
        summary: report.summary,
        description: `${report.description} ${periodNote} ${sharedNote} Viewer role.`,
        responses: responses(report.answer, [...viewerErrors]),
      }),
      requireRole('viewer'),
      validate('param', siteParamsSchema),
      validate('query', periodQuerySchema),
      async (c) => privateSerialized(c, await report.ask(periodQuestion(c, c.req.valid('query')))),
    );
  }

  app.get(
    '/sites/:site/top-articles',
    describeRoute({
      tags,
      summary: 'Top articles for a period',
      description: `Ranked by all votes (\`by=votes\`), by one reaction (\`by=reaction&reaction=marah\`) or by approved comments (\`by=comments\`), with section, author and votes per reaction; \`section\` keeps one section's articles, \`author\` one author's. ${periodNote} ${sharedNote} Viewer role.`,
      responses: responses({ description: 'Top articles', schema: topArticlesSchema }, [...viewerErrors]),
    }),
    requireRole('viewer'),
    validate('param', siteParamsSchema),
    validate('query', topQuerySchema),
    async (c) => {
      const query = c.req.valid('query');
      const by = assertReaction(c.get('site'), topBy(query));
      return privateSerialized(c, await sharedTopArticles({ ...periodQuestion(c, query), by, limit: query.limit, section: query.section, author: query.author }));
    },
  );

  app.get(
    '/sites/:site/articles/:article',
    describeRoute({
      tags,
      summary: 'One article',
      description: `Its tally now, votes per reaction per hour over the period (per day beyond 31 days) and its comments by status. ${periodNote} Viewer role.`,
      responses: responses({ description: 'Article report', schema: articleReportSchema }, [...viewerErrors]),
    }),
    requireRole('viewer'),
    validate('param', articleParamsSchema),
    validate('query', periodQuerySchema),
    async (c) => privateJson(c, await articleReport({ ...periodQuestion(c, c.req.valid('query')), externalId: c.req.valid('param').article })),
  );

  /** The two exports: the same query, a table each, as CSV or JSON. */
  const exports = [
    {
      path: 'articles',
      summary: 'Export per-article tallies',
      description:
        'Every article with votes in the period: section, author, publication time (ISO 8601 UTC), votes per reaction, total, each reaction\'s share in whole percents adding up to 100 (`<reaction>_percent`, as the poll and dashboard compute them), approved comments. `format=csv` (UTF-8 with BOM, opens in spreadsheets) or `json`. Aggregates only, never reader data.',
      rows: 'Per-article rows',
      table: (question: PeriodQuestion) => exportArticles(question),
    },
    {
      path: 'hourly',
      summary: 'Export hourly aggregates',
      description: 'Votes cast and net change per local hour and reaction, site-wide or for one `article`. `format=csv` or `json`.',
      rows: 'Hourly rows',
      table: (question: PeriodQuestion, article: string | undefined) => exportHourly({ ...question, externalId: article }),
    },
  ];
  for (const exported of exports) {
    app.get(
      `/sites/:site/export/${exported.path}`,
      describeRoute({
        tags,
        summary: exported.summary,
        description: `${exported.description} ${periodNote} Viewer role.`,
        responses: responses({ description: exported.rows, schema: exportSchema }, [...viewerErrors]),
      }),
      requireRole('viewer'),
      validate('param', siteParamsSchema),
      validate('query', exportQuerySchema),
      async (c) => {
        const query = c.req.valid('query');
        const table = await exported.table(periodQuestion(c, query), query.article);
        return sendTable(c, table, `${c.get('site').id}-${exported.path}-${query.period}`, query.format);
      },
    );
  }

  return app;
}

/** Answers an export table as JSON or as a CSV download (`toCsv`), never cached. */
export function sendTable(c: Context<NewsroomEnv>, table: { columns: string[]; rows: Record<string, string | number>[] }, name: string, format: 'csv' | 'json') {
  c.header('Cache-Control', 'private, no-store');
  if (format === 'json') return c.json(table);
  c.header('Content-Type', 'text/csv; charset=UTF-8');
  c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
  return c.body(toCsv(table.columns, table.rows));
}

function assertReaction(site: { reactions: { key: string }[] }, by: TopBy): TopBy {
  if (by.kind === 'reaction' && !site.reactions.some((reaction) => reaction.key === by.key)) {
    throw invalidReaction(site.reactions.map((reaction) => reaction.key));
  }
  return by;
}


function invalidReaction(keys: string[]): AppError {
  return new AppError(
    'invalid_input',
    { id: `Untuk by=reaction, pilih reaction salah satu dari: ${keys.join(', ')}.`, en: `With by=reaction, choose reaction from: ${keys.join(', ')}.` },
    { details: [{ path: 'reaction', message: `must be one of: ${keys.join(', ')}` }] },
  );
}

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
import { sharedAuthorMood, sharedOverview, sharedSectionMood, sharedTopArticles } from './shared';

const tags = ['Newsroom: analytics'];
const periodNote = 'Periods are in the site\'s time zone: `today`, `7d` and `30d` are whole local days ending today; `custom` takes `from` and `to` (local dates, both included).';
const sharedNote = `The same question about the same site is answered once per ${CACHE_TTL_MS / 1000} s and shared, so the numbers may be up to ${CACHE_TTL_MS / 1000} s old.`;

/** The period a request asks for, resolved in the site's time zone. */
export function periodFor(c: Context<NewsroomEnv>, query: PeriodQuery) {
  return resolvePeriod({ name: query.period, from: query.from, to: query.to, timeZone: c.get('site').timeZone, now: requestTime(c) });
}

function topBy(query: { by: 'votes' | 'reaction' | 'comments'; reaction?: string | undefined }): TopBy {
  if (query.by === 'comments') return { kind: 'comments' };
  if (query.by === 'reaction' || query.reaction) return { kind: 'reaction', key: query.reaction ?? '' };
  return { kind: 'votes' };
}

export function analyticsRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.get(
    '/sites/:site/overview',
    describeRoute({
      tags,
      summary: "A site's period at a glance",
      description: `Votes (cast or changed in the period), comments by status, the moderation queue, the reaction mix, votes per hour and the busiest hours of day. ${periodNote} ${sharedNote} Viewer role.`,
      responses: responses({ description: 'Overview', schema: overviewSchema }, [400, 401, 403, 404]),
    }),
    requireRole('viewer'),
    validate('param', siteParamsSchema),
    validate('query', periodQuerySchema),
    async (c) => {
      const deps = c.get('deps');
      const site = c.get('site');
      return privateSerialized(c, await sharedOverview({ db: deps.db, site, period: periodFor(c, c.req.valid('query')), now: requestTime(c) }));
    },
  );

  app.get(
    '/sites/:site/top-articles',
    describeRoute({
      tags,
      summary: 'Top articles for a period',
      description: `Ranked by all votes (\`by=votes\`), by one reaction (\`by=reaction&reaction=marah\`) or by approved comments (\`by=comments\`), with section, author and votes per reaction; \`section\` keeps one section's articles, \`author\` one author's. ${periodNote} ${sharedNote} Viewer role.`,
      responses: responses({ description: 'Top articles', schema: topArticlesSchema }, [400, 401, 403, 404]),
    }),
    requireRole('viewer'),
    validate('param', siteParamsSchema),
    validate('query', topQuerySchema),
    async (c) => {
      const query = c.req.valid('query');
      const deps = c.get('deps');
      const site = c.get('site');
      const by = topBy(query);
      return privateSerialized(
        c,
        await sharedTopArticles({
          db: deps.db,
          site,
          period: periodFor(c, query),
          by: assertReaction(site, by),
          limit: query.limit,
          section: query.section,
          author: query.author,
          now: requestTime(c),
        }),
      );
    },
  );

  app.get(
    '/sites/:site/articles/:article',
    describeRoute({
      tags,
      summary: 'One article',
      description: `Its tally now, votes per reaction per hour over the period (per day beyond 31 days) and its comments by status. ${periodNote} Viewer role.`,
      responses: responses({ description: 'Article report', schema: articleReportSchema }, [400, 401, 403, 404]),
    }),
    requireRole('viewer'),
    validate('param', articleParamsSchema),
    validate('query', periodQuerySchema),
    async (c) => {
      const deps = c.get('deps');
      const site = c.get('site');
      return privateJson(
        c,
        await articleReport({ db: deps.db, site, externalId: c.req.valid('param').article, period: periodFor(c, c.req.valid('query')), now: requestTime(c) }),
      );
    },
  );

  app.get(
    '/sites/:site/sections',
    describeRoute({
      tags,
      summary: 'Mood by section',
      description: `Votes per reaction for each section over the period, and each section's dominant reaction. ${periodNote} ${sharedNote} Viewer role.`,
      responses: responses({ description: 'Sections', schema: sectionsSchema }, [400, 401, 403, 404]),
    }),
    requireRole('viewer'),
    validate('param', siteParamsSchema),
    validate('query', periodQuerySchema),
    async (c) => {
      const deps = c.get('deps');
      const site = c.get('site');
      return privateSerialized(c, await sharedSectionMood({ db: deps.db, site, period: periodFor(c, c.req.valid('query')), now: requestTime(c) }));
    },
  );

  app.get(
    '/sites/:site/authors',
    describeRoute({
      tags,
      summary: 'Mood by author',
      description: `Votes per reaction for each author (the byline the page gave) over the period, and each author's dominant reaction. ${periodNote} ${sharedNote} Viewer role.`,
      responses: responses({ description: 'Authors', schema: authorsSchema }, [400, 401, 403, 404]),
    }),
    requireRole('viewer'),
    validate('param', siteParamsSchema),
    validate('query', periodQuerySchema),
    async (c) => {
      const deps = c.get('deps');
      const site = c.get('site');
      return privateSerialized(c, await sharedAuthorMood({ db: deps.db, site, period: periodFor(c, c.req.valid('query')), now: requestTime(c) }));
    },
  );

  app.get(
    '/sites/:site/export/articles',
    describeRoute({
      tags,
      summary: 'Export per-article tallies',
      description: `Every article with votes in the period: section, author, publication time (ISO 8601 UTC), votes per reaction, total, each reaction's share in whole percents adding up to 100 (\`<reaction>_percent\`, as the poll and dashboard compute them), approved comments. \`format=csv\` (UTF-8 with BOM, opens in spreadsheets) or \`json\`. Aggregates only, never reader data. ${periodNote} Viewer role.`,
      responses: responses({ description: 'Per-article rows', schema: exportSchema }, [400, 401, 403, 404]),
    }),
    requireRole('viewer'),
    validate('param', siteParamsSchema),
    validate('query', exportQuerySchema),
    async (c) => {
      const query = c.req.valid('query');
      const deps = c.get('deps');
      const site = c.get('site');
      const table = await exportArticles({ db: deps.db, site, period: periodFor(c, query) });
      return sendTable(c, table, `${site.id}-articles-${query.period}`, query.format);
    },
  );

  app.get(
    '/sites/:site/export/hourly',
    describeRoute({
      tags,
      summary: 'Export hourly aggregates',
      description: `Votes cast and net change per local hour and reaction, site-wide or for one \`article\`. \`format=csv\` or \`json\`. ${periodNote} Viewer role.`,
      responses: responses({ description: 'Hourly rows', schema: exportSchema }, [400, 401, 403, 404]),
    }),
    requireRole('viewer'),
    validate('param', siteParamsSchema),
    validate('query', exportQuerySchema),
    async (c) => {
      const query = c.req.valid('query');
      const deps = c.get('deps');
      const site = c.get('site');
      const table = await exportHourly({ db: deps.db, site, period: periodFor(c, query), externalId: query.article, now: requestTime(c) });
      return sendTable(c, table, `${site.id}-hourly-${query.period}`, query.format);
    },
  );

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

import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { Context } from 'hono';
import { LIVE_PUBLIC_CACHE, privateJson, type SharedAnswer } from '../http/cache';
import { edgeCached, pollEdgeKey } from '../http/edge-cache';
import { type AppEnv, localeAskedFor, pageOf, readerWrite, requestedLocale, requestTime } from '../http/context';
import { publish } from '../http/events';
import { responses } from '../http/openapi';
import { type ReplayRoute, sendReaderOrShared } from '../http/replay';
import { validate } from '../http/validate';
import { CACHE_TTL_MS } from '../lib/cache';
import { pagePath } from '../sites/sightings';
import { findSite } from '../sites/service';
import { castVote, readPublicPoll, readReaderPoll, withdrawVote } from './service';
import { AppError } from '../lib/errors';
import { articleParamsSchema, liveTallySchema, pollQuerySchema, pollViewSchema, voteBodySchema, withdrawBodySchema } from './schemas';

/**
 * Anonymous tallies may be a few seconds old; browsers and CDNs revalidate in the background.
 * The body is written in the language asked for, by `lang` or else by Accept-Language.
 */
const PUBLIC_POLL: SharedAnswer = { cacheControl: LIVE_PUBLIC_CACHE, vary: ['Accept-Language'] };
/** How long a colo's edge copy of an anonymous poll lives on Workers (votes there drop it sooner). */
const POLL_EDGE_TTL_SECONDS = CACHE_TTL_MS / 1000;

/** The edge key of this GET, or null when it names a reader (their answer is never shared) or no site. */
async function edgeKeyOf(c: Context<AppEnv>): Promise<string | null> {
  if (c.req.query('reader') !== undefined) return null;
  const site = await findSite({ db: c.get('deps').db, siteId: c.req.param('site') ?? '' });
  return site && pollEdgeKey(site, c.req.param('article') ?? '', requestedLocale(c));
}

/** Repeated anonymous poll reads are replayed (http/replay.ts), keyed as the edge keys them. */
export const pollReplay: ReplayRoute = {
  path: /^\/v1\/sites\/([^/]+)\/articles\/([^/]+)\/poll$/,
  key: ([site, article], query, headers) => {
    const params = v.safeParse(articleParamsSchema, { site, article });
    const parsed = v.safeParse(pollQuerySchema, query);
    if (!params.success || !parsed.success) return null;
    const lang = localeAskedFor(parsed.output.lang, headers.get('accept-language'));
    // The full path notes the page a widget loads on (sites/sightings.ts): each page gets its own replay.
    const page = pagePath(headers.get('origin') ?? '', parsed.output.url);
    return { kind: 'poll', siteId: params.output.site, article: params.output.article, lang, page: [page] };
  },
};


function liveUnavailable(): AppError {
  return new AppError('unavailable', {
    id: 'Pembaruan langsung tidak tersedia di server ini; hasil tampil saat halaman dimuat.',
    en: 'Live updates are not available on this server; results show as of page load.',
  });
}

export function reactionRoutes() {
  const app = new Hono<AppEnv>();

  app.get(
    '/sites/:site/articles/:article/poll',
    describeRoute({
      tags: ['Reactions'],
      summary: "Read an article's poll",
      description:
        'The reactions in order with labels in the requested language, counts, percents (whole numbers adding up to 100) and the total; with `reader`, that reader\'s choice. On a site whose results show `after-vote`, counts, percents and total are left out while the poll is open until this reader has voted (anonymous reads never carry them). This is also the widget\'s bootstrap read. Without `reader` the answer is publicly cacheable (ETag, short max-age, stale-while-revalidate). The first read from one of the site\'s origins registers the article with what the page says about it: `url`, `title`, `section` (≤ 80 characters), `author` (≤ 120) and `publishedAt` (an ISO 8601 date-time with a zone, e.g. `2026-05-01T10:00:00+07:00`). What the first request registered stays; later values are ignored.',
      responses: responses({ description: 'The poll', schema: pollViewSchema }, [400, 403, 404, 422]),
    }),
    validate('param', articleParamsSchema),
    validate('query', pollQuerySchema),
    edgeCached(POLL_EDGE_TTL_SECONDS, edgeKeyOf, PUBLIC_POLL),
    async (c) => {
      const { site, article } = c.req.valid('param');
      const query = c.req.valid('query');
      const { db, config, ballots } = c.get('deps');
      const request = {
        db,
        ballots,
        secret: config.secret,
        siteId: site,
        externalId: article,
        locale: requestedLocale(c, query.lang),
        page: pageOf(c, query),
        live: c.var.deps.live?.transport,
        now: requestTime(c),
      };
      return sendReaderOrShared(c, query.reader, { own: async (readerToken) => ({ json: await readReaderPoll({ ...request, readerToken }) }), shared: () => readPublicPoll(request) }, PUBLIC_POLL);
    },
  );

  app.get(
    '/sites/:site/articles/:article/live',
    describeRoute({
      tags: ['Reactions'],
      summary: "Follow an article's tally live",
      description:
        "The tally as it changes, for a poll whose answer says `live`. With `live: \"sse\"` (the Node server) this answers Server-Sent Events: first the tally as it is, then each change, at most one message a second per article, and a comment line every 20 s. Each message's `data` is `{ \"total\": …, \"counts\": { \"<reaction>\": … } }` over the poll's reactions. With `live: \"ws\"` (Workers) the same path is a WebSocket sending the same JSON (426 without `Upgrade: websocket`). Same site and origin rules as the poll read; no reader is identified. Connections are capped per address (429), per article and in total (503, with Retry-After); a refused reader keeps the tally of their last read.",
      responses: responses({ description: 'A stream of tallies', schema: liveTallySchema, contentType: 'text/event-stream' }, [400, 403, 404, 426, 429, 503]),
    }),
    validate('param', articleParamsSchema),
    (c) => {
      const { site, article } = c.req.valid('param');
      const { live } = c.var.deps;
      if (!live) throw liveUnavailable();
      return live.open(c, { siteId: site, article });
    },
  );

  app.put(
    '/sites/:site/articles/:article/vote',
    describeRoute({
      tags: ['Reactions'],
      summary: 'Cast or change a vote',
      description:
        "Records the reader's one reaction to the article; voting again with another reaction moves it, the same reaction changes nothing. The response carries the fresh tally and the reader's choice. Refused with 429 and Retry-After once a hard ceiling of the `vote` policy is reached (new voters per network and per address per article per day); past the address's soft ceiling the answer is 429 `challenge_required` instead, and the vote must carry a solved challenge as `proof` (see GET /v1/sites/{site}/challenge). `url`, `title`, `section`, `author` and `publishedAt` register a new article as the poll read does.",
      responses: responses({ description: 'The fresh poll with the reader\'s choice', schema: pollViewSchema }, [400, 403, 404, 409, 413, 422, 429]),
    }),
    validate('param', articleParamsSchema),
    validate('json', voteBodySchema),
    async (c) => {
      const { site, article } = c.req.valid('param');
      const body = c.req.valid('json');
      const { poll, events } = await castVote({
        ...readerWrite(c, site, body.lang),
        live: c.get('deps').live?.transport,
        externalId: article,
        locale: requestedLocale(c, body.lang),
        readerToken: body.reader,
        reaction: body.reaction,
        page: pageOf(c, body),
        proof: body.proof,
      });
      await publish(c, events);
      return privateJson(c, poll);
    },
  );

  app.delete(
    '/sites/:site/articles/:article/vote',
    describeRoute({
      tags: ['Reactions'],
      summary: 'Withdraw a vote',
      description: "Removes the reader's vote, if any, and returns the fresh tally. Withdrawing twice is harmless.",
      responses: responses({ description: 'The fresh poll', schema: pollViewSchema }, [400, 403, 404, 409, 413]),
    }),
    validate('param', articleParamsSchema),
    validate('json', withdrawBodySchema),
    async (c) => {
      const { site, article } = c.req.valid('param');
      const body = c.req.valid('json');
      const { poll, events } = await withdrawVote({
        ...readerWrite(c, site, body.lang),
        live: c.get('deps').live?.transport,
        externalId: article,
        locale: requestedLocale(c, body.lang),
        readerToken: body.reader,
        page: pageOf(c, {}),
      });
      await publish(c, events);
      return privateJson(c, poll);
    },
  );

  return app;
}

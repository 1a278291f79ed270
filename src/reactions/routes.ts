import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { publicJson, privateJson } from '../http/cache';
import { edgeCached, forgetEdgeCopies } from '../http/edge-cache';
import { type AppEnv, foreignOrigin, requestedLocale } from '../http/context';
import { responses } from '../http/openapi';
import { replayWhile } from '../http/replay';
import { validate } from '../http/validate';
import { anonymousPollIsCurrent, castVote, readPoll, withdrawVote } from './service';
import { articleParamsSchema, pollQuerySchema, pollViewSchema, voteBodySchema, withdrawBodySchema } from './schemas';

/** Anonymous tallies may be a few seconds old; browsers and CDNs revalidate in the background. */
const PUBLIC_POLL_CACHE = 'public, max-age=5, stale-while-revalidate=30';
/** How long a colo's edge copy of an anonymous poll lives on Workers (votes there drop it sooner). */
const POLL_EDGE_TTL_SECONDS = 5;

export function reactionRoutes() {
  const app = new Hono<AppEnv>();

  app.get(
    '/sites/:site/articles/:article/poll',
    describeRoute({
      tags: ['Reactions'],
      summary: "Read an article's poll",
      description:
        'The reactions in order with labels in the requested language, counts, percents (whole numbers adding up to 100) and the total; with `reader`, that reader\'s choice. This is also the widget\'s bootstrap read. Without `reader` the answer is publicly cacheable (ETag, short max-age, stale-while-revalidate). The first read from one of the site\'s origins registers the article with `url` and `title`.',
      responses: responses({ description: 'The poll', schema: pollViewSchema }, [400, 403, 404, 422]),
    }),
    validate('param', articleParamsSchema),
    validate('query', pollQuerySchema),
    edgeCached(POLL_EDGE_TTL_SECONDS, (c) => c.req.query('reader') === undefined),
    async (c) => {
      const { site, article } = c.req.valid('param');
      const query = c.req.valid('query');
      const { db, config } = c.var.deps;
      const poll = await readPoll({
        db,
        secret: config.secret,
        siteId: site,
        externalId: article,
        locale: requestedLocale(c, query.lang),
        readerToken: query.reader ?? null,
        page: { origin: foreignOrigin(c), url: query.url, title: query.title, section: query.section },
      });
      if (query.reader) return privateJson(c, poll);
      replayWhile(c, () => anonymousPollIsCurrent(poll));
      return publicJson(c, poll, PUBLIC_POLL_CACHE);
    },
  );

  app.put(
    '/sites/:site/articles/:article/vote',
    describeRoute({
      tags: ['Reactions'],
      summary: 'Cast or change a vote',
      description:
        "Records the reader's one reaction to the article; voting again with another reaction moves it, the same reaction changes nothing. The response carries the fresh tally and the reader's choice. Refused with 429 and Retry-After once a hard ceiling of the `vote` policy is reached (new voters per network and per address per article per day); past the address's soft ceiling the answer is 429 `challenge_required` instead, and the vote must carry a solved challenge as `proof` (see GET /v1/sites/{site}/challenge).",
      responses: responses({ description: 'The fresh poll with the reader\'s choice', schema: pollViewSchema }, [400, 403, 404, 409, 413, 422, 429]),
    }),
    validate('param', articleParamsSchema),
    validate('json', voteBodySchema),
    async (c) => {
      const { site, article } = c.req.valid('param');
      const body = c.req.valid('json');
      if (body.lang) c.set('locale', body.lang);
      const { db, writer, config, clientInfo, now } = c.var.deps;
      const poll = await castVote({
        db,
        writer,
        secret: config.secret,
        siteId: site,
        externalId: article,
        locale: requestedLocale(c, body.lang),
        readerToken: body.reader,
        reaction: body.reaction,
        client: clientInfo(c),
        now: now?.() ?? Date.now(),
        page: { origin: foreignOrigin(c), url: body.url, title: body.title, section: body.section },
        proof: body.proof,
      });
      forgetEdgeCopies(c);
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
      if (body.lang) c.set('locale', body.lang);
      const { db, writer, config } = c.var.deps;
      const poll = await withdrawVote({
        db,
        writer,
        secret: config.secret,
        siteId: site,
        externalId: article,
        locale: requestedLocale(c, body.lang),
        readerToken: body.reader,
        page: { origin: foreignOrigin(c) },
      });
      forgetEdgeCopies(c);
      return privateJson(c, poll);
    },
  );

  return app;
}

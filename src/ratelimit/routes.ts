import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../http/cache';
import { type AppEnv, requestTime } from '../http/context';
import { responses } from '../http/openapi';
import { validate } from '../http/validate';
import { loadSite } from '../sites/service';
import { issueChallenge } from './challenge';
import { challengeParamsSchema, challengeSchema } from './schemas';

/** The proof-of-work challenge a vote or comment past an address's soft ceiling must carry. */
export function limiterRoutes() {
  const app = new Hono<AppEnv>();

  app.get(
    '/sites/:site/challenge',
    describeRoute({
      tags: ['Reactions'],
      summary: 'Get a proof-of-work challenge',
      description:
        'An ALTCHA v1 challenge (SHA-256), valid for 10 minutes and for this site. After a `challenge_required` answer (429 without Retry-After: the address is past its soft ceiling), find the number n ≤ `maxnumber` with SHA-256(`salt` + n) = `challenge` and send `base64(JSON.stringify({ algorithm, challenge, number: n, salt, signature }))` as `proof` with the vote or comment. Each proof admits one request. No cookie, no third party.',
      responses: responses({ description: 'A fresh challenge', schema: challengeSchema }, [400, 403, 404]),
    }),
    validate('param', challengeParamsSchema),
    async (c) => {
      const { site } = c.req.valid('param');
      const { db, config } = c.var.deps;
      await loadSite({ db, siteId: site });
      return privateJson(c, await issueChallenge({ secret: config.secret, siteId: site, now: requestTime(c) }));
    },
  );

  return app;
}

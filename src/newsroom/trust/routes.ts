import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { authorTrust, setAuthorTrust } from '../../comments/trust';
import { privateJson } from '../../http/cache';
import { requestTime } from '../../http/context';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { commentParamsSchema } from '../schemas';
import { authorTrustSchema, trustBodySchema } from './schemas';

const tags = ['Newsroom: moderation'];

/** Trust levels of comment authors (src/comments/trust.ts): read and set by the comment they wrote. */
export function trustRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.get(
    '/sites/:site/comments/:id/trust',
    describeRoute({
      tags,
      summary: "A comment author's trust level",
      description:
        '`baru` or `tepercaya` for the author of the comment (the signed-in account when it was signed in, else the reader token), and whether a moderator set it. Automatically an author is `tepercaya` after `trustAfterApprovedComments` approved comments on the site with none rejected or marked spam in the last 30 days. Moderator role.',
      responses: responses({ description: 'The author’s level', schema: authorTrustSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', commentParamsSchema),
    async (c) => {
      const { site, deps } = c.var;
      return privateJson(c, await authorTrust({ db: deps.db, siteId: site.id, settings: site.settings, commentId: c.req.valid('param').id, now: requestTime(c) }));
    },
  );

  app.put(
    '/sites/:site/comments/:id/trust',
    describeRoute({
      tags,
      summary: "Set a comment author's trust level",
      description:
        '`tepercaya` lets the author past the first-comment and suspect-word holds (banned words still refuse); `baru` holds them under `first-comment` moderation whatever their record; `automatic` lets their record decide again. Applies to every comment the author posts on the site from now on. Logged. Moderator role.',
      responses: responses({ description: 'The author’s level now', schema: authorTrustSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', commentParamsSchema),
    validate('json', trustBodySchema),
    async (c) => {
      const { site, deps, principal } = c.var;
      const trust = await setAuthorTrust({
        db: deps.db,
        siteId: site.id,
        settings: site.settings,
        commentId: c.req.valid('param').id,
        choice: c.req.valid('json').level,
        actor: principal,
        now: requestTime(c),
      });
      return privateJson(c, trust);
    },
  );

  return app;
}

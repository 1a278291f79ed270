import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { requestTime } from '../../http/context';
import { privateJson } from '../../http/cache';
import { publish } from '../../http/events';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { commentParamsSchema, siteParamsSchema } from '../schemas';
import { pickBodySchema, pickResultSchema } from './schemas';
import { MAX_PICKS } from '../../comments/schemas';
import { pickComment, unpickComment } from './service';

const tags = ['Newsroom: moderation'];

/** Editor's picks (*Pilihan Redaksi*): pin and unpin, moderator role. */
export function pickRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.post(
    '/sites/:site/moderation/picks',
    describeRoute({
      tags,
      summary: "Make a comment an editor's pick",
      description: `Pins a published top-level comment as *Pilihan Redaksi*: readers see the article's picks first, badged, in the order they were picked, in the widget and the no-JavaScript fragment. At most ${MAX_PICKS} per article: one more is refused with 409 (unpick one first), as is a held, rejected or reply comment. Picking a pick again changes nothing. A pick ends when the comment is no longer published, its text is edited or it is erased. Logged; raises \`moderation.picked\`. Moderator role.`,
      responses: responses({ description: "The comment and its article's picks", schema: pickResultSchema }, [400, 401, 403, 404, 409]),
    }),
    requireRole('moderator'),
    validate('param', siteParamsSchema),
    validate('json', pickBodySchema),
    async (c) => {
      const { deps, site, principal } = c.var;
      const { result, events } = await pickComment({ db: deps.db, siteId: site.id, principal, commentId: c.req.valid('json').commentId, now: requestTime(c) });
      await publish(c, events);
      return privateJson(c, result);
    },
  );

  app.delete(
    '/sites/:site/moderation/picks/:id',
    describeRoute({
      tags,
      summary: "Take a comment off the editor's picks",
      description: 'The comment goes back to its place among the others. Unpicking a comment that is not a pick changes nothing. Logged; raises `moderation.unpicked`. Moderator role.',
      responses: responses({ description: "The comment and its article's picks", schema: pickResultSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', commentParamsSchema),
    async (c) => {
      const { deps, site, principal } = c.var;
      const { result, events } = await unpickComment({ db: deps.db, siteId: site.id, principal, commentId: c.req.valid('param').id, now: requestTime(c) });
      await publish(c, events);
      return privateJson(c, result);
    },
  );

  return app;
}

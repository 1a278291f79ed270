import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { requestTime } from '../../http/context';
import { privateJson } from '../../http/cache';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { commentParamsSchema } from '../schemas';
import { commentDetailSchema } from './schemas';
import { commentDetail } from './service';

/** One comment as its moderators see it. */
export function commentDetailRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.get(
    '/sites/:site/comments/:id',
    describeRoute({
      tags: ['Newsroom: moderation'],
      summary: 'A comment in detail',
      description:
        "Any comment of the site, whatever its status: the text, why it is held, whether its author signed in through the site's accounts (`verified`) or is muted (`authorMutedUntil`), the author's trust level (`trust`, `baru` or `tepercaya`; see `…/comments/{id}/trust`), and whether it is an editor's pick (`pickedAt`). Who wrote it is never shown. Moderator role.",
      responses: responses({ description: 'The comment', schema: commentDetailSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', commentParamsSchema),
    async (c) => privateJson(c, await commentDetail({ db: c.var.deps.db, site: c.var.site, commentId: c.req.valid('param').id, now: requestTime(c) })),
  );

  return app;
}

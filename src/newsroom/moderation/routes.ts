import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { requestTime } from '../../http/context';
import { privateJson } from '../../http/cache';
import { publish } from '../../http/events';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { commentParamsSchema, siteParamsSchema } from '../schemas';
import { actionBodySchema, actionResultSchema, logQuerySchema, logSchema, muteBodySchema, muteResultSchema, queueQuerySchema, queueSchema, unmuteResultSchema } from './schemas';
import { listQueue, moderate, moderationLog, muteReader, unmuteReader } from './service';

const tags = ['Newsroom: moderation'];

export function moderationRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.get(
    '/sites/:site/moderation/queue',
    describeRoute({
      tags,
      summary: 'The moderation queue',
      description: 'Comments held for review (`queue=pending`) or reported by readers (`queue=reported`), filtered by article, held reason or text. Sorted by due time: a report is a complaint due for a decision `complaintDeadlineHours` (48 by default) after it was filed; each item gives its earliest undecided complaint\'s `dueAt`, `msLeft` and `overdue`, and comments without complaints follow, oldest first. `after` continues with `next`. Moderator role.',
      responses: responses({ description: 'A page of the queue', schema: queueSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', siteParamsSchema),
    validate('query', queueQuerySchema),
    async (c) => {
      const query = c.req.valid('query');
      const filter = { queue: query.queue, article: query.article, reason: query.reason, text: query.q, after: query.after, limit: query.limit };
      return privateJson(c, await listQueue({ db: c.var.deps.db, siteId: c.var.site.id, filter, now: requestTime(c) }));
    },
  );

  app.post(
    '/sites/:site/moderation/actions',
    describeRoute({
      tags,
      summary: 'Approve, reject or mark comments as spam',
      description:
        'One or up to 100 comments at once. Every decision records a `reason` from the fixed list (approving: `tidak-melanggar`, the default; spam defaults to `spam`; rejecting must name the violation) and an optional `note`; the comments\' undecided complaints get the decision, which their reporters can read. `orderId` links the action to an authority order of the site (404 if there is none). Each change is logged with the key and time. Approving dismisses the reports on a comment. Moderator role.',
      responses: responses({ description: 'The comments changed', schema: actionResultSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', siteParamsSchema),
    validate('json', actionBodySchema),
    async (c) => {
      const { action, ids, reason, note, orderId } = c.req.valid('json');
      const { deps, site, principal } = c.var;
      const { result, events } = await moderate({ db: deps.db, siteId: site.id, principal, ids, action, reason, note, orderId, now: requestTime(c) });
      await publish(c, events);
      return privateJson(c, result);
    },
  );

  app.post(
    '/sites/:site/moderation/mutes',
    describeRoute({
      tags,
      summary: "Mute a comment's author",
      description: 'The reader who wrote the comment (known only by a keyed hash) cannot comment on this site for `days` days. Logged. Moderator role.',
      responses: responses({ description: 'Muted', schema: muteResultSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', siteParamsSchema),
    validate('json', muteBodySchema),
    async (c) => {
      const { commentId, days } = c.req.valid('json');
      const { deps, site, principal } = c.var;
      const { result, events } = await muteReader({ db: deps.db, siteId: site.id, principal, commentId, days, now: requestTime(c) });
      await publish(c, events);
      return privateJson(c, result);
    },
  );

  app.delete(
    '/sites/:site/moderation/mutes/:id',
    describeRoute({
      tags,
      summary: "Unmute a comment's author",
      description: 'Lifts the mute on the reader who wrote comment `id`: they may comment again at once. Their comments held while muted stay in the queue. Unmuting a reader who is not muted changes nothing (`wasMuted: false`); 404 when the comment is not on the site. Logged; raises `moderation.unmuted`. Moderator role.',
      responses: responses({ description: 'Not muted (any more)', schema: unmuteResultSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', commentParamsSchema),
    async (c) => {
      const { deps, site, principal } = c.var;
      const { result, events } = await unmuteReader({ db: deps.db, siteId: site.id, principal, commentId: c.req.valid('param').id, now: requestTime(c) });
      await publish(c, events);
      return privateJson(c, result);
    },
  );

  app.get(
    '/sites/:site/moderation/log',
    describeRoute({
      tags,
      summary: 'The moderation log',
      description: 'Who did what to which comment and when, newest first. Moderator role.',
      responses: responses({ description: 'Log entries', schema: logSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', siteParamsSchema),
    validate('query', logQuerySchema),
    async (c) => {
      const { before, limit } = c.req.valid('query');
      return privateJson(c, await moderationLog({ db: c.var.deps.db, siteId: c.var.site.id, before, limit }));
    },
  );

  return app;
}

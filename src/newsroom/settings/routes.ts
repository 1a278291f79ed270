import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../../http/cache';
import { publish } from '../../http/events';
import { publicBase, requestTime } from '../../http/context';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { limitStats } from '../../ratelimit/service';
import { siteParamsSchema } from '../schemas';
import {
  addReactionBodySchema,
  articleStateBodySchema,
  articleStateParamsSchema,
  articleStateSchema,
  reactionParamsSchema,
  reorderBodySchema,
  settingsPatchBodySchema,
  limitsFiredSchema,
  siteSettingsDetailSchema,
  siteSettingsViewSchema,
  updateReactionBodySchema,
} from './schemas';
import { addReaction, reorderReactions, setArticleState, settingsDetail, updateReaction, updateSettings } from './service';

const tags = ['Newsroom: settings'];

export function settingsRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.get(
    '/sites/:site/settings',
    describeRoute({
      tags,
      summary: "A site's settings and reactions",
      description:
        'Allowed origins, locale, time zone, moderation mode, word lists, caps and rate limits, result visibility, and every reaction (retired ones included). `install` holds the tags to paste (script, iframe, AMP, noscript) for this server\'s public URL; `lastSeen` the newest pages (origin and path) where the widget loaded and the origins refused because they are not on the list, with counts. Admin role.',
      responses: responses({ description: 'Settings', schema: siteSettingsDetailSchema }, [401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    async (c) => privateJson(c, await settingsDetail({ db: c.var.deps.db, site: c.var.site, base: publicBase(c) })),
  );

  app.get(
    '/sites/:site/settings/limits',
    describeRoute({
      tags,
      summary: 'How often the limits fired',
      description:
        'For each limiter policy (vote, comment, like, report), how many requests it refused on this site per UTC day over the last seven days. The ceilings themselves are in the settings. Admin role.',
      responses: responses({ description: 'Refusals per policy and day', schema: limitsFiredSchema }, [401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    async (c) => privateJson(c, { fired: await limitStats({ db: c.var.deps.db, siteId: c.var.site.id, now: requestTime(c) }) }),
  );

  app.patch(
    '/sites/:site/settings',
    describeRoute({
      tags,
      summary: 'Change settings',
      description: 'Changes only the fields sent; `settings` merges into the stored settings. Admin role.',
      responses: responses({ description: 'The new settings', schema: siteSettingsViewSchema }, [400, 401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    validate('json', settingsPatchBodySchema),
    async (c) => {
      const { settings, events } = await updateSettings({ db: c.var.deps.db, site: c.var.site, patch: c.req.valid('json') });
      await publish(c, events);
      return privateJson(c, settings);
    },
  );

  app.post(
    '/sites/:site/reactions',
    describeRoute({
      tags,
      summary: 'Add a reaction',
      description: 'Appends a reaction; its key is permanent. Admin role.',
      responses: responses({ status: 201, description: 'The new settings', schema: siteSettingsViewSchema }, [400, 401, 403, 404, 409, 422]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    validate('json', addReactionBodySchema),
    async (c) => {
      const { settings, events } = await addReaction({ db: c.var.deps.db, site: c.var.site, reaction: c.req.valid('json') });
      await publish(c, events);
      return c.json(settings, 201);
    },
  );

  app.patch(
    '/sites/:site/reactions/:key',
    describeRoute({
      tags,
      summary: 'Relabel, retire or restore a reaction',
      description: 'Changes labels or emoji, or retires (`active: false`) / restores it. Votes are kept under the key, so counts never move. Admin role.',
      responses: responses({ description: 'The new settings', schema: siteSettingsViewSchema }, [400, 401, 403, 404, 422]),
    }),
    requireRole('admin'),
    validate('param', reactionParamsSchema),
    validate('json', updateReactionBodySchema),
    async (c) => {
      const { settings, events } = await updateReaction({ db: c.var.deps.db, site: c.var.site, key: c.req.valid('param').key, change: c.req.valid('json') });
      await publish(c, events);
      return privateJson(c, settings);
    },
  );

  app.put(
    '/sites/:site/reactions/order',
    describeRoute({
      tags,
      summary: 'Reorder reactions',
      description: 'Sets the display order; `keys` must list every active reaction once. Admin role.',
      responses: responses({ description: 'The new settings', schema: siteSettingsViewSchema }, [400, 401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    validate('json', reorderBodySchema),
    async (c) => {
      const { settings, events } = await reorderReactions({ db: c.var.deps.db, site: c.var.site, keys: c.req.valid('json').keys });
      await publish(c, events);
      return privateJson(c, settings);
    },
  );

  app.patch(
    '/sites/:site/articles/:article',
    describeRoute({
      tags,
      summary: "Close or reopen an article's poll or comments",
      description:
        'Moderator role: closing comments on a heated story is part of moderation. `comments` is `open` (kept open past the site\'s closing schedule), `closed`, or `automatic` (the schedule decides: `closeCommentsAfterDays` after the first vote); `commentsOpen: true|false` is the older spelling of open and closed. The answer gives `commentsOpen` now and `commentsClosesAt`, when the schedule closes them.',
      responses: responses({ description: 'The article state', schema: articleStateSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', articleStateParamsSchema),
    validate('json', articleStateBodySchema),
    async (c) => {
      const { state, events } = await setArticleState({ db: c.var.deps.db, ballots: c.var.deps.ballots, site: c.var.site, externalId: c.req.valid('param').article, ...c.req.valid('json'), now: requestTime(c) });
      await publish(c, events);
      return privateJson(c, state);
    },
  );

  return app;
}

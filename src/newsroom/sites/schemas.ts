import * as v from 'valibot';
import { DEFAULT_REACTION_SET, MAX_ACTIVE_REACTIONS, reactionSetNames } from '../../sites/reaction-sets';
import { localeSchema, newSiteIdSchema, originsSchema, siteNameSchema, timeZoneSchema } from '../../sites/schemas';
import { addReactionBodySchema } from '../settings/schemas';

const reactionSetSchema = v.picklist([...reactionSetNames, 'custom'], `reactionSet must be ${reactionSetNames.join(', ')} or custom.`);

const customReactionsSchema = v.pipe(
  v.array(addReactionBodySchema, 'reactions must be a list of { key, labels: { id, en }, emoji }.'),
  v.minLength(1, 'reactions needs at least one reaction.'),
  v.maxLength(MAX_ACTIVE_REACTIONS, `at most ${MAX_ACTIVE_REACTIONS} reactions.`),
  v.check((list) => new Set(list.map((reaction) => reaction.key)).size === list.length, 'each reaction key must be used once.'),
);

/**
 * A new site: `id`, `name` and `origins` are required; the language defaults to `id`, the time
 * zone to Asia/Jakarta and the reactions to the 8-reaction Indonesian set. `reactions` is sent
 * with `reactionSet: "custom"` and only then.
 */
export const createSiteBodySchema = v.pipe(
  v.strictObject(
    {
      id: newSiteIdSchema,
      name: siteNameSchema,
      origins: originsSchema,
      defaultLocale: v.optional(localeSchema, 'id'),
      timeZone: v.optional(timeZoneSchema, 'Asia/Jakarta'),
      reactionSet: v.optional(reactionSetSchema, DEFAULT_REACTION_SET),
      reactions: v.optional(customReactionsSchema),
    },
    'Unknown field: send only id, name, origins, defaultLocale, timeZone, reactionSet and reactions.',
  ),
  v.forward(
    v.partialCheck(
      [['reactionSet'], ['reactions']],
      (body) => (body.reactionSet === 'custom') === (body.reactions !== undefined),
      'reactions is required with reactionSet "custom", and only then.',
    ),
    ['reactions'],
  ),
);

export type CreateSiteInput = v.InferOutput<typeof createSiteBodySchema>;

/** What a site admin may change about the site itself; settings and reactions have their own routes. */
export const sitePatchBodySchema = v.pipe(
  v.strictObject(
    {
      name: v.optional(siteNameSchema),
      origins: v.optional(originsSchema),
      defaultLocale: v.optional(localeSchema),
      timeZone: v.optional(timeZoneSchema),
    },
    'Unknown field: send only name, origins, defaultLocale and timeZone.',
  ),
  v.check((body) => Object.values(body).some((value) => value !== undefined), 'Send at least one of name, origins, defaultLocale or timeZone.'),
);

/** Deleting asks for the site id again, so a slip of the keyboard deletes nothing. */
export const deleteSiteBodySchema = v.strictObject(
  {
    confirm: v.pipe(v.string('confirm must be a string: the site id, typed again.'), v.maxLength(100, 'confirm must be the site id, typed again.')),
  },
  'Unknown field: send only confirm (the site id, typed again).',
);

const reactionViewSchema = v.object({
  key: v.string(),
  labels: v.object({ id: v.string(), en: v.string() }),
  emoji: v.string(),
  position: v.number(),
  active: v.boolean(),
});

export const siteSummarySchema = v.object({
  id: v.string(),
  name: v.string(),
  origins: v.array(v.string()),
  defaultLocale: localeSchema,
  timeZone: v.string(),
  createdAt: v.number(),
});

export const siteViewSchema = v.object({
  ...siteSummarySchema.entries,
  reactions: v.array(reactionViewSchema),
});

/** What a site holds, i.e. what deleting it would remove for good. */
export const siteHoldingsSchema = v.object({
  articles: v.number(),
  votes: v.number(),
  comments: v.number(),
  keys: v.number(),
});

export const siteDescriptionSchema = v.object({
  ...siteViewSchema.entries,
  holds: siteHoldingsSchema,
});

export const siteListSchema = v.object({ sites: v.array(siteSummarySchema) });

export const deletedSiteSchema = v.object({ deleted: v.string(), removed: siteHoldingsSchema });

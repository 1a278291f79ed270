import * as v from 'valibot';
import { articleIdSchema, wellFormedText } from '../../http/schemas';
import { policyNames } from '../../ratelimit/service';
import { localeSchema, originsSchema, siteNameSchema, siteSettingsSchema, timeZoneSchema } from '../../sites/schemas';

/** House rules change only through their own route, which versions them (src/comments/rules.ts). */
const patchableSettings = v.omit(siteSettingsSchema, ['houseRules']);

/**
 * A settings patch: the same fields and rules as stored settings, each optional and without
 * defaults, so a patch changes only what it names.
 */
const settingsPatchSchema = v.strictObject(
  Object.fromEntries(
    Object.entries(patchableSettings.entries).map(([key, schema]) => [key, v.optional((schema as unknown as { wrapped: v.GenericSchema }).wrapped)]),
  ) as { [K in keyof typeof patchableSettings.entries]: v.OptionalSchema<(typeof patchableSettings.entries)[K]['wrapped'], undefined> },
  'settings may only contain known settings.',
);

export const settingsPatchBodySchema = v.strictObject(
  {
    name: v.optional(siteNameSchema),
    origins: v.optional(originsSchema),
    defaultLocale: v.optional(localeSchema),
    timeZone: v.optional(timeZoneSchema),
    settings: v.optional(settingsPatchSchema),
  },
  'Unknown field: send only name, origins, defaultLocale, timeZone and settings.',
);

export type SettingsPatch = v.InferOutput<typeof settingsPatchBodySchema>;

export const reactionKeySchema = v.pipe(
  v.string('key must be a string.'),
  v.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'key must be 1–32 lowercase letters, digits or hyphens, starting with a letter or digit.'),
);

const labelSchema = v.pipe(v.string(), v.trim(), v.minLength(1, 'label must not be empty.'), v.maxLength(40, 'label must be at most 40 characters.'), v.regex(/^[^\p{Cc}]*$/u, 'label must not contain control characters.'), wellFormedText('label'));
const emojiSchema = v.pipe(v.string('emoji must be a string.'), v.minLength(1, 'emoji must not be empty.'), v.maxLength(16, 'emoji must be at most 16 characters.'), v.regex(/^[^\p{Cc}]*$/u, 'emoji must not contain control characters.'), wellFormedText('emoji'));

export const addReactionBodySchema = v.object({
  key: reactionKeySchema,
  labels: v.object({ id: labelSchema, en: labelSchema }),
  emoji: emojiSchema,
});

export const updateReactionBodySchema = v.strictObject(
  {
    labels: v.optional(v.object({ id: labelSchema, en: labelSchema })),
    emoji: v.optional(emojiSchema),
    active: v.optional(v.boolean('active must be true or false.')),
  },
  'Unknown field: send labels, emoji or active.',
);

export const reorderBodySchema = v.object({
  keys: v.pipe(v.array(reactionKeySchema), v.minLength(1, 'keys must list the reactions in their new order.')),
});

export const reactionParamsSchema = v.object({ site: v.string(), key: reactionKeySchema });

/** A moderator's choice for an article's comments (src/articles/closing.ts). */
export const commentsOverrideSchema = v.picklist(['open', 'closed', 'automatic'], 'comments must be open, closed or automatic.');

/**
 * `comments` chooses open, closed or automatic (the site's closing schedule); `commentsOpen`
 * is the older spelling of open (true) or closed (false), so only one of them may be sent.
 */
export const articleStateBodySchema = v.pipe(
  v.strictObject(
    {
      pollOpen: v.optional(v.boolean('pollOpen must be true or false.')),
      commentsOpen: v.optional(v.boolean('commentsOpen must be true or false.')),
      comments: v.optional(commentsOverrideSchema),
    },
    'Unknown field: send pollOpen, comments or commentsOpen.',
  ),
  v.check((body) => body.pollOpen !== undefined || body.commentsOpen !== undefined || body.comments !== undefined, 'Send pollOpen, comments or commentsOpen.'),
  v.forward(
    v.partialCheck([['comments'], ['commentsOpen']], (body) => body.comments === undefined || body.commentsOpen === undefined, 'Send comments or commentsOpen, not both.'),
    ['comments'],
  ),
  v.transform(({ pollOpen, commentsOpen, comments }) => ({
    pollOpen,
    comments: comments ?? (commentsOpen === undefined ? undefined : commentsOpen ? ('open' as const) : ('closed' as const)),
  })),
);

export const articleStateParamsSchema = v.object({ site: v.string(), article: articleIdSchema });

const reactionSchema = v.object({
  key: v.string(),
  labels: v.object({ id: v.string(), en: v.string() }),
  emoji: v.string(),
  position: v.number(),
  active: v.boolean(),
});

export const siteSettingsViewSchema = v.object({
  id: v.string(),
  name: v.string(),
  origins: v.array(v.string()),
  defaultLocale: v.picklist(['id', 'en']),
  timeZone: v.string(),
  settings: siteSettingsSchema,
  reactions: v.array(reactionSchema),
});

/** The settings page's answer: the settings plus how to install the widget and where it was last seen. */
export const siteSettingsDetailSchema = v.object({
  ...siteSettingsViewSchema.entries,
  install: v.object({ script: v.string(), iframe: v.string(), amp: v.string(), noscript: v.string() }),
  lastSeen: v.object({
    pages: v.array(v.object({ origin: v.string(), path: v.string(), lastSeenAt: v.number() })),
    refusals: v.array(v.object({ origin: v.string(), count: v.number(), lastSeenAt: v.number() })),
  }),
  /** When the SSO secret was last made (epoch ms), or null: the secret itself is shown only when made. */
  ssoSecretRotatedAt: v.nullable(v.number()),
});

/** An article's state: `commentsOpen` at the request's time, the moderator's choice, and when the schedule closes the comments (epoch ms; null: it will not). */
export const articleStateSchema = v.object({
  id: v.string(),
  pollOpen: v.boolean(),
  commentsOpen: v.boolean(),
  comments: commentsOverrideSchema,
  commentsClosesAt: v.nullable(v.number()),
});

/** How often each limiter policy refused requests on the site, per UTC day (last seven days, newest first). */
export const limitsFiredSchema = v.object({
  fired: v.array(v.object({ policy: v.picklist(policyNames), day: v.string(), count: v.number() })),
});

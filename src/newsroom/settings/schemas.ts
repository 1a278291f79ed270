import * as v from 'valibot';
import { articleIdSchema, wellFormedText } from '../../http/schemas';
import { policyNames } from '../../ratelimit/service';
import { siteSettingsSchema } from '../../sites/schemas';

/** `https://example.com`, `http://localhost:*` (any port) or `https://*.example.com` (subdomains). */
const originSchema = v.pipe(
  v.string('each origin must be a string.'),
  v.regex(
    /^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$|^https?:\/\/\[[0-9a-f:]+\](:(\d{1,5}|\*))?$/i,
    'each origin must look like https://news.example, https://*.news.example or http://localhost:* (scheme and host, no path).',
  ),
);

const timeZoneSchema = v.pipe(
  v.string('timeZone must be a string.'),
  v.check((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'timeZone must be an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura.'),
);

/**
 * A settings patch: the same fields and rules as stored settings, each optional and without
 * defaults, so a patch changes only what it names.
 */
const settingsPatchSchema = v.strictObject(
  Object.fromEntries(
    Object.entries(siteSettingsSchema.entries).map(([key, schema]) => [key, v.optional((schema as unknown as { wrapped: v.GenericSchema }).wrapped)]),
  ) as { [K in keyof typeof siteSettingsSchema.entries]: v.OptionalSchema<(typeof siteSettingsSchema.entries)[K]['wrapped'], undefined> },
  'settings may only contain known settings.',
);

export const settingsPatchBodySchema = v.strictObject(
  {
    name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'name must not be empty.'), v.maxLength(100, 'name must be at most 100 characters.'), v.regex(/^[^\p{Cc}]*$/u, 'name must not contain control characters.'), wellFormedText('name'))),
    origins: v.optional(v.pipe(v.array(originSchema), v.minLength(1, 'origins needs at least one origin.'), v.maxLength(50, 'at most 50 origins.'))),
    defaultLocale: v.optional(v.picklist(['id', 'en'], 'defaultLocale must be id or en.')),
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

export const articleStateBodySchema = v.pipe(
  v.strictObject(
    {
      pollOpen: v.optional(v.boolean('pollOpen must be true or false.')),
      commentsOpen: v.optional(v.boolean('commentsOpen must be true or false.')),
    },
    'Unknown field: send pollOpen and/or commentsOpen.',
  ),
  v.check((body) => body.pollOpen !== undefined || body.commentsOpen !== undefined, 'Send pollOpen and/or commentsOpen.'),
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

export const articleStateSchema = v.object({ id: v.string(), pollOpen: v.boolean(), commentsOpen: v.boolean() });

/** How often each limiter policy refused requests on the site, per UTC day (last seven days, newest first). */
export const limitsFiredSchema = v.object({
  fired: v.array(v.object({ policy: v.picklist(policyNames), day: v.string(), count: v.number() })),
});

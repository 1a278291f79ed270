import * as v from 'valibot';
import { wellFormedText } from '../http/schemas';

/** A site's id as it appears in URLs and `data-site`. */
export const siteIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Site ids are 1–63 lowercase letters, digits or hyphens.'),
);

/** A word for the comment filters; a lone surrogate would be stored as U+FFFD and never match. */
const wordSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64), wellFormedText('each word'));

/** A word list; bounded so each compiled matcher (cached per list) stays small. */
const wordListSchema = (field: string) => v.pipe(v.array(wordSchema), v.maxLength(500, `${field} may hold at most 500 words.`));

const count = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/**
 * Per-site settings, stored as JSON on `sites.settings`. Every key is optional in storage and
 * falls back to these defaults, so adding a setting never needs a data migration.
 */
export const siteSettingsSchema = v.object({
  /** Show percents to everyone, or only after the reader has voted (or the poll is closed). */
  resultVisibility: v.optional(v.picklist(['always', 'after-vote']), 'always'),
  /**
   * Distinct reader tokens one network key may vote with on one article per day. Generous by
   * default: Indonesian mobile carriers put many readers behind one address.
   */
  votesPerNetworkPerDay: v.optional(count(1, 1_000_000), 50),
  commentsEnabled: v.optional(v.boolean(), true),
  moderationMode: v.optional(v.picklist(['post', 'pre', 'first-comment']), 'post'),
  editWindowMinutes: v.optional(count(0, 1440), 15),
  reportThreshold: v.optional(count(1, 1000), 3),
  commentIntervalSeconds: v.optional(count(0, 86_400), 30),
  commentsPerDay: v.optional(count(1, 100_000), 30),
  /** Null means the shipped default lists for Indonesian and English. */
  bannedWords: v.optional(v.nullable(wordListSchema('bannedWords')), null),
  suspectWords: v.optional(v.nullable(wordListSchema('suspectWords')), null),
});

export type SiteSettings = v.InferOutput<typeof siteSettingsSchema>;

export const defaultSiteSettings: SiteSettings = v.parse(siteSettingsSchema, {});

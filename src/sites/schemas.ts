import * as v from 'valibot';
import { wellFormedText } from '../http/schemas';

/** A site's id as it appears in URLs and `data-site`. */
export const siteIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Site ids are 1–63 lowercase letters, digits or hyphens.'),
);

/** A word for the comment filters; a lone surrogate would be stored as U+FFFD and never match. */
const wordSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64), wellFormedText('each word'));

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
  /** Distinct networks, and distinct addresses, whose reports hold a comment for review. */
  reportThreshold: v.optional(count(1, 1000), 3),
  commentIntervalSeconds: v.optional(count(0, 86_400), 30),
  commentsPerDay: v.optional(count(1, 100_000), 30),
  /**
   * Soft ceilings per address (an IPv6 /64) per day, the limits rotating a User-Agent or token
   * does not reset: past one, each vote or comment from the address needs a solved challenge
   * (about a second of a browser's work); `hardCeilingFactor` times it, nothing passes. Votes
   * and likes count per article or comment, comments per site. See docs/SECURITY.md.
   */
  votesPerAddressPerDay: v.optional(count(0, 1_000_000), 150),
  commentsPerAddressPerDay: v.optional(count(0, 100_000), 60),
  likesPerAddressPerDay: v.optional(count(1, 1_000_000), 150),
  hardCeilingFactor: v.optional(count(1, 1000), 10),
  /** Reports one network may file on one article's comments per day. */
  reportsPerNetworkPerDay: v.optional(count(1, 1000), 3),
  /** Null means the shipped default lists for Indonesian and English. */
  bannedWords: v.optional(v.nullable(v.array(wordSchema)), null),
  suspectWords: v.optional(v.nullable(v.array(wordSchema)), null),
});

export type SiteSettings = v.InferOutput<typeof siteSettingsSchema>;

export const defaultSiteSettings: SiteSettings = v.parse(siteSettingsSchema, {});

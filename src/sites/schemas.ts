import * as v from 'valibot';
import { wellFormedText } from '../http/schemas';
import { normalizeOrigin } from '../lib/origins';

/** A site's id as it appears in URLs and `data-site`. */
export const siteIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Site ids are 1–63 lowercase letters, digits or hyphens.'),
);

/** A word for the comment filters; a lone surrogate would be stored as U+FFFD and never match. */
const wordSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64), wellFormedText('each word'));

/** A word list; bounded so each compiled matcher (cached per list) stays small. */
const wordListSchema = (field: string) => v.pipe(v.array(wordSchema), v.maxLength(500, `${field} may hold at most 500 words.`));

/** An absolute https URL (http only on loopback, for development), one line, at most 500 characters. */
export const siteLinkSchema = (field: string) =>
  v.pipe(
    v.string(`${field} must be a string.`),
    v.maxLength(500, `${field} must be at most 500 characters.`),
    v.url(`${field} must be an absolute URL.`),
    v.regex(/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/)/i, `${field} must start with https:// (http:// only for localhost).`),
    wellFormedText(field),
  );

const ssoLoginUrlSchema = siteLinkSchema('ssoLoginUrl');

/** House rules text, one language: plain text, at most 2,000 characters. */
export const rulesTextSchema = (field: string) =>
  v.pipe(
    v.string(`${field} must be a string.`),
    v.trim(),
    v.minLength(1, `${field} must not be empty.`),
    v.maxLength(2000, `${field} must be at most 2,000 characters.`),
    v.regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/u, `${field} must be plain text without control characters.`),
    wellFormedText(field),
  );

const storedHouseRulesSchema = v.object({
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  text: v.nullable(v.object({ id: rulesTextSchema('text.id'), en: rulesTextSchema('text.en') })),
  url: v.nullable(siteLinkSchema('url')),
  updatedAt: v.number(),
});

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
  /**
   * Hours a moderator has to decide on a complaint (a reader's report) after it is filed: 48,
   * the Pedoman Pemberitaan Media Siber's 2×24 hours, unless the site promises sooner.
   */
  complaintDeadlineHours: v.optional(count(1, 720), 48),
  /** Reports one network may file on one article's comments per day. */
  reportsPerNetworkPerDay: v.optional(count(1, 1000), 3),
  /**
   * Approved comments (on this site) that make an author *tepercaya*, provided none of theirs
   * was rejected in the last 30 days; a moderator's explicit level wins (src/comments/trust.ts).
   */
  trustAfterApprovedComments: v.optional(count(1, 1000), 3),
  /**
   * Comments close this many days after the article's first vote; 0 never. A moderator's
   * per-article choice wins (src/articles/closing.ts).
   */
  closeCommentsAfterDays: v.optional(count(0, 3650), 0),
  /** Null means the shipped default lists for Indonesian and English. */
  bannedWords: v.optional(v.nullable(wordListSchema('bannedWords')), null),
  suspectWords: v.optional(v.nullable(wordListSchema('suspectWords')), null),
  /**
   * Who may comment: anyone (`anonymous`), anyone with a verified badge for readers signed in
   * through the site's own accounts (`sso-optional`), or signed-in readers only
   * (`sso-required`, as Dewan Pers' Pedoman Pemberitaan Media Siber asks). See src/sso/README.md.
   */
  commentIdentity: v.optional(v.picklist(['anonymous', 'sso-optional', 'sso-required'], 'commentIdentity must be "anonymous", "sso-optional" or "sso-required".'), 'anonymous'),
  /** Where "Masuk untuk berkomentar" sends a reader: the site's own login page. */
  ssoLoginUrl: v.optional(v.nullable(ssoLoginUrlSchema), null),
  /**
   * The house rules shown at the comment form. Set only through the rules route, which bumps
   * `version` whenever the text changes; `text` null means the site shows none (the version
   * is kept, so rules added again never match an old agreement).
   */
  houseRules: v.optional(v.nullable(storedHouseRulesSchema), null),
  /**
   * Retention, enforced by the scheduled clean-up (sites/retention.ts). Comments held for review
   * and never decided are deleted this many days after they were last held or edited.
   */
  heldCommentRetentionDays: v.optional(count(1, 3650), 90),
  /** Rejected and spam comments are deleted this many days after the decision. */
  rejectedCommentRetentionDays: v.optional(count(1, 3650), 90),
  /**
   * The limiter's log of network, address and reader keys (`rate_limits`) is kept at most this
   * many days; it names no site, so the shortest of any site applies. The daily salt already
   * makes a key unlinkable after two days; this bounds the rows themselves, even on a day
   * without traffic.
   */
  networkKeyRetentionDays: v.optional(count(1, 30), 2),
});

export type SiteSettings = v.InferOutput<typeof siteSettingsSchema>;

export const defaultSiteSettings: SiteSettings = v.parse(siteSettingsSchema, {});

/** A site id as a new site may take it: a lowercase slug that neither starts nor ends with a hyphen. */
export const newSiteIdSchema = v.pipe(
  v.string('id must be a string.'),
  v.regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'id must be 1–63 lowercase letters, digits or hyphens, not starting or ending with a hyphen (e.g. kabar-kita).'),
);

export const siteNameSchema = v.pipe(
  v.string('name must be a string.'),
  v.trim(),
  v.minLength(1, 'name must not be empty.'),
  v.maxLength(100, 'name must be at most 100 characters.'),
  v.regex(/^[^\p{Cc}]*$/u, 'name must not contain control characters.'),
  wellFormedText('name'),
);

/** `https://example.com`, `http://localhost:*` (any port) or `https://*.example.com` (subdomains), stored normalised. */
const originSchema = v.pipe(
  v.string('each origin must be a string.'),
  v.maxLength(200, 'each origin must be at most 200 characters.'),
  v.check(
    (origin) => normalizeOrigin(origin) !== null,
    'each origin must look like https://news.example, https://*.news.example or http://localhost:* (scheme and host, no path).',
  ),
  v.transform((origin) => normalizeOrigin(origin) as string),
);

/** A site's allowed origins: 1–50, normalised and without duplicates. */
export const originsSchema = v.pipe(
  v.array(originSchema, 'origins must be a list of origins.'),
  v.minLength(1, 'origins needs at least one origin.'),
  v.maxLength(50, 'at most 50 origins.'),
  v.transform((origins) => [...new Set(origins)]),
);

export const timeZoneSchema = v.pipe(
  v.string('timeZone must be a string.'),
  v.maxLength(64, 'timeZone must be at most 64 characters.'),
  v.check((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'timeZone must be an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura.'),
);

export const localeSchema = v.picklist(['id', 'en'], 'defaultLocale must be id or en.');

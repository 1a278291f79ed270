import * as v from 'valibot';

/**
 * Refuses strings with a lone UTF-16 surrogate, which JSON can carry but UTF-8 (SQLite, every
 * response) cannot: stored, it would silently become U+FFFD. Apply to every stored text field.
 */
export function wellFormedText(field: string) {
  return v.check<string, string>(
    (text) => !/[\uD800-\uDFFF]/u.test(text),
    `${field} must be valid Unicode text (no lone surrogate characters).`,
  );
}

export const localeSchema = v.picklist(['id', 'en'], 'lang must be "id" or "en".');

/** The reader token a browser makes for itself: at least 128 random bits, base64url. */
export const readerTokenSchema = v.pipe(
  v.string('reader must be a string.'),
  v.regex(/^[A-Za-z0-9_-]{22,64}$/, 'reader must be 22–64 base64url characters (at least 128 random bits).'),
);

/** The article id a page gives: 1–128 printable characters. */
export const articleIdSchema = v.pipe(
  v.string(),
  v.minLength(1, 'article id must not be empty.'),
  v.maxLength(128, 'article id must be at most 128 characters.'),
  v.regex(/^[^\p{C}]+$/u, 'article id must contain printable characters only.'),
);

export const pageUrlSchema = v.pipe(
  v.string('url must be a string.'),
  v.maxLength(2048, 'url must be at most 2048 characters.'),
  v.url('url must be an absolute URL.'),
  wellFormedText('url'),
  v.regex(/^https?:\/\//i, 'url must start with http:// or https://.'),
);

export const pageTitleSchema = v.pipe(
  v.string('title must be a string.'),
  v.maxLength(300, 'title must be at most 300 characters.'),
  v.regex(/^[^\p{Cc}]*$/u, 'title must not contain control characters.'),
  wellFormedText('title'),
);

/** Longest section name kept; the widget cuts page metadata to these lengths before sending. */
export const MAX_SECTION_LENGTH = 80;
/** Longest byline kept (several names fit). */
export const MAX_AUTHOR_LENGTH = 120;

/** A page label as stored: white space trimmed and folded to single spaces; "" means none. */
export function foldPageLabel(text: string): string | undefined {
  return text.replace(/\s+/g, ' ').trim() || undefined;
}

/**
 * One line of page metadata, a section or a byline, as `<meta>` tags and `data-*` give it:
 * white space is trimmed and folded (CMS templates wrap attributes), and an empty value means
 * the page gives none.
 */
function pageLabelSchema(field: string, max: number) {
  return v.pipe(
    v.string(`${field} must be a string.`),
    v.transform((text) => foldPageLabel(text) ?? ''),
    v.maxLength(max, `${field} must be at most ${max} characters.`),
    v.regex(/^[^\p{Cc}]*$/u, `${field} must not contain control characters.`),
    wellFormedText(field),
    v.transform((text) => text || undefined),
  );
}

export const sectionSchema = pageLabelSchema('section', MAX_SECTION_LENGTH);
export const authorSchema = pageLabelSchema('author', MAX_AUTHOR_LENGTH);

/** ISO 8601 date-time in the RFC 3339 profile: a calendar date, a time, and Z or an offset. */
const ISO_DATE_TIME = /^([1-9]\d{3})-(\d\d)-(\d\d)T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|([+-])(0\d|1[0-4]):([0-5]\d))$/i;

/**
 * Epoch ms of an ISO 8601 date-time, or NaN when the text is not one or names a day that does
 * not exist (2026-02-30). Parsed by hand because `Date.parse` accepts (and rolls over) both.
 */
export function parseDateTime(text: string): number {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return Number.NaN;
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone, sign, offsetHours, offsetMinutes] = match;
  const date = Date.UTC(+year!, +month! - 1, +day!);
  if (new Date(date).getUTCMonth() !== +month! - 1 || new Date(date).getUTCDate() !== +day!) return Number.NaN;
  const offset = zone!.toUpperCase() === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (+offsetHours! * 60 + +offsetMinutes!) * 60_000;
  return date + ((+hour! * 60 + +minute!) * 60 + +second!) * 1000 + Math.floor(+`0.${fraction}` * 1000) - offset;
}

/** Earliest publication time accepted: older pages are digitized print, not a page's own time. */
export const EARLIEST_PUBLISHED_AT = Date.UTC(1900, 0, 1);
/** How far ahead of now a publication time may be: scheduled posts and clock skew, not years. */
export const PUBLISHED_AT_LEEWAY_MS = 86_400_000;

/** `article:published_time`: an ISO 8601 date-time with a zone, between 1900 and tomorrow; epoch ms out. */
export const publishedAtSchema = v.pipe(
  v.string('publishedAt must be a string.'),
  v.maxLength(40, 'publishedAt must be at most 40 characters.'),
  v.transform(parseDateTime),
  v.check((at) => !Number.isNaN(at), 'publishedAt must be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T10:00:00+07:00.'),
  v.check(
    // Not a date at all is reported by the check above, once.
    (at) => Number.isNaN(at) || (at >= EARLIEST_PUBLISHED_AT && at <= Date.now() + PUBLISHED_AT_LEEWAY_MS),
    'publishedAt must be between 1900-01-01 and one day from now.',
  ),
);

/** What a page tells about its article, sent with the poll read, a vote and a comment. */
export const pageMetadataEntries = {
  url: v.optional(pageUrlSchema),
  title: v.optional(pageTitleSchema),
  section: v.optional(sectionSchema),
  author: v.optional(authorSchema),
  publishedAt: v.optional(publishedAtSchema),
};

export const errorEnvelopeSchema = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    details: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
    requestId: v.string(),
  }),
});

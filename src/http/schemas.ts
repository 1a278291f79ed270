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

export const sectionSchema = v.pipe(
  v.string('section must be a string.'),
  v.minLength(1),
  v.maxLength(64, 'section must be at most 64 characters.'),
  v.regex(/^[^\p{Cc}]*$/u, 'section must not contain control characters.'),
  wellFormedText('section'),
);

export const errorEnvelopeSchema = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    details: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
    requestId: v.string(),
  }),
});

import { proofSchema } from '../ratelimit/schemas';
import * as v from 'valibot';
import { articleIdSchema, localeSchema, pageMetadataEntries, readerTokenSchema } from '../http/schemas';
import { siteIdSchema } from '../sites/schemas';
import { ssoTokenSchema } from '../sso/schemas';

/** An author's trust level on a site (src/comments/trust.ts): `baru` (new) or `tepercaya` (trusted). */
export const trustLevelSchema = v.picklist(['baru', 'tepercaya']);

/** Most comments a page may hold; keeps every page one cheap index range. */
export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;
/** Replies shipped inline with each top-level comment; the rest come from the replies route. */
export const INLINE_REPLIES = 3;
/** Editor's picks per article (*Pilihan Redaksi*), shown first: few enough to stay a highlight, not a second list. */
export const MAX_PICKS = 3;

const codePoints = (text: string) => [...text].length;

/** Control characters other than tab and line breaks, and lone surrogates, cannot be stored faithfully. */
const UNSTORABLE_BODY = /[\p{Cs}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;
/** Names are one line, and may not flip text direction around them. */
const UNSTORABLE_NAME = /[\p{Cs}\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

export const commentBodySchema = v.pipe(
  v.string('body must be a string.'),
  v.check((text) => codePoints(text) >= 1 && text.trim() !== '', 'body must not be empty.'),
  v.check((text) => codePoints(text) <= 2000, 'body must be at most 2,000 characters.'),
  v.check((text) => !UNSTORABLE_BODY.test(text), 'body must be plain text without control characters.'),
);

export const displayNameSchema = v.pipe(
  v.string('name must be a string.'),
  v.trim(),
  v.check((text) => codePoints(text) >= 1, 'name must not be empty.'),
  v.check((text) => codePoints(text) <= 40, 'name must be at most 40 characters.'),
  v.check((text) => !UNSTORABLE_NAME.test(text), 'name must be one line of text without control characters.'),
);

const commentIdSchema = v.pipe(
  v.string(),
  v.regex(/^[1-9]\d{0,15}$/, 'comment id must be a positive whole number.'),
  v.transform(Number),
);

const editTokenSchema = v.pipe(
  v.string('editToken must be a string.'),
  v.regex(/^[A-Za-z0-9_-]{32}$/, 'editToken must be the 32-character token returned when the comment was posted.'),
);

export const articleCommentsParamsSchema = v.object({ site: siteIdSchema, article: articleIdSchema });
export const commentParamsSchema = v.object({ site: siteIdSchema, id: commentIdSchema });
export const siteParamsSchema = v.object({ site: siteIdSchema });

export const commentSortSchema = v.picklist(['newest', 'oldest', 'top'], 'sort must be "newest", "oldest" or "top".');
export type CommentSort = v.InferOutput<typeof commentSortSchema>;

const pageSizeSchema = v.pipe(
  v.string(),
  v.regex(/^\d{1,3}$/, `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`),
  v.transform(Number),
  v.minValue(1, `limit must be from 1 to ${MAX_PAGE_SIZE}.`),
  v.maxValue(MAX_PAGE_SIZE, `limit must be from 1 to ${MAX_PAGE_SIZE}.`),
);

const cursorSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,200}$/, 'cursor must be the opaque value of nextCursor.'));

export const listQuerySchema = v.object({
  sort: v.optional(commentSortSchema, 'newest'),
  cursor: v.optional(cursorSchema),
  limit: v.optional(pageSizeSchema),
  reader: v.optional(readerTokenSchema),
  lang: v.optional(localeSchema),
});

export const repliesQuerySchema = v.object({
  cursor: v.optional(cursorSchema),
  limit: v.optional(pageSizeSchema),
  reader: v.optional(readerTokenSchema),
  lang: v.optional(localeSchema),
});

export const postCommentBodySchema = v.pipe(
  v.strictObject({
    reader: readerTokenSchema,
    /** Required unless `ssoToken` signs the reader in: then the token's name is shown. */
    name: v.optional(displayNameSchema),
    body: commentBodySchema,
    /** The site login's token (src/sso/README.md); required on `sso-required` sites. */
    ssoToken: v.optional(ssoTokenSchema('ssoToken')),
    /** The house rules version the reader ticked their agreement to, for their first comment under it. */
    rulesVersion: v.optional(v.pipe(v.number('rulesVersion must be a number.'), v.integer('rulesVersion must be a whole number.'), v.minValue(1, 'rulesVersion must be at least 1.'))),
    parentId: v.optional(v.pipe(v.number('parentId must be a number.'), v.integer('parentId must be a whole number.'), v.minValue(1))),
    /** Honeypot: a field people never see, so only bots fill it. */
    website: v.optional(v.pipe(v.string(), v.maxLength(500))),
    /** Milliseconds between the form appearing and its submission; people take longer than bots. */
    elapsedMs: v.optional(v.pipe(v.number('elapsedMs must be a number.'), v.minValue(0))),
    ...pageMetadataEntries,
    lang: v.optional(localeSchema),
    /** A solved challenge (GET /v1/sites/{site}/challenge), needed past the address's soft ceiling. */
    proof: v.optional(proofSchema),
  }),
  v.forward(
    v.partialCheck([['name'], ['ssoToken']], (body) => body.name !== undefined || body.ssoToken !== undefined, 'name is required (1–40 characters) unless ssoToken signs the reader in.'),
    ['name'],
  ),
);

export const editCommentBodySchema = v.strictObject({
  editToken: editTokenSchema,
  body: commentBodySchema,
  lang: v.optional(localeSchema),
});

export const deleteCommentBodySchema = v.strictObject({
  editToken: editTokenSchema,
  lang: v.optional(localeSchema),
});

export const likeBodySchema = v.strictObject({ reader: readerTokenSchema, lang: v.optional(localeSchema) });

export const reportReasonSchema = v.picklist(
  ['spam', 'abuse', 'off-topic', 'misinformation'],
  'reason must be one of "spam", "abuse", "off-topic", "misinformation".',
);

export const reportBodySchema = v.strictObject({
  reader: readerTokenSchema,
  reason: reportReasonSchema,
  lang: v.optional(localeSchema),
});

const commentFields = {
  id: v.number(),
  parentId: v.nullable(v.number()),
  authorName: v.string(),
  /** Plain text exactly as written; every renderer escapes it (see src/comments/render.ts). */
  body: v.string(),
  createdAt: v.string(),
  editedAt: v.nullable(v.string()),
  likeCount: v.number(),
  replyCount: v.number(),
  /** Awaiting review: only ever sent to the comment's author. */
  pending: v.boolean(),
  /** Written by a reader signed in through the site's own accounts (SSO): the name is the site's. */
  verified: v.boolean(),
  /** An editor's pick (*Pilihan Redaksi*): the first page of a list starts with the article's picks, which no page repeats. */
  picked: v.boolean(),
  /** Present when the request named a reader. */
  liked: v.optional(v.boolean()),
  mine: v.optional(v.boolean()),
};

export const commentViewSchema = v.object(commentFields);

export const threadViewSchema = v.object({
  ...commentFields,
  replies: v.array(commentViewSchema),
  /** Cursor for the replies route when there are more than the inline ones, else null. */
  repliesCursor: v.nullable(v.string()),
});

/** The house rules shown at the form, in both languages; `version` is what a reader's agreement names. */
export const houseRulesSchema = v.object({
  version: v.number(),
  text: v.object({ id: v.string(), en: v.string() }),
  url: v.nullable(v.string()),
});

/** How the site's commenters identify themselves and what they agree to: what the form needs. */
export const commentFormSchema = v.object({
  identity: v.picklist(['anonymous', 'sso-optional', 'sso-required']),
  /** The site's login page, for "Masuk untuk berkomentar"; null when the site has none. */
  loginUrl: v.nullable(v.string()),
  rules: v.nullable(houseRulesSchema),
  /** With `reader`: the rules version that reader agreed to (null for none), so the form asks only when needed. */
  agreedRulesVersion: v.optional(v.nullable(v.number())),
});

export const commentListSchema = v.object({
  article: v.object({ id: v.string(), commentsOpen: v.boolean() }),
  /** Null on an anonymous site without house rules: the form needs only a name and a body. */
  form: v.nullable(commentFormSchema),
  /** Approved comments on the article, replies included. */
  total: v.number(),
  sort: commentSortSchema,
  /** The page's threads; the first page starts with the article's editor's picks (`picked`, in pick order), beyond `limit`. */
  comments: v.array(threadViewSchema),
  /** The reader's own comments awaiting review (first page only, when `reader` is given). */
  pending: v.array(commentViewSchema),
  nextCursor: v.nullable(v.string()),
});

export const replyListSchema = v.object({ replies: v.array(commentViewSchema), nextCursor: v.nullable(v.string()) });

export const postedCommentSchema = v.object({
  comment: commentViewSchema,
  /** Secret that lets the author edit or delete the comment until `editableUntil`; shown once. */
  editToken: v.string(),
  editableUntil: v.string(),
});

export const editedCommentSchema = v.object({ comment: commentViewSchema });

export const likeStateSchema = v.object({ commentId: v.number(), liked: v.boolean(), likeCount: v.number() });

export const reportReceiptSchema = v.object({ commentId: v.number(), reported: v.boolean() });

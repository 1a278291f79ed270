import * as v from 'valibot';
import { localeSchema, readerTokenSchema } from '../http/schemas';
import { siteIdSchema } from '../sites/schemas';

/** The site a reader asks on; erasure itself spans every site. */
export const readerSiteParamsSchema = v.object({ site: siteIdSchema });

export const eraseReaderBodySchema = v.strictObject({ reader: readerTokenSchema, lang: v.optional(localeSchema) });

export const erasureReceiptSchema = v.object({
  deleted: v.object({ votes: v.number(), comments: v.number(), likes: v.number(), reports: v.number() }),
});

/** A GET names its reader in the query, like the comment list; there is no body to carry it. */
export const readerQuerySchema = v.object({ reader: readerTokenSchema, lang: v.optional(localeSchema) });

/** Where a row belongs: the site and the article id the page gave. */
const placeFields = { site: v.string(), article: v.string() };

/**
 * Everything stored under one reader token, on every site, as stored (times in ISO 8601 UTC).
 * Network keys are left out: a keyed hash of an address is shared by everyone on that network
 * that day, so showing it would tell one reader about others.
 */
export const readerExportSchema = v.object({
  exportedAt: v.string(),
  votes: v.array(v.object({ ...placeFields, reaction: v.string(), createdAt: v.string(), updatedAt: v.string() })),
  comments: v.array(
    v.object({
      ...placeFields,
      id: v.number(),
      parentId: v.nullable(v.number()),
      authorName: v.string(),
      /** Plain text exactly as written. */
      body: v.string(),
      status: v.string(),
      /** Why the comment waits or waited for review, when it did. */
      heldReason: v.nullable(v.string()),
      likeCount: v.number(),
      replyCount: v.number(),
      reportCount: v.number(),
      createdAt: v.string(),
      updatedAt: v.string(),
      editedAt: v.nullable(v.string()),
    }),
  ),
  likes: v.array(v.object({ ...placeFields, commentId: v.number(), createdAt: v.string() })),
  reports: v.array(v.object({ ...placeFields, commentId: v.number(), reason: v.string(), createdAt: v.string() })),
  /** The house-rules versions this reader agreed to when commenting, per site. */
  agreements: v.array(v.object({ site: v.string(), version: v.number(), agreedAt: v.string() })),
});

export type ReaderExport = v.InferOutput<typeof readerExportSchema>;

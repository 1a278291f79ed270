import * as v from 'valibot';
import { localeSchema, readerTokenSchema } from '../../http/schemas';

export const readerComplaintsQuerySchema = v.object({ reader: readerTokenSchema, lang: v.optional(localeSchema) });

/** One of the reader's complaints as they may see it: their report and what became of it. */
export const readerComplaintSchema = v.object({
  commentId: v.number(),
  /** The article's external id. */
  article: v.string(),
  /** What the reader reported it as (`spam`, `abuse`, `off-topic`, `misinformation`). */
  reported: v.string(),
  filedAt: v.number(),
  dueAt: v.number(),
  /** `open` until a moderator decides; then `removed` (rejected or spam) or `kept` (no violation). */
  outcome: v.picklist(['open', 'removed', 'kept']),
  /** The decision's reason, key and label in the reader's language. */
  reason: v.nullable(v.object({ key: v.string(), label: v.string() })),
  note: v.nullable(v.string()),
  decidedAt: v.nullable(v.number()),
});

export const readerComplaintsSchema = v.object({ complaints: v.array(readerComplaintSchema) });

const monthSchema = v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM.'));

export const complaintReportQuerySchema = v.object({
  month: v.optional(monthSchema),
  format: v.optional(v.picklist(['csv', 'json'], 'format must be csv or json.'), 'json'),
});

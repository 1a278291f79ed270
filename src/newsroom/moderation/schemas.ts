import * as v from 'valibot';
import { articleIdSchema } from '../../http/schemas';

const numeric = (name: string) => v.pipe(v.string(), v.regex(/^\d{1,12}$/, `${name} must be a number.`), v.transform(Number));

export const queueQuerySchema = v.object({
  queue: v.optional(v.picklist(['pending', 'reported'], 'queue must be pending or reported.'), 'pending'),
  article: v.optional(articleIdSchema),
  reason: v.optional(
    v.picklist(['pre-moderation', 'first-comment', 'suspect-word', 'links', 'muted', 'reports'], 'reason must be pre-moderation, first-comment, suspect-word, links, muted or reports.'),
  ),
  q: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100, 'q must be at most 100 characters.'))),
  after: v.optional(numeric('after')),
  limit: v.optional(v.pipe(numeric('limit'), v.minValue(1, 'limit must be at least 1.'), v.maxValue(100, 'limit must be at most 100.')), '50'),
});

export const actionBodySchema = v.object({
  action: v.picklist(['approve', 'reject', 'spam'], 'action must be approve, reject or spam.'),
  ids: v.pipe(
    v.array(v.pipe(v.number('ids must be comment ids (numbers).'), v.integer(), v.minValue(1))),
    v.minLength(1, 'ids must name at least one comment.'),
    v.maxLength(100, 'at most 100 comments per action.'),
  ),
});

export const muteBodySchema = v.object({
  commentId: v.pipe(v.number('commentId must be a number.'), v.integer(), v.minValue(1)),
  days: v.pipe(v.number('days must be a number.'), v.integer('days must be a whole number.'), v.minValue(1, 'days must be at least 1.'), v.maxValue(365, 'days must be at most 365.')),
});

export const logQuerySchema = v.object({
  before: v.optional(numeric('before')),
  limit: v.optional(v.pipe(numeric('limit'), v.minValue(1), v.maxValue(200, 'limit must be at most 200.')), '50'),
});

/** A comment in a moderation queue, with its article and why it is there. */
export const queueItemSchema = v.object({
  id: v.number(),
  article: v.object({ id: v.string(), title: v.nullable(v.string()), url: v.nullable(v.string()) }),
  parentId: v.nullable(v.number()),
  authorName: v.string(),
  body: v.string(),
  status: v.string(),
  heldReason: v.nullable(v.string()),
  reportCount: v.number(),
  reportReasons: v.record(v.string(), v.number()),
  /** Distinct networks behind the live reports. */
  reportNetworks: v.number(),
  createdAt: v.number(),
});

export const queueSchema = v.object({ items: v.array(queueItemSchema), next: v.nullable(v.number()) });

export const actionResultSchema = v.object({ action: v.string(), status: v.string(), ids: v.array(v.number()) });
export const muteResultSchema = v.object({ commentId: v.number(), until: v.number() });
/** One moderation log line; reader hashes are never shown. */
export const logEntrySchema = v.object({ id: v.number(), commentId: v.nullable(v.number()), action: v.string(), actorName: v.string(), note: v.nullable(v.string()), createdAt: v.number() });

export const logSchema = v.object({ entries: v.array(logEntrySchema), next: v.nullable(v.number()) });

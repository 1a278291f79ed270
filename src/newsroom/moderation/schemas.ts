import * as v from 'valibot';
import { articleIdSchema, wellFormedText } from '../../http/schemas';
import { decisionReasonSchema } from '../complaints/reasons';
import { trustLevelSchema } from '../../comments/schemas';

/** A decision's free-text note, shown to the reporter beside the reason. */
export const decisionNoteSchema = v.pipe(
  v.string('note must be text.'),
  v.trim(),
  v.maxLength(500, 'note must be at most 500 characters.'),
  v.regex(/^[^\p{Cc}]*$/u, 'note must not contain control characters.'),
  wellFormedText('note'),
);

const numeric = (name: string) => v.pipe(v.string(), v.regex(/^\d{1,12}$/, `${name} must be a number.`), v.transform(Number));

/** Where a queue page ends, as `next` gives it: the sort key (due time) and comment id. */
export const queueCursorSchema = v.pipe(
  v.string(),
  v.regex(/^\d{1,15}\.\d{1,12}$/, 'after must be a cursor from next.'),
  v.transform((cursor) => {
    const [sortKey, id] = cursor.split('.').map(Number) as [number, number];
    return { sortKey, id };
  }),
);

export const queueQuerySchema = v.object({
  queue: v.optional(v.picklist(['pending', 'reported'], 'queue must be pending or reported.'), 'pending'),
  article: v.optional(articleIdSchema),
  reason: v.optional(
    v.picklist(['pre-moderation', 'first-comment', 'suspect-word', 'links', 'muted', 'reports'], 'reason must be pre-moderation, first-comment, suspect-word, links, muted or reports.'),
  ),
  q: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100, 'q must be at most 100 characters.'))),
  after: v.optional(queueCursorSchema),
  limit: v.optional(v.pipe(numeric('limit'), v.minValue(1, 'limit must be at least 1.'), v.maxValue(100, 'limit must be at most 100.')), '50'),
});

/**
 * A decision on comments. Every decision records a reason from the fixed list: approving is
 * always `tidak-melanggar` (the default), spam defaults to `spam`, and rejecting must say which
 * violation it was. `orderId` links the action to the authority order it answers.
 */
export const actionBodySchema = v.pipe(
  v.object({
    action: v.picklist(['approve', 'reject', 'spam'], 'action must be approve, reject or spam.'),
    ids: v.pipe(
      v.array(v.pipe(v.number('ids must be comment ids (numbers).'), v.integer(), v.minValue(1))),
      v.minLength(1, 'ids must name at least one comment.'),
      v.maxLength(100, 'at most 100 comments per action.'),
    ),
    reason: v.optional(decisionReasonSchema),
    note: v.optional(decisionNoteSchema),
    orderId: v.optional(v.pipe(v.number('orderId must be an order id (a number).'), v.integer('orderId must be a whole number.'), v.minValue(1, 'orderId must be at least 1.'))),
  }),
  v.forward(
    v.partialCheck(
      [['action'], ['reason']],
      ({ action, reason }) => (action === 'approve' ? reason === undefined || reason === 'tidak-melanggar' : action === 'spam' || reason !== undefined) && !(action !== 'approve' && reason === 'tidak-melanggar'),
      'reason: approving records tidak-melanggar; rejecting needs the violation (hoaks, fitnah, sara, pelecehan, …); tidak-melanggar cannot go with reject or spam.',
    ),
    ['reason'],
  ),
  v.transform((body) => ({ ...body, reason: body.reason ?? (body.action === 'approve' ? ('tidak-melanggar' as const) : ('spam' as const)) })),
);

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
  /** Signed in through the site's own accounts (SSO): the name is the site's, not typed by the reader. */
  verified: v.boolean(),
  body: v.string(),
  status: v.string(),
  heldReason: v.nullable(v.string()),
  reportCount: v.number(),
  reportReasons: v.record(v.string(), v.number()),
  /** Distinct networks behind the live reports. */
  reportNetworks: v.number(),
  /** The author's trust level now (src/comments/trust.ts); `GET …/comments/{id}/trust` says who decided it. */
  trust: trustLevelSchema,
  createdAt: v.number(),
  /** The earliest due time of its undecided complaints (reports); null when nobody complained. */
  dueAt: v.nullable(v.number()),
  /** Milliseconds until `dueAt`, negative once overdue; null without complaints. */
  msLeft: v.nullable(v.number()),
  overdue: v.boolean(),
});

export const queueSchema = v.object({ items: v.array(queueItemSchema), next: v.nullable(v.string()) });

export const actionResultSchema = v.object({ action: v.string(), status: v.string(), ids: v.array(v.number()) });
export const muteResultSchema = v.object({ commentId: v.number(), until: v.number() });
/** An unmute's outcome: `wasMuted` false when there was no mute in force to lift. */
export const unmuteResultSchema = v.object({ commentId: v.number(), muted: v.literal(false), wasMuted: v.boolean() });
/** One moderation log line; reader hashes are never shown. */
export const logEntrySchema = v.object({
  id: v.number(),
  commentId: v.nullable(v.number()),
  action: v.string(),
  actorName: v.string(),
  note: v.nullable(v.string()),
  /** The decision's reason from the fixed list (null for mutes and entries from before reasons). */
  reason: v.nullable(v.string()),
  /** The authority order the action answered. */
  orderId: v.nullable(v.number()),
  createdAt: v.number(),
});

export const logSchema = v.object({ entries: v.array(logEntrySchema), next: v.nullable(v.number()) });

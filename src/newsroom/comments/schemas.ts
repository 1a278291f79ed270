import * as v from 'valibot';
import { queueItemSchema } from '../moderation/schemas';

/**
 * One comment as a moderator sees it: the queue's view of a comment (the same fields, so the
 * two cannot drift), plus what only the newsroom may know about it outside the queue.
 */
export const commentDetailSchema = v.object({
  ...v.pick(queueItemSchema, ['id', 'article', 'parentId', 'authorName', 'verified', 'body', 'heldReason', 'reportCount', 'createdAt', 'trust']).entries,
  status: v.picklist(['approved', 'pending', 'rejected', 'spam', 'deleted']),
  /** When it was made an editor's pick; null when it is not one. */
  pickedAt: v.nullable(v.number()),
  likeCount: v.number(),
  replyCount: v.number(),
  /** Until when its author is muted on the site (epoch ms); null when they are not. */
  authorMutedUntil: v.nullable(v.number()),
  editedAt: v.nullable(v.number()),
});

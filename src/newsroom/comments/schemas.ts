import * as v from 'valibot';

/** One comment as a moderator sees it: what readers see, plus what only the newsroom may know. */
export const commentDetailSchema = v.object({
  id: v.number(),
  article: v.object({ id: v.string(), title: v.nullable(v.string()), url: v.nullable(v.string()) }),
  parentId: v.nullable(v.number()),
  authorName: v.string(),
  /** Signed in through the site's own accounts (SSO): the name is the site's, not typed by the reader. */
  verified: v.boolean(),
  body: v.string(),
  status: v.picklist(['approved', 'pending', 'rejected', 'spam', 'deleted']),
  heldReason: v.nullable(v.string()),
  /** When it was made an editor's pick; null when it is not one. */
  pickedAt: v.nullable(v.number()),
  likeCount: v.number(),
  replyCount: v.number(),
  reportCount: v.number(),
  /** Until when its author is muted on the site (epoch ms); null when they are not. */
  authorMutedUntil: v.nullable(v.number()),
  createdAt: v.number(),
  editedAt: v.nullable(v.number()),
});

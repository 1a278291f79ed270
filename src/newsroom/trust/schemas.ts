import * as v from 'valibot';
import { trustLevelSchema } from '../../comments/schemas';

/** A moderator's choice: a level, or `automatic` to let the author's record decide again. */
export const trustBodySchema = v.strictObject(
  { level: v.picklist(['tepercaya', 'baru', 'automatic'], 'level must be tepercaya, baru or automatic.') },
  'Unknown field: send only level.',
);

/** A comment author's trust level on the site (the author is never named, not even by hash). */
export const authorTrustSchema = v.object({
  commentId: v.number(),
  /** What applies now. */
  level: trustLevelSchema,
  /** `moderator` when a moderator set it, `automatic` when the author's record decides. */
  source: v.picklist(['moderator', 'automatic']),
  /** What the author's record alone says (approved comments, no rejection in 30 days). */
  automaticLevel: trustLevelSchema,
});

import type * as v from 'valibot';
import type { commentListSchema, commentViewSchema, postedCommentSchema, replyListSchema, threadViewSchema } from '../../comments/schemas';

/**
 * Comments as the API returns them: inferred from the API's own response schemas, imported as
 * types only (erased by the build), so the widget, the API and its OpenAPI document cannot
 * drift apart.
 */
export type Comment = v.InferOutput<typeof commentViewSchema>;

export type Thread = v.InferOutput<typeof threadViewSchema>;

export type CommentPage = v.InferOutput<typeof commentListSchema>;

export type ReplyPage = v.InferOutput<typeof replyListSchema>;

export type Posted = v.InferOutput<typeof postedCommentSchema>;

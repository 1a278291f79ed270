import { type SQL, sql } from 'drizzle-orm';
import type * as v from 'valibot';
import { AppError } from '../lib/errors';
import type { commentListSchema, commentViewSchema, threadViewSchema } from './schemas';

/*
 * How comments are read and shown: the columns every read selects, the row, the reader's view of
 * it, and the answers for a comment that is not there or an article that is closed.
 */

/** A comment as readers see it. `body` is plain text; renderers escape it. */
export type CommentView = v.InferOutput<typeof commentViewSchema>;

export type ThreadView = v.InferOutput<typeof threadViewSchema>;

export type CommentList = v.InferOutput<typeof commentListSchema>;

export type CommentRow = {
  id: number;
  parent_id: number | null;
  author_name: string;
  body: string;
  status: string;
  created_at: number;
  edited_at: number | null;
  like_count: number;
  reply_count: number;
  liked: number;
  mine: number;
  verified: number;
  picked: number;
};

/** Columns every read selects; `liked`/`mine` are relative to one reader hash ('' for nobody). */
export function commentColumns(readerHash: string): SQL {
  return sql`c.id, c.parent_id, c.author_name, c.body, c.status, c.created_at, c.edited_at, c.like_count, c.reply_count, c.sso_user_hash IS NOT NULL AS verified, c.picked_at IS NOT NULL AS picked,
    EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = c.id AND l.reader_hash = ${readerHash}) AS liked,
    (c.reader_hash = ${readerHash}) AS mine`;
}

function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

export function toView(row: CommentRow, withReader: boolean): CommentView {
  return {
    id: row.id,
    parentId: row.parent_id,
    authorName: row.author_name,
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
    editedAt: iso(row.edited_at),
    likeCount: row.like_count,
    replyCount: row.reply_count,
    pending: row.status !== 'approved',
    verified: Boolean(row.verified),
    picked: Boolean(row.picked),
    ...(withReader ? { liked: Boolean(row.liked), mine: Boolean(row.mine) } : {}),
  };
}

/** The newsroom's refusal for a comment id that is not on its site (or is deleted), by comment id. */
export function commentNotOnSite(commentId: number): AppError {
  return new AppError('not_found', { id: `Komentar #${commentId} tidak ada di situs ini.`, en: `Comment #${commentId} does not exist on this site.` });
}

export function commentNotFound(id: number): AppError {
  return new AppError('not_found', {
    id: `Komentar ${id} tidak ditemukan di situs ini (mungkin sudah dihapus atau sedang ditinjau).`,
    en: `Comment ${id} was not found on this site (it may have been deleted or be under review).`,
  });
}

export function commentsClosed(): AppError {
  return new AppError('comments_closed', { id: 'Komentar ditutup untuk artikel ini.', en: 'Comments are closed for this article.' });
}

import { sql } from 'drizzle-orm';
import { type ClosingState, closingColumns, commentsOpenAt } from '../articles/closing';
import type { Db } from '../db/client';
import { constantTimeEqual, keyedHash } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { namedBatch } from '../db/batch';
import type { AppEvent } from '../lib/events';
import { commentEventData, deliveryStatements } from '../newsroom/webhooks/service';
import { loadSite, type Site } from '../sites/service';
import { assertNoBannedWord, heldReason, screenWords } from './moderation';
import { commentAuthorTrustSql, type TrustLevel } from './trust';
import { commentNotFound, type CommentRow, commentsClosed, type CommentView, toView } from './rows';

/*
 * Editing and deleting one's own comment with its edit token, within the site's edit window.
 */

export function editTokenHash(secret: string, token: string): Promise<string> {
  return keyedHash(secret, 'comment-edit', token);
}

export function editableUntil(site: Site, createdAt: number): number {
  return createdAt + site.settings.editWindowMinutes * 60_000;
}

type OwnedComment = ClosingState & { id: number; article_id: number; external_id: string; status: string; created_at: number; edit_token_hash: string | null };

/**
 * The comment an edit token unlocks, checked in the order a reader can act on: it exists on
 * this site (404), the token is its own (403), the window is still open (409).
 */
async function ownedComment({ db, secret, site, commentId, editToken, now }: { db: Db; secret: string; site: Site; commentId: number; editToken: string; now: number }) {
  const [row] = await db.all<OwnedComment>(sql`SELECT c.id, c.article_id, a.external_id, c.status, c.created_at, c.edit_token_hash, ${closingColumns('a')}
    FROM comments c JOIN articles a ON a.id = c.article_id
    WHERE c.id = ${commentId} AND a.site_id = ${site.id} AND c.status IN ('approved', 'pending')`);
  if (!row) throw commentNotFound(commentId);
  const presented = await editTokenHash(secret, editToken);
  if (!row.edit_token_hash || !constantTimeEqual(presented, row.edit_token_hash)) {
    throw new AppError('forbidden', {
      id: 'Token edit tidak cocok dengan komentar ini. Hanya penulisnya yang bisa mengubah atau menghapusnya.',
      en: 'The edit token does not match this comment. Only its author can edit or delete it.',
    });
  }
  if (now >= editableUntil(site, row.created_at)) {
    const minutes = site.settings.editWindowMinutes;
    throw new AppError('edit_window_closed', {
      id: `Komentar hanya bisa diubah atau dihapus dalam ${minutes} menit setelah dikirim.`,
      en: `A comment can only be edited or deleted within ${minutes} minutes of posting.`,
    });
  }
  return row;
}

/**
 * Replaces a comment's body within the edit window. The new text passes the same checks as a
 * new comment: banned words are refused, and content or pre-moderation sends it back to review.
 */
export async function editComment(input: {
  db: Db;
  secret: string;
  siteId: string;
  commentId: number;
  editToken: string;
  body: string;
  now: number;
}): Promise<{ comment: CommentView; events: AppEvent[] }> {
  const { db, siteId, commentId, body, now } = input;
  const site = await loadSite({ db, siteId });
  const owned = await ownedComment({ db, secret: input.secret, site, commentId, editToken: input.editToken, now });
  if (!commentsOpenAt(owned, site.settings, now)) throw commentsClosed();
  const screened = screenWords(body, site.settings);
  assertNoBannedWord(screened, 'body');
  // Edits are rare, so the author's level is read with the name whether or not it will decide.
  const [author] = await db.all<{ author_name: string; muted: number; trust: TrustLevel }>(sql`SELECT c.author_name,
      EXISTS (SELECT 1 FROM reader_mutes m WHERE m.site_id = ${siteId} AND m.reader_hash = c.reader_hash AND m.until > ${now}) AS muted,
      ${commentAuthorTrustSql(siteId, site.settings, now)} AS trust
    FROM comments c WHERE c.id = ${commentId}`);
  // A tepercaya author's edit passes the suspect-word hold as their post did; an edit is never
  // held as a first comment (its comment was admitted already), so baru decides nothing here.
  const reason = heldReason(`${author?.author_name ?? ''}\n${body}`, {
    settings: site.settings,
    suspect: screened.suspect || screenWords(author?.author_name ?? '', site.settings).suspect,
    muted: Boolean(author?.muted),
    trust: author?.trust === 'tepercaya' ? 'tepercaya' : null,
  });
  // An edit that puts an approved comment on hold writes its webhook delivery in the same
  // batch, right after the UPDATE (`changes()`: only if it changed the comment).
  const [heldDelivery] =
    reason !== null && owned.status === 'approved'
      ? await deliveryStatements(db, {
          siteId,
          now,
          queued: [{ event: 'comment.held', data: commentEventData(sql`c.id = ${commentId} AND c.status = 'pending' AND changes() > 0`, [['reason', reason]]) }],
        })
      : [];
  const { rows } = await namedBatch(db, {
    rows: db.all<CommentRow & { held_reason: string | null }>(sql`UPDATE comments SET
        body = ${body}, edited_at = ${now}, updated_at = ${now},
        status = CASE WHEN ${reason} IS NOT NULL THEN 'pending' ELSE status END,
        held_reason = coalesce(${reason}, held_reason)
      WHERE id = ${commentId} AND status IN ('approved', 'pending')
      RETURNING id, parent_id, author_name, body, status, created_at, edited_at, like_count, reply_count, sso_user_hash IS NOT NULL AS verified, 0 AS liked, 1 AS mine`),
    heldDelivery: heldDelivery ?? null,
  });
  const [updated] = rows;
  if (!updated) throw commentNotFound(commentId);
  const newlyHeld = owned.status === 'approved' && updated.status === 'pending' && reason !== null;
  const where = { siteId, article: owned.external_id, articleId: owned.article_id, commentId };
  return {
    comment: toView(updated, false),
    events: [{ type: 'comment.edited', ...where }, ...(newlyHeld ? [{ type: 'comment.held' as const, ...where, reason }] : [])],
  };
}

/**
 * Deletes a comment within the edit window. Its replies, which belong to other readers, move
 * up to the top level rather than disappear with it; counters follow by trigger.
 */
export async function deleteComment(input: { db: Db; secret: string; siteId: string; commentId: number; editToken: string; now: number }): Promise<{ events: AppEvent[] }> {
  const { db, commentId } = input;
  const site = await loadSite({ db, siteId: input.siteId });
  const owned = await ownedComment({ db, secret: input.secret, site, commentId, editToken: input.editToken, now: input.now });
  await db.batch([
    db.run(sql`UPDATE comments SET parent_id = NULL WHERE parent_id = ${commentId}`),
    db.run(sql`DELETE FROM comments WHERE id = ${commentId}`),
  ]);
  return { events: [{ type: 'comment.deleted', siteId: input.siteId, article: owned.external_id, articleId: owned.article_id, commentId }] };
}

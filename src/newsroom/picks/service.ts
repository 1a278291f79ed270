import { type SQL, sql } from 'drizzle-orm';
import { MAX_PICKS } from '../../comments/schemas';
import type { Db } from '../../db/client';
import { namedBatch } from '../../db/batch';
import { AppError } from '../../lib/errors';
import type { AppEvent } from '../../lib/events';
import type { Principal } from '../access/service';
import { commentEventData, deliveryStatements } from '../webhooks/service';
import { commentNotOnSite } from '../../comments/rows';

/**
 * Editor's picks (*Pilihan Redaksi*): a moderator pins up to `MAX_PICKS` of an article's
 * published top-level comments, which every reader then sees first, badged, in the order they
 * were picked (src/comments/listing.ts). A pick is the comment's `picked_at`; migration 0013's
 * trigger drops it when the comment leaves `approved` or its text changes, and erasing the
 * comment erases it. Each change, its log line and its webhook deliveries are one batch, and
 * returns a `moderation.picked` / `moderation.unpicked` event, which ends the article's cached pages.
 */


/** What a pick or unpick leaves: the article and its picks in order, first shown first. */
export type PickResult = { commentId: number; picked: boolean; article: string; picks: number[] };

type Target = { id: number; articleId: number; article: string; status: string; parentId: number | null; pickedAt: number | null };

async function findTarget(db: Db, siteId: string, commentId: number): Promise<Target> {
  const [found] = await db.all<Target>(sql`SELECT c.id, c.article_id AS articleId, a.external_id AS article, c.status, c.parent_id AS parentId, c.picked_at AS pickedAt
    FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ${commentId} AND a.site_id = ${siteId} AND c.status <> 'deleted'`);
  if (!found) throw commentNotOnSite(commentId);
  return found;
}

async function articlePicks(db: Db, articleId: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`SELECT id FROM comments WHERE article_id = ${articleId} AND picked_at IS NOT NULL ORDER BY picked_at, id`);
  return rows.map((row) => row.id);
}

/**
 * Sets or clears a comment's pick when `state` (on `c`) holds, with its log line and webhook
 * deliveries in the same batch, written before the UPDATE under the same condition: all of it
 * happens, or none, exactly once however many moderators send the same change at once.
 * Returns whether the change was made.
 */
async function changePick(
  db: Db,
  { siteId, principal, commentId, action, state, now }: { siteId: string; principal: Principal; commentId: number; action: 'pick' | 'unpick'; state: SQL; now: number },
): Promise<boolean> {
  const where = sql`c.id = ${commentId} AND ${state}`;
  const [delivery] = await deliveryStatements(db, {
    siteId,
    now,
    queued: [{ event: action === 'pick' ? 'moderation.picked' : 'moderation.unpicked', data: commentEventData(where, [['actor', principal.name]]) }],
  });
  const { changed } = await namedBatch(db, {
    logged: db.run(sql`INSERT INTO moderation_log (site_id, comment_id, reader_hash, action, actor_key_id, actor_name, created_at)
      SELECT ${siteId}, c.id, c.reader_hash, ${action}, ${principal.keyId}, ${principal.name}, ${now} FROM comments c WHERE ${where}`),
    delivery: delivery ?? null,
    changed: db.all<{ id: number }>(sql`UPDATE comments AS c SET picked_at = ${action === 'pick' ? now : null} WHERE ${where} RETURNING id`),
  });
  return changed.length > 0;
}

/**
 * Makes a published top-level comment one of its article's picks. Picking a pick again changes
 * nothing. Refused with 409 when the comment is held, rejected or a reply, or when the article
 * already has `MAX_PICKS`: the limit is checked in the very statement that sets the pick, so two
 * moderators picking at once cannot make a fourth.
 */
export async function pickComment({ db, siteId, principal, commentId, now }: { db: Db; siteId: string; principal: Principal; commentId: number; now: number }): Promise<{
  result: PickResult;
  events: AppEvent[];
}> {
  const target = await findTarget(db, siteId, commentId);
  if (target.status !== 'approved') {
    throw new AppError('conflict', {
      id: `Komentar #${commentId} belum terbit (${target.status}); hanya komentar yang sudah terbit bisa menjadi Pilihan Redaksi.`,
      en: `Comment #${commentId} is not published (${target.status}); only published comments can be editor's picks.`,
    });
  }
  if (target.parentId !== null) {
    throw new AppError('conflict', {
      id: `Komentar #${commentId} adalah balasan; pilih komentar utama di utasnya.`,
      en: `Comment #${commentId} is a reply; pick the top comment of its thread.`,
    });
  }
  const unchanged = async () => ({ result: { commentId, picked: true, article: target.article, picks: await articlePicks(db, target.articleId) }, events: [] });
  if (target.pickedAt !== null) return unchanged();
  const room = sql`(SELECT count(*) FROM comments p WHERE p.article_id = ${target.articleId} AND p.picked_at IS NOT NULL) < ${MAX_PICKS}`;
  const state = sql`c.status = 'approved' AND c.parent_id IS NULL AND c.picked_at IS NULL AND ${room}`;
  if (!(await changePick(db, { siteId, principal, commentId, action: 'pick', state, now }))) {
    // Another moderator picked this very comment meanwhile: that is this pick, already made.
    if ((await findTarget(db, siteId, commentId)).pickedAt !== null) return unchanged();
    throw new AppError('conflict', {
      id: `Artikel ini sudah punya ${MAX_PICKS} Pilihan Redaksi, batasnya. Lepaskan salah satu dulu.`,
      en: `This article already has ${MAX_PICKS} editor's picks, the limit. Unpick one first.`,
    });
  }
  return {
    result: { commentId, picked: true, article: target.article, picks: await articlePicks(db, target.articleId) },
    events: [{ type: 'moderation.picked', siteId, article: target.article, articleId: target.articleId, commentId, actor: principal.name }],
  };
}

/** Takes a comment off its article's picks; one that is not a pick is left as it is. */
export async function unpickComment({ db, siteId, principal, commentId, now }: { db: Db; siteId: string; principal: Principal; commentId: number; now: number }): Promise<{
  result: PickResult;
  events: AppEvent[];
}> {
  const target = await findTarget(db, siteId, commentId);
  if (target.pickedAt === null) return { result: { commentId, picked: false, article: target.article, picks: await articlePicks(db, target.articleId) }, events: [] };
  const changed = await changePick(db, { siteId, principal, commentId, action: 'unpick', state: sql`c.picked_at IS NOT NULL`, now });
  const events: AppEvent[] = changed ? [{ type: 'moderation.unpicked', siteId, article: target.article, articleId: target.articleId, commentId, actor: principal.name }] : [];
  return { result: { commentId, picked: false, article: target.article, picks: await articlePicks(db, target.articleId) }, events };
}

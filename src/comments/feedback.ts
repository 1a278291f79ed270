import { type SQL, sql } from 'drizzle-orm';
import { namedBatch } from '../db/batch';
import type { Db } from '../db/client';
import type { Writer } from '../db/group-commit';
import { complaintDueAt } from '../lib/deadline';
import { AppError } from '../lib/errors';
import type { AppEvent } from '../lib/events';
import { commentEventData, deliveryStatements } from '../newsroom/webhooks/service';
import { countFired, limit, type LimitOutcome, policyKeys, refusal } from '../ratelimit/service';
import { type ClientInfo, identifyReader } from '../readers/service';
import { loadSite } from '../sites/service';
import { commentNotFound } from './rows';

/*
 * Readers' feedback on comments: likes and reports, one per reader per comment, capped by the
 * `like` and `report` policies (src/ratelimit).
 */

export type ReportReason = 'spam' | 'abuse' | 'off-topic' | 'misinformation';

/** What a like or a report is given: one reader's token on one comment, with the request's client and time. */
type FeedbackInput = {
  db: Db;
  writer: Writer;
  secret: string;
  siteId: string;
  commentId: number;
  readerToken: string;
  client: ClientInfo;
  now: number;
};

/** A comment readers can currently see, on this site. */
function isPublic(siteId: string, commentId: number): SQL {
  return sql`EXISTS (SELECT 1 FROM comments c JOIN articles a ON a.id = c.article_id
    WHERE c.id = ${commentId} AND a.site_id = ${siteId} AND c.status = 'approved')`;
}

/** A refused like or report: the network's or the address's daily ceiling is reached. */
async function refusedAction(db: Db, siteId: string, policy: 'like' | 'report', outcome: LimitOutcome, now: number): Promise<AppError> {
  if (outcome.allowed) throw new Error(`${policy} admitted but not recorded`);
  await countFired({ db, siteId, policy, now });
  return refusal(outcome, siteId, () => ({
    id: 'Terlalu banyak pembaca dari jaringan yang sama sudah melakukan ini hari ini. Silakan coba lagi besok.',
    en: 'Too many readers on the same network have already done this today. Please try again tomorrow.',
  }));
}

export type LikeState = { commentId: number; liked: boolean; likeCount: number };

/**
 * Likes or unlikes a visible comment for one reader token: one like per reader, repeats change
 * nothing; new likers per network and per address on a comment per day are capped by the
 * `like` policy (src/ratelimit).
 */
export async function setLike(input: FeedbackInput & { liked: boolean }): Promise<{ state: LikeState; events: AppEvent[] }> {
  const { db, siteId, commentId, now } = input;
  const site = await loadSite({ db, siteId });
  const requester = await identifyReader({ db, secret: input.secret, token: input.readerToken, client: input.client, now });
  const { readerHash } = requester;
  const admission = limit({
    db,
    keys: policyKeys('like', site.settings, requester, `comment:${commentId}`),
    now,
    unless: sql`NOT ${isPublic(siteId, commentId)} OR EXISTS (SELECT 1 FROM comment_likes WHERE comment_id = ${commentId} AND reader_hash = ${readerHash})`,
  });
  const liking = input.liked;
  const likedByReader = sql`EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = ${commentId} AND l.reader_hash = ${readerHash})`;
  const results = await namedBatch(input.writer, {
    before: db.all<{ liked: number }>(sql`SELECT ${likedByReader} AS liked`),
    prune: liking ? admission.prune : null,
    admitted: liking ? admission.admit : null,
    like: liking
      ? db.run(sql`INSERT INTO comment_likes (comment_id, reader_hash, created_at)
          SELECT ${commentId}, ${readerHash}, ${now} WHERE changes() > 0 AND ${isPublic(siteId, commentId)}
          ON CONFLICT DO NOTHING`)
      : null,
    recent: liking ? admission.recent : null,
    unlike: liking ? null : db.run(sql`DELETE FROM comment_likes WHERE comment_id = ${commentId} AND reader_hash = ${readerHash}`),
    states: db.all<{ like_count: number; status: string; article_id: number; external_id: string; liked: number }>(sql`SELECT c.like_count, c.status, c.article_id, a.external_id,
        EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = c.id AND l.reader_hash = ${readerHash}) AS liked
      FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ${commentId} AND a.site_id = ${siteId}`),
  });
  const [state] = results.states;
  if (!state || state.status !== 'approved') throw commentNotFound(commentId);
  if (liking && !state.liked) throw await refusedAction(db, siteId, 'like', admission.outcome(results.admitted ?? [], results.recent ?? []), now);
  const liked = Boolean(state.liked);
  return {
    state: { commentId, liked, likeCount: state.like_count },
    events: Boolean(results.before[0]?.liked) === liked ? [] : [{ type: 'comment.liked', siteId, article: state.external_id, articleId: state.article_id, commentId, liked }],
  };
}

/**
 * Records a reader's report (one per reader per comment, even after a moderator dismissed it;
 * repeating it changes nothing), capped per network and address per article per day by the
 * `report` policy. When the live reports come from `reportThreshold` distinct networks *and*
 * as many distinct addresses, the comment is held for review in the same batch: one person
 * with fresh tokens and User-Agents on one address cannot hide a comment.
 * Returns `comment.reported` for a new report and `comment.held` when it held the comment.
 */
export async function reportComment(input: FeedbackInput & { reason: ReportReason }): Promise<{ receipt: { commentId: number; reported: true }; events: AppEvent[] }> {
  const { db, siteId, commentId, reason, now } = input;
  const site = await loadSite({ db, siteId });
  const [target] = await db.all<{ articleId: number; article: string }>(sql`SELECT c.article_id AS articleId, a.external_id AS article FROM comments c JOIN articles a ON a.id = c.article_id
    WHERE c.id = ${commentId} AND a.site_id = ${siteId}`);
  if (!target) throw commentNotFound(commentId);
  const requester = await identifyReader({ db, secret: input.secret, token: input.readerToken, client: input.client, now });
  const { readerHash, networkHash, addressHash } = requester;
  const alreadyReported = sql`EXISTS (SELECT 1 FROM comment_reports WHERE comment_id = ${commentId} AND reader_hash = ${readerHash})`;
  const admission = limit({
    db,
    keys: policyKeys('report', site.settings, requester, `article:${target.articleId}`),
    now,
    unless: sql`NOT ${isPublic(siteId, commentId)} OR ${alreadyReported}`,
  });
  const threshold = site.settings.reportThreshold;
  const distinct = (column: SQL) =>
    sql`(SELECT count(DISTINCT ${column}) FROM comment_reports WHERE comment_id = ${commentId} AND dismissed = 0) >= ${threshold}`;
  // The deliveries of what this batch did, read at its end: this reader's report written now, the hold written now.
  const [reportedDelivery] = await deliveryStatements(db, {
    siteId,
    now,
    queued: [
      {
        event: 'comment.reported',
        data: commentEventData(
          sql`c.id = ${commentId} AND EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.reader_hash = ${readerHash} AND r.created_at = ${now})`,
          [['reason', reason], ['reportCount', sql`c.report_count`]],
        ),
      },
    ],
  });
  const [heldDelivery] = await deliveryStatements(db, {
    siteId,
    now,
    queued: [
      {
        event: 'comment.held',
        data: commentEventData(sql`c.id = ${commentId} AND c.status = 'pending' AND c.held_reason = 'reports' AND c.updated_at = ${now}`, [['reason', 'reports']]),
      },
    ],
  });
  const { admitted, inserted, recent, held, state } = await namedBatch(input.writer, {
    prune: admission.prune,
    admitted: admission.admit,
    inserted: db.all<{ comment_id: number }>(sql`INSERT INTO comment_reports (comment_id, reader_hash, reason, network_hash, address_hash, created_at, due_at)
      SELECT ${commentId}, ${readerHash}, ${reason}, ${networkHash}, ${addressHash}, ${now}, ${complaintDueAt(site.settings, now)} WHERE changes() > 0 AND ${isPublic(siteId, commentId)}
      ON CONFLICT DO NOTHING RETURNING comment_id`),
    recent: admission.recent,
    held: db.all<{ article_id: number }>(sql`UPDATE comments SET status = 'pending', held_reason = 'reports', updated_at = ${now}
      WHERE id = ${commentId} AND status = 'approved' AND ${distinct(sql`network_hash`)} AND ${distinct(sql`address_hash`)}
        AND ${isPublic(siteId, commentId)}
      RETURNING article_id`),
    state: db.all<{ status: string; report_count: number; reported: number }>(sql`SELECT c.status, c.report_count, ${alreadyReported} AS reported
      FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ${commentId} AND a.site_id = ${siteId}`),
    reportedDelivery: reportedDelivery ?? null,
    heldDelivery: heldDelivery ?? null,
  });
  const comment = state[0];
  const fresh = inserted.length > 0;
  if (!comment || (!fresh && comment.status !== 'approved')) throw commentNotFound(commentId);
  if (!comment.reported) throw await refusedAction(db, siteId, 'report', admission.outcome(admitted, recent), now);
  const events: AppEvent[] = [];
  const where = { siteId, article: target.article, articleId: target.articleId, commentId };
  if (fresh) events.push({ type: 'comment.reported', ...where, reason, reportCount: comment.report_count });
  if (held.length > 0) events.push({ type: 'comment.held', ...where, reason: 'reports' });
  return { receipt: { commentId, reported: true }, events };
}

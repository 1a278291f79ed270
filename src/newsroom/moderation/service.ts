import { type SQL, sql } from 'drizzle-orm';
import type * as v from 'valibot';
import { authorLevels } from '../../comments/trust';
import type { Db } from '../../db/client';
import { namedBatch } from '../../db/batch';
import { loadSite } from '../../sites/service';
import { AppError } from '../../lib/errors';
import { deadline } from '../../lib/deadline';
import type { AppEvent } from '../../lib/events';
import { DAY_MS } from '../../lib/time';
import type { Principal } from '../access/service';
import type { DecisionReason } from '../complaints/reasons';
import { assertOrder } from '../orders/service';
import { commentEventData, deliveryStatements } from '../webhooks/service';
import type { logEntrySchema, queueItemSchema } from './schemas';
import { commentNotOnSite } from '../../comments/rows';

/**
 * The moderation queue and its actions, on the comments table. What a reader sees follows
 * from a comment's status alone (the comments service shows `approved` only), so moderation
 * is a status change plus a log line, done in one atomic batch: the log can never miss an
 * action or record one that did not happen, and the same batch queues the webhooks' deliveries.
 * Each action returns one `moderation.*` event per comment it changed.
 */

export type QueueName = 'pending' | 'reported';
export type ModerationAction = 'approve' | 'reject' | 'spam';

const statusFor: Record<ModerationAction, 'approved' | 'rejected' | 'spam'> = { approve: 'approved', reject: 'rejected', spam: 'spam' };
const eventFor = { approve: 'moderation.approved', reject: 'moderation.rejected', spam: 'moderation.spam' } as const satisfies Record<ModerationAction, AppEvent['type']>;

export type QueueItem = v.InferOutput<typeof queueItemSchema>;

export type QueueFilter = {
  queue: QueueName;
  /** Only this article (its external id). */
  article?: string | undefined;
  /** Only comments held for this reason (`pre-moderation`, `first-comment`, `suspect-word`, `links`, `reports`). */
  reason?: string | undefined;
  /** Only comments whose body or author contains this text. */
  text?: string | undefined;
  /** Continue after this position (a queue page's `next`). */
  after?: { sortKey: number; id: number } | undefined;
  limit: number;
};

/** Comments nobody complained about sort after every complaint, oldest first. */
const NO_DUE = 999_999_999_999_999;

/** A comment's earliest undecided complaint, the queue's sort key. */
const earliestDue = sql`(SELECT min(r.due_at) FROM comment_reports r WHERE r.comment_id = c.id AND r.decided_at IS NULL)`;
const sortKey = sql`coalesce(${earliestDue}, ${NO_DUE})`;

/** The queue in due order: complaints nearest their deadline (or furthest past it) first. */
export function queueSql(siteId: string, filter: QueueFilter): SQL {
  const conditions: SQL[] = [sql`a.site_id = ${siteId}`];
  if (filter.article !== undefined) conditions.push(sql`a.external_id = ${filter.article}`);
  if (filter.reason !== undefined) conditions.push(sql`c.held_reason = ${filter.reason}`);
  if (filter.text !== undefined) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    conditions.push(sql`(c.body LIKE ${pattern} ESCAPE '\\' OR c.author_name LIKE ${pattern} ESCAPE '\\')`);
  }
  if (filter.after !== undefined) conditions.push(sql`(${sortKey}, c.id) > (${filter.after.sortKey}, ${filter.after.id})`);
  const source =
    filter.queue === 'pending'
      ? sql`comments c INDEXED BY comments_status_created CROSS JOIN articles a ON a.id = c.article_id WHERE c.status = 'pending'`
      : sql`comments c INDEXED BY comments_reported CROSS JOIN articles a ON a.id = c.article_id WHERE c.report_count > 0 AND c.status IN ('approved', 'pending')`;
  return sql`SELECT c.id, a.external_id AS articleId, a.title AS articleTitle, a.url AS articleUrl, c.parent_id AS parentId,
      c.author_name AS authorName, c.sso_user_hash IS NOT NULL AS verified, c.body, c.status, c.held_reason AS heldReason, c.report_count AS reportCount, c.created_at AS createdAt,
      ${sortKey} AS sortKey
    FROM ${source} AND ${sql.join(conditions, sql` AND `)}
    ORDER BY sortKey, c.id LIMIT ${filter.limit + 1}`;
}

/**
 * One page of the queue in due order (see `queueSql`), with report reasons counted, each
 * author's trust level and each complaint's time left at `now`; `next` continues it.
 */
export async function listQueue({ db, siteId, filter, now }: { db: Db; siteId: string; filter: QueueFilter; now: number }): Promise<{ items: QueueItem[]; next: string | null }> {
  const rows = await db.all<{
    id: number;
    articleId: string;
    articleTitle: string | null;
    articleUrl: string | null;
    parentId: number | null;
    authorName: string;
    verified: number;
    body: string;
    status: string;
    heldReason: string | null;
    reportCount: number;
    createdAt: number;
    sortKey: number;
  }>(queueSql(siteId, filter));
  const page = rows.slice(0, filter.limit);
  const { settings } = await loadSite({ db, siteId });
  const levels = await authorLevels({ db, siteId, settings, commentIds: page.map((row) => row.id), now });
  const reasons = new Map<number, Record<string, number>>();
  const networks = new Map<number, number>();
  const reported = page.filter((row) => row.reportCount > 0).map((row) => row.id);
  if (reported.length > 0) {
    const reasonRows = await db.all<{ commentId: number; reason: string; count: number }>(
      sql`SELECT comment_id AS commentId, reason, count(*) AS count FROM comment_reports
        WHERE comment_id IN (${sql.join(reported.map((id) => sql`${id}`), sql`, `)}) AND dismissed = 0 GROUP BY comment_id, reason`,
    );
    for (const row of reasonRows) reasons.set(row.commentId, { ...reasons.get(row.commentId), [row.reason]: row.count });
    const networkRows = await db.all<{ commentId: number; networks: number }>(
      sql`SELECT comment_id AS commentId, count(DISTINCT network_hash) AS networks FROM comment_reports
        WHERE comment_id IN (${sql.join(reported.map((id) => sql`${id}`), sql`, `)}) AND dismissed = 0 GROUP BY comment_id`,
    );
    for (const row of networkRows) networks.set(row.commentId, row.networks);
  }
  return {
    items: page.map((row) => ({
      id: row.id,
      article: { id: row.articleId, title: row.articleTitle, url: row.articleUrl },
      parentId: row.parentId,
      authorName: row.authorName,
      verified: Boolean(row.verified),
      body: row.body,
      status: row.status,
      heldReason: row.heldReason,
      reportCount: row.reportCount,
      reportReasons: reasons.get(row.id) ?? {},
      reportNetworks: networks.get(row.id) ?? 0,
      trust: levels.get(row.id) ?? 'baru',
      createdAt: row.createdAt,
      ...dueState(row.sortKey === NO_DUE ? null : row.sortKey, now),
    })),
    next: rows.length > filter.limit && page.length > 0 ? `${page.at(-1)!.sortKey}.${page.at(-1)!.id}` : null,
  };
}

/** `dueAt`, `msLeft` and `overdue` for something that may have no deadline. */
export function dueState(dueAt: number | null, now: number): { dueAt: number | null; msLeft: number | null; overdue: boolean } {
  return dueAt === null ? { dueAt: null, msLeft: null, overdue: false } : deadline(dueAt, now);
}

const idList = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

/**
 * Approves, rejects or marks as spam one or many of a site's comments, logging who did it, why
 * (a reason from the fixed list, plus an optional note) and, when given, the authority order it
 * answers. The comments' undecided complaints get the same decision, which their reporters can
 * read (src/newsroom/complaints). Approving also dismisses the comment's reports, taking it off
 * the reported queue: they stay stored so the same readers cannot report it again, and only new
 * reporters can put it back. Comments of other sites and deleted comments are left alone.
 */
export async function moderate({
  db,
  siteId,
  principal,
  ids,
  action,
  reason,
  note,
  orderId,
  now,
}: {
  db: Db;
  siteId: string;
  principal: Principal;
  ids: number[];
  action: ModerationAction;
  reason: DecisionReason;
  note?: string | undefined;
  orderId?: number | undefined;
  now: number;
}): Promise<{ result: { action: ModerationAction; status: string; ids: number[] }; events: AppEvent[] }> {
  if (orderId !== undefined) await assertOrder({ db, siteId, orderId });
  const unique = [...new Set(ids)];
  const status = statusFor[action];
  const event = eventFor[action];
  const noteText = note === undefined || note === '' ? null : note;
  const inSite = sql`id IN (${idList(unique)}) AND status <> 'deleted' AND article_id IN (SELECT id FROM articles WHERE site_id = ${siteId})`;
  // After the UPDATE, exactly the comments it changed: every one of the ids in the site, not deleted.
  const changedHere = sql`c.id IN (${idList(unique)}) AND c.status = ${status} AND a.site_id = ${siteId}`;
  const deliveries = await deliveryStatements(db, { siteId, now, queued: [{ event, data: commentEventData(changedHere, [['actor', principal.name]]) }] });
  const [, , updated] = await db.batch([
    db.run(sql`INSERT INTO moderation_log (site_id, comment_id, reader_hash, action, actor_key_id, actor_name, note, reason, order_id, created_at)
      SELECT ${siteId}, id, reader_hash, ${action}, ${principal.keyId}, ${principal.name},
        'was ' || status || CASE WHEN report_count > 0 THEN ', ' || report_count || ' reports' ELSE '' END
          || CASE WHEN ${noteText} IS NULL THEN '' ELSE ': ' || ${noteText} END,
        ${reason}, ${orderId ?? null}, ${now}
      FROM comments WHERE ${inSite}`),
    // The comments' undecided complaints get the decision, for their reporters to read.
    db.run(sql`UPDATE comment_reports SET decided_at = ${now}, decision = ${action}, decision_reason = ${reason}, decision_note = ${noteText}
      WHERE decided_at IS NULL AND comment_id IN (SELECT id FROM comments WHERE ${inSite})`),
    db.all<{ id: number; articleId: number; article: string }>(sql`UPDATE comments SET status = ${status}, updated_at = ${now},
        held_reason = CASE WHEN ${status} = 'approved' THEN NULL ELSE held_reason END
      WHERE ${inSite} RETURNING id, article_id AS articleId, (SELECT external_id FROM articles WHERE id = article_id) AS article`),
    ...(action === 'approve'
      ? [db.run(sql`UPDATE comment_reports SET dismissed = 1 WHERE dismissed = 0 AND comment_id IN (SELECT id FROM comments WHERE ${inSite})`)]
      : []),
    ...deliveries,
  ]);
  const changed = (updated as { id: number; articleId: number; article: string }[]).sort((a, b) => a.id - b.id);
  if (changed.length === 0) {
    throw new AppError('not_found', {
      id: 'Tidak ada komentar dengan id itu di situs ini (atau sudah dihapus penulisnya).',
      en: 'No comment with those ids on this site (or its author deleted it).',
    });
  }
  return {
    result: { action, status, ids: changed.map((row) => row.id) },
    events: changed.map((row) => ({ type: event, siteId, article: row.article, articleId: row.articleId, commentId: row.id, actor: principal.name })),
  };
}

/** The reader hash of the author of a comment on the site; 404 when the comment is not there. */
async function commentAuthorHash(db: Db, siteId: string, commentId: number): Promise<string> {
  const [found] = await db.all<{ readerHash: string }>(sql`SELECT c.reader_hash AS readerHash FROM comments c
    JOIN articles a ON a.id = c.article_id WHERE c.id = ${commentId} AND a.site_id = ${siteId}`);
  if (!found) throw commentNotOnSite(commentId);
  return found.readerHash;
}

/**
 * Mutes the reader who wrote a comment for `days` days on this site: the comments service
 * refuses their new comments until then. The reader is known only by their keyed hash.
 */
export async function muteReader({
  db,
  siteId,
  principal,
  commentId,
  days,
  now,
}: {
  db: Db;
  siteId: string;
  principal: Principal;
  commentId: number;
  days: number;
  now: number;
}): Promise<{ result: { commentId: number; until: number }; events: AppEvent[] }> {
  const until = now + days * DAY_MS;
  const readerHash = await commentAuthorHash(db, siteId, commentId);
  const data = sql`SELECT json_object('commentId', ${commentId}, 'until', ${until}, 'actor', ${principal.name}) AS data`;
  await db.batch([
    db.run(sql`INSERT INTO reader_mutes (site_id, reader_hash, until, created_by, created_at)
      VALUES (${siteId}, ${readerHash}, ${until}, ${principal.keyId}, ${now})
      ON CONFLICT (site_id, reader_hash) DO UPDATE SET until = excluded.until, created_by = excluded.created_by, created_at = excluded.created_at`),
    db.run(sql`INSERT INTO moderation_log (site_id, comment_id, reader_hash, action, actor_key_id, actor_name, note, created_at)
      VALUES (${siteId}, ${commentId}, ${readerHash}, 'mute', ${principal.keyId}, ${principal.name}, ${`${days} days`}, ${now})`),
    ...(await deliveryStatements(db, { siteId, now, queued: [{ event: 'moderation.muted', data }] })),
  ]);
  return { result: { commentId, until }, events: [{ type: 'moderation.muted', siteId, commentId, actor: principal.name, until }] };
}

/**
 * Lets the reader who wrote a comment comment again on this site. Lifting a mute that is not
 * there (never set, lifted already, run out) changes nothing and says so (`wasMuted: false`);
 * a lifted mute is logged and raises `moderation.unmuted`. Comments held while muted stay held.
 */
export async function unmuteReader({
  db,
  siteId,
  principal,
  commentId,
  now,
}: {
  db: Db;
  siteId: string;
  principal: Principal;
  commentId: number;
  now: number;
}): Promise<{ result: { commentId: number; muted: false; wasMuted: boolean }; events: AppEvent[] }> {
  const readerHash = await commentAuthorHash(db, siteId, commentId);
  const active = sql`FROM reader_mutes WHERE site_id = ${siteId} AND reader_hash = ${readerHash} AND until > ${now}`;
  const data = sql`SELECT json_object('commentId', ${commentId}, 'actor', ${principal.name}) AS data ${active}`;
  const [delivery] = await deliveryStatements(db, { siteId, now, queued: [{ event: 'moderation.unmuted', data }] });
  const { lifted } = await namedBatch(db, {
    logged: db.run(sql`INSERT INTO moderation_log (site_id, comment_id, reader_hash, action, actor_key_id, actor_name, created_at)
      SELECT ${siteId}, ${commentId}, reader_hash, 'unmute', ${principal.keyId}, ${principal.name}, ${now} ${active}`),
    delivery: delivery ?? null,
    lifted: db.all<{ until: number }>(sql`DELETE FROM reader_mutes WHERE site_id = ${siteId} AND reader_hash = ${readerHash} RETURNING until`),
  });
  const wasMuted = lifted.some((row) => row.until > now);
  return {
    result: { commentId, muted: false, wasMuted },
    events: wasMuted ? [{ type: 'moderation.unmuted', siteId, commentId, actor: principal.name }] : [],
  };
}

/**
 * Mutes the authors of several comments for `days` days, each through `muteReader` (and so
 * each logged, each with its `moderation.muted`); a comment not on the site stops the rest with its 404.
 */
export async function muteAuthors({
  db,
  siteId,
  principal,
  commentIds,
  days,
  now,
}: {
  db: Db;
  siteId: string;
  principal: Principal;
  commentIds: number[];
  days: number;
  now: number;
}): Promise<AppEvent[]> {
  const events: AppEvent[] = [];
  for (const commentId of commentIds) events.push(...(await muteReader({ db, siteId, principal, commentId, days, now })).events);
  return events;
}

export type LogEntry = v.InferOutput<typeof logEntrySchema>;

/** The site's moderation log, newest first; `before` continues it. Reader hashes are not shown. */
export async function moderationLog({ db, siteId, before, limit }: { db: Db; siteId: string; before?: number | undefined; limit: number }) {
  const rows = await db.all<LogEntry>(sql`SELECT id, comment_id AS commentId, action, actor_name AS actorName, note, reason, order_id AS orderId, created_at AS createdAt
    FROM moderation_log WHERE site_id = ${siteId} ${before === undefined ? sql`` : sql`AND id < ${before}`}
    ORDER BY id DESC LIMIT ${limit + 1}`);
  const entries = rows.slice(0, limit);
  return { entries, next: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}

/** A moderator's desk: one page of a queue (due times at `now`) and the latest `logLimit` lines of the log, read together. */
export async function moderationDesk({ db, siteId, filter, logLimit, now }: { db: Db; siteId: string; filter: QueueFilter; logLimit: number; now: number }) {
  const [queue, log] = await Promise.all([listQueue({ db, siteId, filter, now }), moderationLog({ db, siteId, limit: logLimit })]);
  return { queue, log: log.entries };
}

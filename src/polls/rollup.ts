import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/**
 * Roll-ups from an `ArticlePoll` object to D1. The object's own triggers keep its
 * `reaction_counts`, `reaction_hourly` and `reaction_daily` exact; D1 receives the difference
 * between those and what it was last sent, as one numbered flush. The flush is staged in the
 * object (numbered, with its rows) before it is sent, and D1 applies a flush only when its
 * number follows the last one it recorded for the object, in the same batch: a flush retried
 * after a timeout, an eviction or a lost answer is applied once.
 */

/**
 * A staged flush: its number, the net movement per bucket, and the readers whose votes the
 * object holds and has not reported yet (with their vote's time), for D1's `poll_readers`
 * (absent from a flush staged before readers were reported).
 */
export type Flush = { seq: number; rows: RollupRow[]; members?: Member[] };

/** A reader the object holds a vote of, and when that vote was cast. */
export type Member = { reader: string; at: number };

/** A reader erased (at `erasedAt`) after casting a vote the flush reported: the object deletes it. */
export type Erased = { reader: string; erasedAt: number };

/** Readers reported per flush at most, so a flush after a large upgrade stays a small batch. */
export const MEMBERS_PER_FLUSH = 1_000;

/** Net movement of one bucket: `count` (bucket 0) is the live counter, `hour`/`day` the aggregates. */
export type RollupRow = { kind: 'count' | 'hour' | 'day'; reaction: string; bucket: number; delta: number; casts: number };

/** The object's private bookkeeping, beside the schema the D1 migrations built. */
export const ROLLUP_SCHEMA = `
  CREATE TABLE IF NOT EXISTS poll_rollup_sent (
    kind TEXT NOT NULL, reaction_key TEXT NOT NULL, bucket INTEGER NOT NULL,
    delta INTEGER NOT NULL, casts INTEGER NOT NULL,
    PRIMARY KEY (kind, reaction_key, bucket)
  );
  CREATE TABLE IF NOT EXISTS poll_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS poll_shard_counts (shard INTEGER PRIMARY KEY, counts TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS poll_unreported (reader_hash TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE TRIGGER IF NOT EXISTS poll_unreported_vote AFTER INSERT ON votes BEGIN
    INSERT INTO poll_unreported (reader_hash, at) VALUES (NEW.reader_hash, NEW.created_at)
      ON CONFLICT (reader_hash) DO UPDATE SET at = excluded.at;
  END;
`;

/**
 * Readers whose votes the object holds but has not reported to D1: the first
 * `MEMBERS_PER_FLUSH` of them (an object's trigger adds a reader at each new vote; the object
 * fills it once with the votes it held before the trigger existed).
 */
export function unreportedMembers(storage: SqlStorage): Member[] {
  return storage.exec<Member>('SELECT reader_hash AS reader, at FROM poll_unreported LIMIT ?', MEMBERS_PER_FLUSH).toArray();
}

/** Every bucket as the object's triggers have it now. */
const CURRENT = `
  SELECT 'count' AS kind, reaction_key, 0 AS bucket, count AS delta, 0 AS casts FROM reaction_counts WHERE article_id = ?1
  UNION ALL SELECT 'hour', reaction_key, hour, delta, casts FROM reaction_hourly WHERE article_id = ?1
  UNION ALL SELECT 'day', reaction_key, day, delta, casts FROM reaction_daily WHERE article_id = ?1`;

/**
 * Marks everything the object holds now as already in D1: after votes were moved in from D1
 * (whose counters include them), so they are not sent twice.
 */
export function markAllSent(storage: SqlStorage, articleId: number): void {
  storage.exec(
    `INSERT INTO poll_rollup_sent (kind, reaction_key, bucket, delta, casts) SELECT * FROM (${CURRENT}) WHERE true
     ON CONFLICT (kind, reaction_key, bucket) DO UPDATE SET delta = excluded.delta, casts = excluded.casts`,
    articleId,
  );
}

/** The movement not yet sent to D1, as rows (read only). */
export function unsentMovement(storage: SqlStorage, articleId: number): RollupRow[] {
  return storage
    .exec<RollupRow>(
      `SELECT c.kind, c.reaction_key AS reaction, c.bucket,
         c.delta - coalesce(s.delta, 0) AS delta, c.casts - coalesce(s.casts, 0) AS casts
       FROM (${CURRENT}) c
       LEFT JOIN poll_rollup_sent s ON s.kind = c.kind AND s.reaction_key = c.reaction_key AND s.bucket = c.bucket
       WHERE c.delta <> coalesce(s.delta, 0) OR c.casts <> coalesce(s.casts, 0)`,
      articleId,
    )
    .toArray();
}

/**
 * The movement not yet sent, recorded as sent in the same synchronous step (so in one
 * implicit transaction of the object). The caller stores it as the pending flush at once.
 */
export function stageMovement(storage: SqlStorage, articleId: number): RollupRow[] {
  const rows = unsentMovement(storage, articleId);
  if (rows.length > 0) markAllSent(storage, articleId);
  return rows;
}

/**
 * The D1 batch for one flush. The first two statements claim the flush number: they move the
 * object's recorded number from `seq - 1` to `seq`, or record 1 for its first flush, under a
 * fresh `attempt` token; and every
 * other statement applies only where that token is the one recorded, so a retry (a new token,
 * same number) changes nothing. The flush also records the readers it reports in
 * `poll_readers`, except those erased since their vote, whom the second-to-last statement
 * reads back so the object deletes their votes. The last statement reads the number D1 now holds.
 */
export function flushStatements(d1: Db, { object, siteId, articleId, shard, flush, attempt, now }: {
  object: string;
  siteId: string;
  articleId: number;
  shard: number;
  flush: Flush;
  attempt: string;
  now: number;
}) {
  const of = (kind: RollupRow['kind']) => JSON.stringify(flush.rows.filter((row) => row.kind === kind));
  const votes = flush.rows.filter((row) => row.kind === 'count').reduce((sum, row) => sum + row.delta, 0);
  const claimed = sql`EXISTS (SELECT 1 FROM rollup_flushes WHERE object = ${object} AND attempt = ${attempt})`;
  const members = JSON.stringify(flush.members ?? []);
  const erasedAfterVote = sql`e.reader_hash = m.value ->> 'reader' AND e.erased_at >= m.value ->> 'at'`;
  return [
    d1.run(sql`UPDATE rollup_flushes SET seq = ${flush.seq}, attempt = ${attempt}, flushed_at = ${now}
      WHERE object = ${object} AND seq = ${flush.seq - 1}`),
    d1.run(sql`INSERT INTO rollup_flushes (object, seq, attempt, flushed_at)
      SELECT ${object}, ${flush.seq}, ${attempt}, ${now} WHERE ${flush.seq} = 1
      ON CONFLICT (object) DO NOTHING`),
    d1.run(sql`INSERT INTO reaction_counts (article_id, reaction_key, count)
      SELECT ${articleId}, r.value ->> 'reaction', r.value ->> 'delta' FROM json_each(${of('count')}) r WHERE ${claimed}
      ON CONFLICT (article_id, reaction_key) DO UPDATE SET count = count + excluded.count`),
    d1.run(sql`INSERT INTO reaction_hourly (site_id, article_id, reaction_key, hour, delta, casts)
      SELECT ${siteId}, ${articleId}, r.value ->> 'reaction', r.value ->> 'bucket', r.value ->> 'delta', r.value ->> 'casts'
      FROM json_each(${of('hour')}) r WHERE ${claimed}
      ON CONFLICT (article_id, reaction_key, hour) DO UPDATE SET delta = delta + excluded.delta, casts = casts + excluded.casts`),
    d1.run(sql`INSERT INTO reaction_daily (site_id, article_id, reaction_key, day, delta, casts)
      SELECT ${siteId}, ${articleId}, r.value ->> 'reaction', r.value ->> 'bucket', r.value ->> 'delta', r.value ->> 'casts'
      FROM json_each(${of('day')}) r WHERE ${claimed}
      ON CONFLICT (article_id, reaction_key, day) DO UPDATE SET delta = delta + excluded.delta, casts = casts + excluded.casts`),
    // The first flush that brings votes dates the article's first vote (its closing schedule counts from it).
    d1.run(sql`UPDATE articles SET vote_count = vote_count + ${votes},
        first_vote_at = CASE WHEN ${votes} > 0 THEN coalesce(first_vote_at, ${now}) ELSE first_vote_at END
      WHERE id = ${articleId} AND ${claimed}`),
    d1.run(sql`INSERT INTO poll_readers (reader_hash, article_id, shard)
      SELECT m.value ->> 'reader', ${articleId}, ${shard} FROM json_each(${members}) m
      WHERE ${claimed} AND NOT EXISTS (SELECT 1 FROM reader_erasures e WHERE ${erasedAfterVote})
      ON CONFLICT DO NOTHING`),
    d1.all<Erased>(sql`SELECT e.reader_hash AS reader, e.erased_at AS erasedAt
      FROM json_each(${members}) m JOIN reader_erasures e ON ${erasedAfterVote}`),
    d1.all<{ seq: number }>(sql`SELECT seq FROM rollup_flushes WHERE object = ${object}`),
  ] as const;
}

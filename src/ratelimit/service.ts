import { sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../db/client';

/** At most `limit` admitted hits in any `windowSeconds`-long stretch of time. */
export type RateRule = { limit: number; windowSeconds: number };

export type RateOutcome = { allowed: true } | { allowed: false; retryAfter: number; rule: RateRule };

/** Rows older than the longest window any caller uses (a day) are pruned, a bounded number per call. */
const PRUNE_AFTER_MS = 2 * 86_400_000;
const PRUNE_BATCH = 100;

/**
 * Admits one hit for every key at once, or for none, if each key's recent hits leave room
 * under every rule; the answer says how long to wait otherwise.
 *
 * The table is a sliding log, one row per admitted hit (`window_start` is the hit's time), so
 * "one comment per 30 seconds" means exactly that: a fixed 30-second window would let two
 * through a moment apart across its boundary. Admission is a single `INSERT … SELECT … WHERE`
 * (SQLite runs one writer at a time), so concurrent hits can never both take the last slot.
 * Keys must already be keyed hashes: never a raw address or token.
 *
 * @example await admitHit({ db, keys: [`comment:${readerHash}`], rules: [{ limit: 1, windowSeconds: 30 }], now })
 */
export async function admitHit({ db, keys, rules, now }: { db: Db; keys: readonly string[]; rules: readonly RateRule[]; now: number }): Promise<RateOutcome> {
  const active = rules.filter((rule) => rule.windowSeconds > 0);
  if (active.length === 0 || keys.length === 0) return { allowed: true };
  const longest = Math.max(...active.map((rule) => rule.windowSeconds * 1000));
  const keyList = sql.join(keys.map((key) => sql`${key}`), sql`, `);
  const roomFor = (key: string) =>
    sql.join(
      active.map(
        (rule) => sql`coalesce((SELECT sum(count) FROM rate_limits WHERE key = ${key} AND window_start > ${now - rule.windowSeconds * 1000}), 0) < ${rule.limit}`,
      ),
      sql` AND `,
    );
  const everyKeyHasRoom = sql.join(keys.map(roomFor), sql` AND `);
  const results = (await db.batch([
    db.run(sql`DELETE FROM rate_limits WHERE rowid IN
      (SELECT rowid FROM rate_limits WHERE window_start < ${now - PRUNE_AFTER_MS} LIMIT ${PRUNE_BATCH})`),
    db.all(sql`INSERT INTO rate_limits (key, window_start, count)
      SELECT column1, ${now}, 1 FROM (VALUES ${sql.join(keys.map((key) => sql`(${key})`), sql`, `)}) WHERE ${everyKeyHasRoom}
      ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1
      RETURNING key`),
    db.all(sql`SELECT key, window_start AS at, count FROM rate_limits
      WHERE key IN (${keyList}) AND window_start > ${now - longest} ORDER BY window_start DESC`),
  ] as unknown as [BatchItem, ...BatchItem[]])) as unknown as [unknown, unknown[], { key: string; at: number; count: number }[]];
  const [, admitted, recent] = results;
  if (admitted.length > 0) return { allowed: true };
  let refusal: RateOutcome = { allowed: true };
  for (const key of keys) {
    const hits = recent.filter((hit) => hit.key === key);
    for (const rule of active) {
      const windowMs = rule.windowSeconds * 1000;
      let seen = 0;
      for (const hit of hits) {
        if (hit.at <= now - windowMs) break;
        seen += hit.count;
        if (seen >= rule.limit) {
          const retryAfter = Math.max(1, Math.ceil((hit.at + windowMs - now) / 1000));
          if (refusal.allowed || retryAfter > refusal.retryAfter) refusal = { allowed: false, retryAfter, rule };
          break;
        }
      }
    }
  }
  return refusal.allowed ? { allowed: false, retryAfter: 1, rule: active[0]! } : refusal;
}

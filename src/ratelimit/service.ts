import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { RateQuota } from '../lib/errors';

/** At most `limit` admitted hits in any `windowSeconds`-long stretch of time. */
export type RateRule = { limit: number; windowSeconds: number };

/**
 * Whether the hit was admitted, and the binding quota (the rule and key closest to exhaustion)
 * as it stands after this hit, for `RateLimit-*` headers.
 */
export type RateOutcome = ({ allowed: true } | { allowed: false; retryAfter: number; rule: RateRule }) & { quota: RateQuota | null };

type Hit = { key: string; at: number; count: number };

/**
 * Rows older than the longest window any caller uses (a day) are pruned: on every
 * `PRUNE_EVERY`th admission in a process, at most `PRUNE_BATCH` rows, which is more than the
 * admissions in between can add (each adds a row per key).
 */
const PRUNE_AFTER_MS = 2 * 86_400_000;
export const PRUNE_EVERY = 32;
const PRUNE_BATCH = 400;
let admissions = 0;

/**
 * A rate-limit admission as statements for the caller's own atomic batch, so the hit and the
 * write it guards commit together (or not at all), plus how to read their results.
 *
 * The table is a sliding log, one row per admitted hit (`window_start` is the hit's time), so
 * "one comment per 30 seconds" means exactly that: a fixed 30-second window would let two
 * through a moment apart across its boundary. Admission is a single `INSERT … SELECT … WHERE`
 * (SQLite runs one writer at a time), so concurrent hits can never both take the last slot.
 * `unless` stops the admission (a re-run of a batch whose write already landed must not spend
 * the limit twice). The statement after `admit` may test `changes() > 0` to know whether the
 * hit was admitted. Keys must already be keyed hashes: never a raw address or token.
 */
export function rateAdmission({ db, keys, rules, now, unless }: { db: Db; keys: readonly string[]; rules: readonly RateRule[]; now: number; unless?: SQL }) {
  const active = rules.filter((rule) => rule.windowSeconds > 0);
  const longest = Math.max(0, ...active.map((rule) => rule.windowSeconds * 1000));
  const keyList = sql.join(keys.map((key) => sql`${key}`), sql`, `);
  const roomFor = (key: string) =>
    sql.join(
      active.map(
        (rule) => sql`coalesce((SELECT sum(count) FROM rate_limits WHERE key = ${key} AND window_start > ${now - rule.windowSeconds * 1000}), 0) < ${rule.limit}`,
      ),
      sql` AND `,
    );
  const everyKeyHasRoom = active.length === 0 ? sql`1` : sql.join(keys.map(roomFor), sql` AND `);
  return {
    /** Present on the admissions that prune; run it in the same batch, before `admit`. */
    prune:
      admissions++ % PRUNE_EVERY === 0
        ? db.run(sql`DELETE FROM rate_limits WHERE rowid IN
            (SELECT rowid FROM rate_limits WHERE window_start < ${now - PRUNE_AFTER_MS} LIMIT ${PRUNE_BATCH})`)
        : null,
    admit: db.all(sql`INSERT INTO rate_limits (key, window_start, count)
      SELECT column1, ${now}, 1 FROM (VALUES ${sql.join(keys.map((key) => sql`(${key})`), sql`, `)})
      WHERE ${everyKeyHasRoom} AND NOT (${unless ?? sql`0`})
      ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1
      RETURNING key`),
    // Unordered: one index range per key; the few rows (bounded by the daily quota) are sorted here.
    recent: db.all(sql`SELECT key, window_start AS at, count FROM rate_limits
      WHERE key IN (${keyList}) AND window_start > ${now - longest}`),
    /** Reads `admit`'s and `recent`'s results. */
    outcome(admitted: unknown[], recent: unknown[]): RateOutcome {
      const hits = [...(recent as Hit[])].sort((a, b) => b.at - a.at);
      const quota = bindingQuota(keys, active, hits, now);
      if (admitted.length > 0 || active.length === 0) return { allowed: true, quota };
      const refusal = quota && quota.remaining === 0 ? quota : null;
      return {
        allowed: false,
        retryAfter: Math.max(1, refusal?.reset ?? 1),
        rule: active.find((rule) => rule.limit === refusal?.limit && rule.windowSeconds === refusal.windowSeconds) ?? active[0]!,
        quota,
      };
    },
  };
}

/**
 * The quota closest to exhaustion over every key and rule (the fewest remaining; on a tie the
 * longest wait), as the IETF RateLimit header fields describe one policy. `reset` is the
 * seconds until a hit can be admitted again when none remain, else until the oldest counted
 * hit leaves the window and one more becomes available.
 */
export function bindingQuota(keys: readonly string[], rules: readonly RateRule[], hitsNewestFirst: readonly Hit[], now: number): RateQuota | null {
  let binding: RateQuota | null = null;
  for (const key of keys) {
    const hits = hitsNewestFirst.filter((hit) => hit.key === key);
    for (const rule of rules) {
      const windowMs = rule.windowSeconds * 1000;
      const inWindow = hits.filter((hit) => hit.at > now - windowMs);
      const used = inWindow.reduce((sum, hit) => sum + hit.count, 0);
      let freesAt = inWindow.at(-1)?.at;
      let newest = 0;
      for (const hit of inWindow) {
        newest += hit.count;
        if (newest >= rule.limit) {
          freesAt = hit.at;
          break;
        }
      }
      const quota: RateQuota = {
        limit: rule.limit,
        windowSeconds: rule.windowSeconds,
        remaining: Math.max(0, rule.limit - used),
        reset: freesAt === undefined ? 0 : Math.max(1, Math.ceil((freesAt + windowMs - now) / 1000)),
      };
      if (!binding || quota.remaining < binding.remaining || (quota.remaining === binding.remaining && quota.reset > binding.reset)) binding = quota;
    }
  }
  return binding;
}

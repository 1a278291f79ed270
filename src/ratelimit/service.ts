import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { namedBatch } from '../db/batch';
import { FlatSql } from '../db/flat-sql';
import { AppError, type RateQuota } from '../lib/errors';
import { DAY_MS, utcDay } from '../lib/time';
import type { SiteSettings } from '../sites/schemas';

/** At most `limit` admitted hits in any `windowSeconds`-long stretch of time. */
export type RateRule = { limit: number; windowSeconds: number };

/** A rule a solved challenge lets a request pass (a soft ceiling), or one nothing passes. */
export type CeilingRule = RateRule & { soft?: true };

/** One key a policy counts against (a keyed hash, never a raw value) and its ceilings there. */
export type LimitKey = { key: string; rules: readonly CeilingRule[] };

/** The limiter's named policies: what the newsroom sees counted in `limit_fired`. */
export const policyNames = ['vote', 'comment', 'like', 'report', 'signin'] as const;
export type PolicyName = (typeof policyNames)[number];

/** Who is asking, as keyed hashes of the day (src/readers/service.ts). */
export type Requester = { readerHash: string; networkHash: string; addressHash: string };

const DAY_SECONDS = DAY_MS / 1000;

/** Sign-ins are per instance, not per site: twenty attempts per address in fifteen minutes. */
export const SIGNIN_RULE: RateRule = { limit: 20, windowSeconds: 15 * 60 };

/**
 * The keys and ceilings of a site's policy for one requester. Every policy counts against the
 * address (an IPv6 /64), which rotating the User-Agent, the reader token or a header does not
 * change, with a higher ceiling than the network key because Indonesian carriers put many
 * readers behind one address. Past an address's soft ceiling a vote or comment must carry a
 * solved challenge; `hardCeilingFactor` times it, nothing passes.
 *
 * - `vote`, per article and day: distinct new voters per network (`votesPerNetworkPerDay`) and
 *   per address (`votesPerAddressPerDay`, soft). Moving a vote costs nothing.
 * - `comment`, per site: per reader and per network one per `commentIntervalSeconds` and
 *   `commentsPerDay`; per address `commentsPerAddressPerDay` a day (soft).
 * - `like`, per comment and day: per network `votesPerNetworkPerDay`, per address
 *   `likesPerAddressPerDay`.
 * - `report`, per article and day: per network `reportsPerNetworkPerDay`, per address that
 *   times `hardCeilingFactor`.
 *
 * @example policyKeys('vote', site.settings, requester, `article:${articleId}`)
 */
export function policyKeys(policy: Exclude<PolicyName, 'signin'>, settings: SiteSettings, who: Requester, scope: string): LimitKey[] {
  const day = (limit: number, soft?: true): CeilingRule => ({ limit, windowSeconds: DAY_SECONDS, ...(soft && { soft }) });
  const softAndHard = (soft: number) => [day(soft, true), day(Math.max(1, soft) * settings.hardCeilingFactor)];
  const key = (kind: string, hash: string) => `${policy}:${scope}:${kind}:${hash}`;
  // A network (address and User-Agent) is one part of its address: its hits are recorded
  // under the address's key, so one row counts against both (see `limit`).
  const address = key('address', who.addressHash);
  const network = `${address}:network:${who.networkHash}`;
  switch (policy) {
    case 'vote':
      return [
        { key: network, rules: [day(settings.votesPerNetworkPerDay)] },
        { key: address, rules: softAndHard(settings.votesPerAddressPerDay) },
      ];
    case 'comment': {
      const perReader = [{ limit: 1, windowSeconds: settings.commentIntervalSeconds }, day(settings.commentsPerDay)];
      return [
        { key: key('reader', who.readerHash), rules: perReader },
        { key: network, rules: perReader },
        { key: address, rules: softAndHard(settings.commentsPerAddressPerDay) },
      ];
    }
    case 'like':
      return [
        { key: network, rules: [day(settings.votesPerNetworkPerDay)] },
        { key: address, rules: [day(settings.likesPerAddressPerDay)] },
      ];
    case 'report':
      return [
        { key: network, rules: [day(settings.reportsPerNetworkPerDay)] },
        { key: address, rules: [day(settings.reportsPerNetworkPerDay * settings.hardCeilingFactor)] },
      ];
  }
}

/**
 * A reader's data requests (export, erasure) per address: a reader makes a handful, and each one
 * reads or deletes everything stored under a token (and, on Workers, records the erasure), so a
 * client cycling random tokens must not make them without end.
 */
export const READER_DATA_RULE: RateRule = { limit: 30, windowSeconds: 15 * 60 };

/**
 * Counts one hit of `rule` against one key in a batch of its own and refuses past it (429 with
 * `Retry-After`), for requests that guard no single write of their own: sign-in attempts, a
 * reader's data requests. The hit counts whatever the request turns out to do.
 */
export async function admitHit({ db, key, rule, now, message }: { db: Db; key: string; rule: RateRule; now: number; message: () => { id: string; en: string } }): Promise<void> {
  const admission = limit({ db, keys: [{ key, rules: [rule] }], now });
  const { admitted, recent } = await namedBatch(db, { admitted: admission.admit, recent: admission.recent });
  const outcome = admission.outcome(admitted, recent);
  if (!outcome.allowed) throw refusal(outcome, '', message);
}

/**
 * Whether the hit was admitted; if not, whether a solved challenge would admit it (only soft
 * ceilings were reached) or when to retry. `quota` is the binding rule as it stands after this
 * hit, for `RateLimit-*` headers.
 */
export type LimitOutcome = (
  | { allowed: true }
  | { allowed: false; challenge: true }
  | { allowed: false; challenge: false; retryAfter: number; rule: RateRule }
) & { quota: RateQuota | null };

type Hit = { key: string; at: number; count: number };

/**
 * Rows older than the longest window any policy uses (a day) are pruned: on every
 * `PRUNE_EVERY`th admission in a process, at most `PRUNE_BATCH` rows, which is more than the
 * admissions in between can add (each adds a row per key).
 */
const PRUNE_AFTER_MS = 2 * DAY_MS;
export const PRUNE_EVERY = 32;
const PRUNE_BATCH = 400;
let admissions = 0;

const spentKey = (proofId: string) => `challenge:${proofId}`;

/**
 * Records a verified challenge as spent in `db` (one statement) and says whether it was
 * unspent until now. The vote batch's own `spend` records it where the vote is written; where
 * that is not the shared database (an article's object on Workers), this claims it there first,
 * so a proof admits one vote in the whole deployment. The retention clean-up deletes the row
 * with the rest of the limiter's log.
 */
export async function claimProof(db: Db, proofId: string, now: number): Promise<boolean> {
  const key = spentKey(proofId);
  const claimed = await db.all(sql`INSERT INTO rate_limits (key, window_start, count)
    SELECT ${key}, ${now}, 1 WHERE NOT EXISTS (SELECT 1 FROM rate_limits WHERE key = ${key})
    ON CONFLICT DO NOTHING RETURNING key`);
  return claimed.length > 0;
}

/**
 * The one limiter: an admission under a policy's keys as statements for the caller's own
 * atomic batch, so the hit and the write it guards commit together (or not at all), plus how
 * to read their results.
 *
 * The table is a sliding log, one row per admitted hit and key (`window_start` is the hit's
 * time), so "one comment per 30 seconds" means exactly that. A key counts its own rows and
 * those of the keys below it (`<key>:…`), and a hit is recorded only under the keys with none
 * below them: a network's key lies below its address's, so one row counts a vote against both.
 * Admission is a single `INSERT … SELECT … WHERE` (SQLite runs one writer at a time), so
 * concurrent hits can never both take the last slot, and a refused hit writes nothing.
 * `unless` stops the admission without refusing (a vote being moved, a re-run of a batch whose
 * write already landed). The statement right after `admit` may test `changes() > 0` to know
 * whether the hit was admitted.
 *
 * `proofId` is a verified challenge (src/ratelimit/challenge.ts) not checked for reuse yet:
 * while no row records it as spent, soft ceilings do not bind. Put `spend` right after the
 * guarded write: it records the proof as spent when that write changed a row.
 *
 * @example
 * const admission = limit({ db, keys: policyKeys('vote', settings, who, scope), now, unless });
 * const { admitted, recent } = await namedBatch(writer, { admitted: admission.admit, write: guardedWrite, spent: admission.spend, recent: admission.recent });
 */
export function limit({ db, keys, now, unless, proofId }: { db: Db; keys: readonly LimitKey[]; now: number; unless?: SQL | FlatSql; proofId?: string | null }) {
  const longest = Math.max(0, ...keys.flatMap((entry) => entry.rules.map((rule) => rule.windowSeconds * 1000)));
  // A key counts its own rows and those of the keys below it (`<key>:…`); a hit is recorded
  // once, under each key with none below it in this admission.
  const below = (key: string) => keys.some((other) => other.key.startsWith(`${key}:`));
  const recorded = keys.filter(({ key }) => !below(key));
  // Both statements are written flat (src/db/flat-sql.ts): they are assembled on every vote,
  // comment, like and report, and as nested fragments cost more to build than to run.
  const admit = new FlatSql().text('INSERT INTO rate_limits (key, window_start, count) SELECT column1, ').value(now).text(', 1 FROM (VALUES ');
  admit.list(recorded, ', ', (statement, { key }) => statement.text('(').value(key).text(')')).text(') WHERE ');
  // `unless` first: a request it stops (a vote being moved) skips every sum.
  if (unless) admit.text('NOT (').value(unless).text(') AND ');
  // Each key's hits in each distinct window are summed once (`u0`, `u1`, …), however many of its
  // rules share the window (an address's soft and hard ceilings both span a day). A key with keys
  // below it sums its own rows and theirs in one range: `[key, key;)` holds the key itself and
  // every `key:…` (`;` sorts right after `:`), and no other key, since each part of a key has a
  // fixed form.
  const sums = new Map<string, { key: string; windowSeconds: number; column: string }>();
  const usedBy = (key: string, windowSeconds: number) => {
    const name = `${windowSeconds}\n${key}`;
    let sum = sums.get(name);
    if (sum === undefined) {
      sum = { key, windowSeconds, column: `u${sums.size}` };
      sums.set(name, sum);
    }
    return sum.column;
  };
  const room = (statement: FlatSql, key: string, rule: RateRule) =>
    rule.windowSeconds <= 0 ? statement.text('1') : statement.text(`${usedBy(key, rule.windowSeconds)} < `).value(rule.limit);
  const everyRoom = (statement: FlatSql, key: string, rules: readonly RateRule[]) =>
    rules.length === 0 ? statement.text('1') : statement.list(rules, ' AND ', (_, rule) => room(statement, key, rule));
  // Per key: room under every hard ceiling, and under every soft one unless an unspent proof came.
  admit.text('(SELECT ').list(keys, ' AND ', (statement, { key, rules }) => {
    everyRoom(statement, key, rules.filter((rule) => !rule.soft)).text(' AND (');
    everyRoom(statement, key, rules.filter((rule) => rule.soft)).text(' OR ');
    if (proofId) statement.text('NOT EXISTS (SELECT 1 FROM rate_limits WHERE key = ').value(spentKey(proofId)).text('))');
    else statement.text('0)');
  });
  admit.text(' FROM (SELECT ');
  if (sums.size === 0) admit.text('0');
  admit.list([...sums.values()], ', ', (statement, { key, windowSeconds, column }) => {
    statement.text('coalesce((SELECT sum(count) FROM rate_limits WHERE ');
    if (below(key)) statement.text('key >= ').value(key).text(' AND key < ').value(`${key};`);
    else statement.text('key = ').value(key);
    statement.text(' AND window_start > ').value(now - windowSeconds * 1000).text(`), 0) AS ${column}`);
  });
  admit.text('))');
  admit.text(' ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING key');
  // The keys' rows: those of each key below no other, and of the keys below it. Built when a
  // caller asks (a landed vote never does).
  const recentRows = () => {
    const tops = keys.filter(({ key }) => !keys.some((other) => key.startsWith(`${other.key}:`)));
    // Each key's rows as the admission sums them: a key with keys below it as one range.
    const recent = new FlatSql().list(tops, ' UNION ALL ', (statement, { key }) => {
      statement.text('SELECT key, window_start AS at, count FROM rate_limits WHERE ');
      if (below(key)) statement.text('key >= ').value(key).text(' AND key < ').value(`${key};`);
      else statement.text('key = ').value(key);
      statement.text(' AND window_start > ').value(now - longest);
    });
    return db.all(recent.toSql());
  };
  return {
    /** Present on the admissions that prune; run it in the same batch, before `admit`. */
    prune:
      admissions++ % PRUNE_EVERY === 0
        ? db.run(sql`DELETE FROM rate_limits WHERE rowid IN
            (SELECT rowid FROM rate_limits WHERE window_start < ${now - PRUNE_AFTER_MS} LIMIT ${PRUNE_BATCH})`)
        : null,
    admit: db.all(admit.toSql()),
    /** Records the proof as spent when the statement before it changed a row; `null` without a proof. */
    spend: proofId
      ? db.run(sql`INSERT INTO rate_limits (key, window_start, count) SELECT ${spentKey(proofId)}, ${now}, 1 WHERE changes() > 0 ON CONFLICT DO NOTHING`)
      : null,
    /** The keys' hits in the longest window, read after the write, for `outcome`. */
    get recent() {
      return recentRows();
    },
    /** Reads `admit`'s and `recent`'s results. */
    outcome(admitted: unknown[], recent: unknown[]): LimitOutcome {
      const hits = [...(recent as Hit[])].sort((a, b) => b.at - a.at);
      const hard = keys.map(({ key, rules }) => ({ key, rules: rules.filter((rule) => !rule.soft) }));
      const soft = keys.map(({ key, rules }) => ({ key, rules: rules.filter((rule) => rule.soft) }));
      const quota = bindingQuota(proofId ? hard : keys, hits, now);
      if (admitted.length > 0) return { allowed: true, quota };
      const hardQuota = bindingQuota(hard, hits, now);
      if (hardQuota && hardQuota.remaining === 0) {
        const rule = keys.flatMap((entry) => entry.rules).find((candidate) => candidate.limit === hardQuota.limit && candidate.windowSeconds === hardQuota.windowSeconds)!;
        return { allowed: false, challenge: false, retryAfter: Math.max(1, hardQuota.reset), rule, quota: hardQuota };
      }
      const softQuota = bindingQuota(soft, hits, now);
      if (softQuota && softQuota.remaining === 0) return { allowed: false, challenge: true, quota };
      // Nothing exhausted now: a moment's race with another hit. Asking again will do.
      return { allowed: false, challenge: false, retryAfter: 1, rule: keys[0]?.rules[0] ?? { limit: 0, windowSeconds: 1 }, quota };
    },
  };
}

/** Whether a hit recorded under `recordedKey` counts against `key`: the key itself or one below it. */
function countsAgainst(recordedKey: string, key: string): boolean {
  return recordedKey === key || recordedKey.startsWith(`${key}:`);
}

/**
 * The quota closest to exhaustion over every key and rule (the fewest remaining; on a tie the
 * longest wait), as the IETF RateLimit header fields describe one policy. `reset` is the
 * seconds until a hit can be admitted again when none remain, else until the oldest counted
 * hit leaves the window and one more becomes available.
 */
export function bindingQuota(keys: readonly LimitKey[], hitsNewestFirst: readonly Hit[], now: number): RateQuota | null {
  let binding: RateQuota | null = null;
  for (const { key, rules } of keys) {
    const hits = hitsNewestFirst.filter((hit) => countsAgainst(hit.key, key));
    for (const rule of rules) {
      if (rule.windowSeconds <= 0) continue;
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

/**
 * Counts one refusal of a site's policy for today, for the newsroom (`limitStats`). A separate
 * statement after the refused batch: the refusal itself changed nothing a reader can see.
 */
export async function countFired({ db, siteId, policy, now }: { db: Db; siteId: string; policy: PolicyName; now: number }): Promise<void> {
  await db.run(sql`INSERT INTO limit_fired (site_id, policy, day, count) VALUES (${siteId}, ${policy}, ${utcDay(now)}, 1)
    ON CONFLICT (site_id, policy, day) DO UPDATE SET count = count + 1`);
}

/** How often each policy refused requests on a site, per day, over the last `days` days (newest first). */
export async function limitStats({ db, siteId, now, days = 7 }: { db: Db; siteId: string; now: number; days?: number }) {
  const rows = await db.all<{ policy: PolicyName; day: string; count: number }>(sql`SELECT policy, day, count FROM limit_fired
    WHERE site_id = ${siteId} AND day > ${utcDay(now - days * DAY_MS)} ORDER BY day DESC, policy`);
  return rows;
}

/**
 * The answer to a refused admission: `challenge_required` (429 without `Retry-After`: solve
 * the site's challenge and send it as `proof`) when only soft ceilings bind, else
 * `rate_limited` with `Retry-After`. `message` words the hard refusal for the policy.
 */
export function refusal(outcome: Extract<LimitOutcome, { allowed: false }>, siteId: string, message: (retryAfter: number, rule: RateRule) => { id: string; en: string }): AppError {
  if (outcome.challenge) {
    return new AppError(
      'challenge_required',
      {
        id: 'Banyak permintaan dari alamat jaringan ini. Selesaikan tantangan singkat lalu kirim lagi.',
        en: 'Many requests come from this network address. Solve a short challenge and send again.',
      },
      { details: [{ path: 'proof', message: `solve GET /v1/sites/${siteId}/challenge and send the solution as proof` }] },
    );
  }
  return new AppError('rate_limited', message(outcome.retryAfter, outcome.rule), {
    retryAfter: outcome.retryAfter,
    ...(outcome.quota ? { quota: outcome.quota } : {}),
  });
}

import type { Db } from '../db/client';
import { perDb, TtlCache } from '../lib/ttl-cache';

/** Spread expiries over the last half of the TTL (see TtlCache). */
const EXPIRY_JITTER = 0.5;

/** An article's state and counters as the poll read needs them; the same for every reader. */
export type Tally = {
  article: { pollOpen: boolean; commentsOpen: boolean; commentCount: number };
  counts: ReadonlyMap<string, number>;
};

/**
 * How long a tally may be served without a read when no write in this process touched it.
 * Writes through this process invalidate at once; the TTL bounds staleness for writes this
 * process cannot see (another process, another isolate, a feature that forgot to invalidate)
 * and matches the public poll's `max-age`, so it adds no staleness a shared cache does not.
 */
const TALLY_TTL_MS = 5_000;

type Entry = { tally: Tally | undefined; invalidatedAt: number };

/**
 * A per-process cache of tallies with write-through invalidation. A read that started before
 * a write may finish after it; the write sequence number stops such a read from putting its
 * older tally back (`fill` is refused when the article was invalidated after `ticket`).
 */
export class TallyCache {
  readonly #entries: TtlCache<number, Entry>;
  #writes = 0;

  constructor(ttlMs = TALLY_TTL_MS, maxEntries = 20_000) {
    this.#entries = new TtlCache(ttlMs, maxEntries, EXPIRY_JITTER);
  }

  get(articleId: number): Tally | undefined {
    return this.#entries.get(articleId)?.tally;
  }

  /** Take before reading the database; pass to `fill` with what was read. */
  ticket(): number {
    return this.#writes;
  }

  fill(articleId: number, ticket: number, tally: Tally): void {
    const entry = this.#entries.get(articleId);
    if (entry && entry.invalidatedAt > ticket) return;
    this.#entries.set(articleId, { tally, invalidatedAt: entry?.invalidatedAt ?? 0 });
  }

  /** Call after a write that changes the article's counters or state has committed. */
  invalidate(articleId: number): void {
    this.#writes++;
    this.#entries.set(articleId, { tally: undefined, invalidatedAt: this.#writes });
  }
}

/** One tally cache per database handle (per process on Node, per isolate on Workers). */
export const tallyCache = perDb<Db, TallyCache>(() => new TallyCache());

/** Drops the article's cached tally in this process; for any write that moves its counters or state. */
export function invalidateTally(db: Db, articleId: number): void {
  tallyCache(db).invalidate(articleId);
}

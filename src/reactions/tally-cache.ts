import type { Db } from '../db/client';
import { perDb } from '../lib/ttl-cache';
import { WriteThroughCache } from '../lib/write-through-cache';

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

/** Tallies per article id; see WriteThroughCache for the invalidation rules. */
export class TallyCache extends WriteThroughCache<Tally> {
  constructor(ttlMs = TALLY_TTL_MS, maxArticles = 20_000) {
    super(ttlMs, maxArticles);
  }
}

/** One tally cache per database handle (per process on Node, per isolate on Workers). */
export const tallyCache = perDb<Db, TallyCache>(() => new TallyCache());

/** Drops the article's cached tally in this process; for any write that moves its counters or state. */
export function invalidateTally(db: Db, articleId: number): void {
  tallyCache(db).invalidate(articleId);
}

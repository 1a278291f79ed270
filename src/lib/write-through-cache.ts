import { TtlCache } from './ttl-cache';

/** Spread expiries over the last half of the TTL (see TtlCache). */
const EXPIRY_JITTER = 0.5;

type Entry<V> = { values: Map<string, V>; invalidatedAt: number };

/**
 * A per-process cache of what is read about one record (an article's tally, its public comment
 * pages), with write-through invalidation. A read that started before a write may finish after
 * it: the write sequence number stops such a read from putting its older value back (`fill` is
 * refused when the record was invalidated, or everything dropped, after the read's `ticket`).
 * Entries expire after `ttlMs`, which bounds staleness for writes this process cannot see.
 */
export class WriteThroughCache<V> {
  readonly #records: TtlCache<number, Entry<V>>;
  #writes = 0;
  #clearedAt = 0;

  constructor(ttlMs: number, maxRecords: number) {
    this.#records = new TtlCache(ttlMs, maxRecords, EXPIRY_JITTER);
  }

  get(id: number, key = ''): V | undefined {
    return this.#records.get(id)?.values.get(key);
  }

  /** Take before reading the database; pass to `fill` with what was read. */
  ticket(): number {
    return this.#writes;
  }

  fill(id: number, ticket: number, value: V, key = ''): void {
    if (ticket < this.#clearedAt) return;
    const entry = this.#records.get(id);
    if (entry && entry.invalidatedAt > ticket) return;
    if (entry) entry.values.set(key, value);
    else this.#records.set(id, { values: new Map([[key, value]]), invalidatedAt: 0 });
  }

  /** Call after a write that changes what is cached for the record has committed. */
  invalidate(id: number): void {
    this.#writes++;
    this.#records.set(id, { values: new Map(), invalidatedAt: this.#writes });
  }

  /** For writes that may touch any record. */
  invalidateAll(): void {
    this.#clearedAt = ++this.#writes;
    this.#records.clear();
  }
}

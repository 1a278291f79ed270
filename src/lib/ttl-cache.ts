/**
 * A small time-bounded map for per-process caches of rarely-changing rows (sites, article
 * ids). Bounded in size so a flood of unknown keys cannot grow memory without limit.
 */
export class TtlCache<K, V> {
  readonly #entries = new Map<K, { value: V; expires: number }>();

  /**
   * With `jitter` (0–1), each entry lives between `(1 - jitter) × ttlMs` and `ttlMs`, so entries
   * filled together (a page's articles, a warm-up) do not all expire, and refill, in one burst.
   */
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly jitter = 0,
  ) {}

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V, now = Date.now()): void {
    if (this.#entries.size >= this.maxEntries && !this.#entries.has(key)) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expires: now + this.ttlMs - (this.jitter > 0 ? Math.random() * this.jitter * this.ttlMs : 0) });
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** One cache per database handle, so tests and multi-tenant hosts never share entries. */
export function perDb<D extends object, C>(make: () => C): (db: D) => C {
  const caches = new WeakMap<D, C>();
  return (db) => {
    let cache = caches.get(db);
    if (!cache) {
      cache = make();
      caches.set(db, cache);
    }
    return cache;
  };
}

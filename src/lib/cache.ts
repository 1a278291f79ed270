import type { Locale } from './errors';
import type { AppEvent, EventSink } from './events';

/**
 * How long anything cached may be served when no write this process can see has changed it:
 * another process's writes, another isolate's, a shared cache's copy (`max-age`). Writes seen
 * here bump their subject's version and end the entries that depend on it at once.
 */
export const CACHE_TTL_MS = 5_000;

/** The budget when none is configured (`CACHE_MAX_BYTES`): everything cached, keys included. */
export const DEFAULT_CACHE_MAX_BYTES = 32 * 1024 * 1024;

/** What one remembered write version is counted as (a map entry with its key). */
const VERSION_BYTES = 96;
/** What an entry costs besides its key and value (the record and its map slot). */
const ENTRY_OVERHEAD_BYTES = 96;

/** What the cache reports about itself, for tests and the health check. */
export type CacheStats = {
  /** Bytes counted now: serialized keys and values, plus per-entry overhead. Never above `maxBytes`. */
  bytes: number;
  maxBytes: number;
  entries: number;
  /** Entries dropped to make room (least recently used first) since the cache was made. */
  evictions: number;
  /** Entries dropped because their TTL ended or a write made them stale. */
  expirations: number;
};

/**
 * What an answer depends on, and nothing else: never a raw URL, query string or header.
 * Answers for one reader are never cached, so no part names a reader.
 */
export type CacheKeyParts = {
  /** What is cached: `poll`, `tally`, `comments`, `site`, `article-id`, `analytics`, `api-key`… */
  kind: string;
  siteId: string;
  /** The site's content version (`Site.version`), for answers built from its settings or reactions. */
  siteVersion?: string | undefined;
  /** The article's id as the site knows it. */
  article?: string | undefined;
  /** The language the answer is written in; `null` for "the site's default", for callers that cannot know it yet. */
  lang?: Locale | null | undefined;
  /** The page or question within the rest, already normalized (decoded cursor fields, not its text). */
  page?: readonly (string | number | null)[] | undefined;
};

/**
 * The one key function: equal parts give equal keys, whichever request they came from. The
 * Workers edge cache builds its keys here too, so a write forgets exactly what readers read.
 * @example cacheKey({ kind: 'poll', siteId: 'demo', article: 'a-1', lang: 'en' })
 */
export function cacheKey({ kind, siteId, siteVersion, article, lang, page }: CacheKeyParts): string {
  return JSON.stringify([kind, siteId, siteVersion ?? '', article ?? '', lang === undefined ? '' : (lang ?? 'site'), ...(page ?? [])]);
}

/** FNV-1a over the UTF-16 code units: tells two serializations apart; not a security hash. */
function digestOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length.toString(36)}-${(hash >>> 0).toString(36)}`;
}

/**
 * An answer in the form it is sent: its JSON text and a digest of it (the ETag's content).
 * Caching this rather than the object costs only what is sent, and a cached read neither
 * allocates a view nor stringifies one.
 */
export type Serialized = {
  readonly json: string;
  readonly digest: string;
  /** What a cached answer was read from (`articleSubject`), so copies of it (the replay) end with it. */
  readonly subject?: string;
  /** When it ends regardless of writes (`AppCache.set`'s `until`), so copies of it (the replay) end then too. */
  readonly until?: number | null;
};

/** Serializes an answer once, for sending now and for caching. */
export function serialize(value: unknown): Serialized {
  const json = JSON.stringify(value);
  return { json, digest: digestOf(json) };
}

/**
 * A shared answer kept both ways: the value, for code that reads it (a dashboard page), and
 * its JSON, for the API that sends it, so a cached answer is stringified once, not per request.
 */
export type SerializedValue<T> = Serialized & { readonly value: T };

/** `serialize`, keeping the value beside its JSON. */
export function serializeValue<T>(value: T): SerializedValue<T> {
  return { ...serialize(value), value };
}

/**
 * A digest of a value's content, e.g. a site's, so keys built from it change exactly when the
 * content does (a reload that finds the same settings keeps every answer built from them).
 */
export function contentVersion(value: unknown): string {
  return digestOf(JSON.stringify(value));
}

type Entry = {
  value: unknown;
  bytes: number;
  expires: number;
  /** Read since eviction last passed it: passed over once more (see `AppCache`). */
  used: boolean;
  /** What the value was read from (`article:12`, `site:demo`), and the write count when reading began. */
  subjects: readonly string[];
  ticket: number;
};

/**
 * How many bytes a value is counted as: its serialization in memory (two bytes a code unit, at
 * most). A serialized answer kept with the value it was made from (`SerializedValue`) counts
 * its JSON twice, once for the text and once for the objects.
 */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length * 2;
  if (value !== null && typeof value === 'object' && 'json' in value && typeof value.json === 'string') {
    return value.json.length * ('value' in value ? 4 : 2) + 64;
  }
  return (JSON.stringify(value) ?? '').length * 2;
}

/**
 * Evicts from a map whose order is insertion order and whose entries carry a `used` flag (set
 * on every read), oldest first: an entry read since the last pass is moved to the back with
 * its flag cleared instead (the "second chance" clock), so what goes first is what has gone
 * longest unread, and a read costs one flag rather than moving the entry in the map. `evict`
 * drops one entry and says whether that was enough.
 */
function secondChance<K, E extends { used: boolean }>(entries: Map<K, E>, evict: (key: K, entry: E) => boolean): void {
  // Entries moved to the back are visited again by this loop, with their flag now clear.
  for (const [key, entry] of entries) {
    if (entry.used) {
      entry.used = false;
      entries.delete(key);
      entries.set(key, entry);
      continue;
    }
    if (evict(key, entry)) return;
  }
}

/**
 * Tanggap's one in-process cache: answers and the rows behind them, bounded in bytes.
 *
 * - **Budget**: every entry is counted by its serialized size; past `maxBytes` the least
 *   recently used entries go first, and expired ones are swept as the cache is used. Recency is
 *   kept as a flag, not an order (`secondChance`), so a hit writes nothing but the flag.
 * - **Freshness**: an entry names the subject it was read from (an article, a site); a write
 *   calls `changed(subject)`, which ends every entry of that subject read before it, including
 *   a read still in flight (`ticket` before reading, `set` with it after). What no write here
 *   can announce ends after `CACHE_TTL_MS`.
 * - **Single flight**: `remember` makes concurrent misses for one key share one load.
 *
 * The write versions it keeps are bounded too: the oldest is forgotten by raising a floor
 * below which every entry counts as stale, which can only make the cache miss, never lie.
 */
export class AppCache {
  readonly #entries = new Map<string, Entry>();
  readonly #versions = new Map<string, number>();
  readonly #pending = new Map<string, { loading: Promise<unknown>; subject: string | undefined }>();
  #maxBytes: number;
  #clock: () => number;
  #bytes = 0;
  #writes = 0;
  #floor = 0;
  #evictions = 0;
  #expirations = 0;
  #nextSweep = 0;

  constructor(maxBytes = DEFAULT_CACHE_MAX_BYTES, clock: () => number = Date.now) {
    this.#maxBytes = maxBytes;
    this.#clock = clock;
  }

  /**
   * Sets the budget (the configured `CACHE_MAX_BYTES`, evicting at once if it shrank) and the
   * clock TTLs are measured on (the app's `now`, so tests can move time).
   */
  configure({ maxBytes, clock }: { maxBytes?: number | undefined; clock?: (() => number) | undefined }): void {
    if (maxBytes !== undefined) {
      this.#maxBytes = maxBytes;
      this.#evictTo(maxBytes);
    }
    if (clock) this.#clock = clock;
  }

  /** The write count now: take it before reading what will be `set`, so a write meanwhile wins. */
  ticket(): number {
    return this.#writes;
  }

  /** The cached value, or undefined when there is none, it expired, or a write made it stale. */
  get<V>(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.#clock() || !this.#current(entry)) {
      this.#drop(key, entry);
      this.#expirations++;
      return undefined;
    }
    entry.used = true;
    return entry.value as V;
  }

  /**
   * Stores `value` read since `ticket` from `subject` (or several). Refused when a write to one
   * came after the ticket (the value may predate it) or when the value alone exceeds a quarter
   * of the budget. `bytes` counts a value that is not JSON (a response body); else its JSON is.
   * `until` ends it sooner, at a moment no write announces (an article's comments closing on schedule).
   */
  set(
    key: string,
    value: unknown,
    {
      subject,
      ticket = this.#writes,
      bytes,
      until,
    }: { subject?: string | readonly string[] | undefined; ticket?: number; bytes?: number; until?: number | null | undefined } = {},
  ): void {
    const now = this.#clock();
    this.#sweep(now);
    const subjects = subject === undefined ? [] : typeof subject === 'string' ? [subject] : subject;
    const entry: Entry = { value, bytes: 0, expires: Math.min(now + CACHE_TTL_MS, until ?? Infinity), used: false, subjects, ticket };
    if (!this.#current(entry)) return;
    entry.bytes = (bytes ?? sizeOf(value)) + key.length * 2 + ENTRY_OVERHEAD_BYTES;
    const previous = this.#entries.get(key);
    if (previous) this.#drop(key, previous);
    if (entry.bytes > this.#maxBytes / 4) return;
    this.#evictTo(this.#maxBytes - entry.bytes);
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
  }

  /**
   * The cached value, or `load()`'s, stored for next time; concurrent callers for the same key
   * share one load. A failed load is not kept.
   */
  remember<V>(key: string, load: () => Promise<V>, subject?: string): Promise<V> {
    const hit = this.get<V>(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.#pending.get(key);
    if (pending) return pending.loading as Promise<V>;
    const ticket = this.#writes;
    const loading = load().then(
      (value) => {
        if (this.#pending.get(key)?.loading === loading) this.#pending.delete(key);
        this.set(key, value, { subject, ticket });
        return value;
      },
      (error: unknown) => {
        if (this.#pending.get(key)?.loading === loading) this.#pending.delete(key);
        throw error;
      },
    );
    this.#pending.set(key, { loading, subject });
    return loading;
  }

  /** Ends every entry read from `subject` before now, and any read of it still in flight. */
  changed(subject: string): void {
    this.#writes++;
    if (this.#versions.delete(subject)) this.#bytes -= VERSION_BYTES;
    this.#versions.set(subject, this.#writes);
    this.#bytes += VERSION_BYTES;
    for (const [key, pending] of this.#pending) if (pending.subject === subject) this.#pending.delete(key);
    // Versions may take an eighth of the budget, so a burst of writes cannot crowd out answers.
    for (const [oldest, version] of this.#versions) {
      if (this.#versions.size * VERSION_BYTES <= this.#maxBytes / 8) break;
      this.#forgetVersion(oldest, version);
    }
    this.#evictTo(this.#maxBytes);
  }

  /** Ends every entry, for writes whose subjects cannot be named (a reader's erasure across sites). */
  changedAll(): void {
    this.#writes++;
    this.#floor = this.#writes;
    this.#pending.clear();
  }

  stats(): CacheStats {
    return { bytes: this.#bytes, maxBytes: this.#maxBytes, entries: this.#entries.size, evictions: this.#evictions, expirations: this.#expirations };
  }

  #current(entry: Entry): boolean {
    if (entry.ticket < this.#floor) return false;
    for (const subject of entry.subjects) if (entry.ticket < (this.#versions.get(subject) ?? 0)) return false;
    return true;
  }

  #drop(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  /** Evicts least recently used entries (`secondChance`), then forgets the oldest versions, until `bytes` ≤ `target`. */
  #evictTo(target: number): void {
    if (this.#bytes <= target) return;
    secondChance(this.#entries, (key, entry) => {
      this.#drop(key, entry);
      this.#evictions++;
      return this.#bytes <= target;
    });
    for (const [subject, version] of this.#versions) {
      if (this.#bytes <= target) return;
      this.#forgetVersion(subject, version);
    }
  }

  /** Forgets a subject's version; the floor keeps every entry read before it stale. */
  #forgetVersion(subject: string, version: number): void {
    this.#versions.delete(subject);
    this.#floor = Math.max(this.#floor, version);
    this.#bytes -= VERSION_BYTES;
  }

  /** Drops expired entries, at most once per TTL; amortized over the writes that pay for it. */
  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + CACHE_TTL_MS;
    for (const [key, entry] of this.#entries) {
      if (entry.expires <= now || !this.#current(entry)) {
        this.#drop(key, entry);
        this.#expirations++;
      }
    }
  }
}

/** What the small bounded maps report: bytes counted now (never above `maxBytes`) and entries. */
export type BoundedMapStats = { bytes: number; maxBytes: number; entries: number };

/**
 * A map bounded in bytes, least recently used out first (`secondChance`), for what lives beside the answers
 * cache but is not an answer: compiled word lists, signing keys, the memory of a reported spike,
 * a site's webhook targets. The caller says what an entry costs (`sizeOf`, key included); each
 * entry may carry its own end (`expires`, on the caller's clock), past which it is not returned.
 * A flood of distinct keys evicts the oldest; it can never grow the map past its budget.
 *
 * @example
 * const keys = new BoundedMap<string, CryptoKey>(64 * 1024, (secret) => secret.length * 2 + 256);
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, { value: V; bytes: number; expires: number; used: boolean }>();
  readonly #maxBytes: number;
  readonly #sizeOf: (key: K, value: V) => number;
  #bytes = 0;

  constructor(maxBytes: number, sizeOf: (key: K, value: V) => number) {
    this.#maxBytes = maxBytes;
    this.#sizeOf = sizeOf;
  }

  /** The value, unless there is none or it ended at or before `now`. */
  get(key: K, now = 0): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
      return undefined;
    }
    entry.used = true;
    return entry.value;
  }

  /** Stores `value` until `expires` (forever by default), evicting the least recently used to fit. */
  set(key: K, value: V, expires = Number.POSITIVE_INFINITY): void {
    this.delete(key);
    const bytes = this.#sizeOf(key, value) + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.#maxBytes) return;
    if (this.#bytes + bytes > this.#maxBytes) {
      secondChance(this.#entries, (oldest, entry) => {
        this.#entries.delete(oldest);
        this.#bytes -= entry.bytes;
        return this.#bytes + bytes <= this.#maxBytes;
      });
    }
    this.#entries.set(key, { value, bytes, expires, used: false });
    this.#bytes += bytes;
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  stats(): BoundedMapStats {
    return { bytes: this.#bytes, maxBytes: this.#maxBytes, entries: this.#entries.size };
  }
}

/** One value per database handle (a cache, a buffer), so tests and multi-tenant hosts never share entries. */
export function perDb<D extends object, C>(make: () => C): (db: D) => C {
  const made = new WeakMap<D, C>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make();
      made.set(db, value);
    }
    return value;
  };
}

/**
 * The cache of one database handle (per process on Node, per isolate on Workers), so tests
 * and hosts with several databases never share entries. `createApp` sets its budget.
 */
export const appCache: (db: object) => AppCache = perDb(() => new AppCache());

/** The subject a write to an article changes: its tally, its comment pages. */
export const articleSubject = (articleId: number): string => `article:${articleId}`;

/** The subject a write to a site's settings, reactions or keys changes. */
export const siteSubject = (siteId: string): string => `site:${siteId}`;

/** The subject of every verified API key, which `keys.revoked` ends. */
export const keysSubject = 'api-keys';

/** The subject of a site's active webhooks, which `webhooks.changed` ends. */
export const webhooksSubject = (siteId: string): string => `webhooks:${siteId}`;

/** What an event made stale: the subjects it changed, `all` when they cannot be named, or none. */
function staleSubjects(event: AppEvent): readonly string[] | 'all' {
  switch (event.type) {
    case 'reader.erased':
      // Erased likes change counts on comments of any article, on any site.
      return 'all';
    case 'site.changed':
      return [siteSubject(event.siteId)];
    case 'keys.revoked':
      return [keysSubject];
    case 'webhooks.changed':
      return [webhooksSubject(event.siteId)];
    case 'moderation.muted':
    case 'moderation.unmuted':
    case 'reaction.spike':
      return [];
    default:
      return [articleSubject(event.articleId)];
  }
}

/**
 * The app cache's subscriber: ends every entry read from what an event changed, at once, so no
 * service calls invalidation by hand. `createApp` puts it first in the app's sink.
 */
export function cacheSubscriber(db: object): EventSink {
  return {
    emit(event) {
      const stale = staleSubjects(event);
      if (stale === 'all') appCache(db).changedAll();
      else for (const subject of stale) appCache(db).changed(subject);
    },
  };
}

import { describe, expect, it } from 'vitest';
import { AppCache, CACHE_TTL_MS, cacheKey, serialize, serializeValue } from '../../src/lib/cache';

/** A cache on a clock moved by hand. */
function clocked(maxBytes = 1_000_000) {
  const time = { now: 0 };
  return { cache: new AppCache(maxBytes, () => time.now), time };
}

const kib = (n: number) => serialize('x'.repeat(n * 512));

describe('AppCache budget', () => {
  it('never holds more bytes than its budget, evicting the least recently used first', () => {
    const { cache } = clocked(64 * 1024);
    for (let i = 0; i < 4; i++) cache.set(`page-${i}`, kib(10));
    cache.get('page-0');
    for (let i = 4; i < 8; i++) cache.set(`page-${i}`, kib(10));
    const stats = cache.stats();
    expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes);
    expect(stats.evictions).toBeGreaterThan(0);
    expect(cache.get('page-0')).toBeDefined();
    expect(cache.get('page-1')).toBeUndefined();
    expect(cache.get('page-7')).toBeDefined();
  });

  it('passes over an entry read since eviction last came by, and evicts it once it goes unread', () => {
    const { cache } = clocked(64 * 1024);
    // Six pages fit the budget; a seventh evicts one.
    for (let i = 0; i < 6; i++) cache.set(`page-${i}`, kib(10));
    cache.get('page-0');
    cache.set('page-6', kib(10));
    expect(cache.stats().entries).toBe(6);
    expect(cache.get('page-1')).toBeUndefined();
    // page-0 was moved behind pages 2–5, its read spent: four more pages evict those, the fifth evicts it.
    for (let i = 7; i < 11; i++) cache.set(`page-${i}`, kib(10));
    expect(cache.stats().entries).toBe(6);
    cache.set('page-11', kib(10));
    expect(cache.get('page-0')).toBeUndefined();
    expect(cache.get('page-6')).toBeDefined();
    expect(cache.get('page-11')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('counts what it holds by serialized size, and gives the bytes back when entries go', () => {
    const { cache } = clocked();
    cache.set('small', serialize({ a: 1 }));
    const small = cache.stats().bytes;
    cache.set('large', kib(20));
    expect(cache.stats().bytes - small).toBeGreaterThan(20 * 1024);
    cache.set('large', serialize({ a: 2 }));
    expect(cache.stats().bytes).toBeLessThanOrEqual(2 * small + 32);
    expect(cache.stats().entries).toBe(2);
  });

  it('counts an answer kept with its value at twice its JSON, text and objects', () => {
    const { cache } = clocked();
    const rows = Array.from({ length: 200 }, (_, i) => ({ id: `article-${i}`, votes: i }));
    cache.set('text only', serialize(rows));
    const textOnly = cache.stats().bytes;
    cache.set('with value', serializeValue(rows));
    expect(cache.stats().bytes - textOnly).toBeGreaterThanOrEqual(2 * textOnly - 256);
  });

  it('refuses a value larger than a quarter of the budget rather than emptying itself for it', () => {
    const { cache } = clocked(64 * 1024);
    cache.set('kept', kib(4));
    cache.set('huge', kib(20));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('kept')).toBeDefined();
  });

  it('shrinks to a smaller configured budget at once', () => {
    const { cache } = clocked();
    for (let i = 0; i < 20; i++) cache.set(`page-${i}`, kib(10));
    cache.configure({ maxBytes: 65_536 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(65_536);
    expect(cache.stats().maxBytes).toBe(65_536);
  });
});

describe('AppCache freshness', () => {
  it('serves an entry for CACHE_TTL_MS and no longer, and sweeps expired entries out of the count', () => {
    const { cache, time } = clocked();
    cache.set('tally', { a: 1 });
    time.now = CACHE_TTL_MS - 1;
    expect(cache.get('tally')).toEqual({ a: 1 });
    time.now = CACHE_TTL_MS;
    expect(cache.get('tally')).toBeUndefined();
    for (let i = 0; i < 10; i++) cache.set(`old-${i}`, kib(1));
    time.now = 3 * CACHE_TTL_MS;
    cache.set('new', kib(1));
    expect(cache.stats().entries).toBe(1);
  });

  it('ends what was read from a subject when a write changes it, and nothing else', () => {
    const { cache } = clocked();
    cache.set('poll-12', 'old', { subject: 'article:12' });
    cache.set('poll-13', 'other', { subject: 'article:13' });
    cache.changed('article:12');
    expect(cache.get('poll-12')).toBeUndefined();
    expect(cache.get('poll-13')).toBe('other');
  });

  it('refuses a value read before a write to its subject committed', () => {
    const { cache } = clocked();
    const early = cache.ticket();
    cache.changed('article:7');
    cache.set('page', 'old page', { subject: 'article:7', ticket: early });
    expect(cache.get('page')).toBeUndefined();
    cache.set('page', 'fresh page', { subject: 'article:7', ticket: cache.ticket() });
    expect(cache.get('page')).toBe('fresh page');
    const beforeAll = cache.ticket();
    cache.changedAll();
    expect(cache.get('page')).toBeUndefined();
    cache.set('page', 'old page', { subject: 'article:8', ticket: beforeAll });
    expect(cache.get('page')).toBeUndefined();
  });

  it('keeps its write versions within the budget too, and forgetting one only ever makes it miss', () => {
    const { cache } = clocked(65_536);
    const early = cache.ticket();
    for (let i = 1; i < 5_000; i++) cache.changed(`article:${i}`);
    expect(cache.stats().bytes).toBeLessThanOrEqual(65_536);
    // article:1's version is long forgotten, yet a read that began before its write is refused.
    cache.set('late', 'value', { subject: 'article:1', ticket: early });
    expect(cache.get('late')).toBeUndefined();
    cache.set('late', 'value', { subject: 'article:1' });
    expect(cache.get('late')).toBe('value');
    // Versions take at most an eighth of the budget; answers keep the rest.
    expect(cache.stats().bytes).toBeLessThanOrEqual(65_536 / 8 + 200);
  });
});

describe('AppCache.remember', () => {
  it('shares one load between concurrent callers and keeps no failure', async () => {
    const { cache } = clocked();
    let loads = 0;
    const load = async () => {
      loads++;
      return { site: 'demo' };
    };
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.remember('site', load)));
    expect(loads).toBe(1);
    expect(new Set(answers).size).toBe(1);
    await expect(cache.remember('broken', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.remember('broken', async () => 'up')).toBe('up');
  });

  it('does not keep a load that a write to its subject overtook', async () => {
    const { cache } = clocked();
    let release!: (value: string) => void;
    const slow = cache.remember('site', () => new Promise<string>((resolve) => (release = resolve)), 'site:demo');
    cache.changed('site:demo');
    release('before the write');
    expect(await slow).toBe('before the write');
    expect(await cache.remember('site', async () => 'after the write', 'site:demo')).toBe('after the write');
  });
});

describe('cacheKey', () => {
  it('is built from what an answer depends on, whatever order the parts come in', () => {
    const a = cacheKey({ kind: 'poll', siteId: 'demo', article: 'a-1', lang: 'en' });
    const b = cacheKey({ lang: 'en', article: 'a-1', siteId: 'demo', kind: 'poll' });
    expect(a).toBe(b);
    expect(cacheKey({ kind: 'poll', siteId: 'demo', article: 'a-1', lang: 'id' })).not.toBe(a);
    expect(cacheKey({ kind: 'poll', siteId: 'demo', article: 'a-1', lang: null })).not.toBe(a);
    expect(cacheKey({ kind: 'poll', siteId: 'demo', article: 'a', page: ['1'] })).not.toBe(cacheKey({ kind: 'poll', siteId: 'demo', article: 'a1' }));
  });
});

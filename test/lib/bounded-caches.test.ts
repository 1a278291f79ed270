import { describe, expect, it } from 'vitest';
import { compiledLists, findListedWord } from '../../src/comments/moderation';
import { appCache, BoundedMap, type BoundedMapStats } from '../../src/lib/cache';
import { hmacHex, hmacKeys } from '../../src/lib/crypto';
import { formatters, resolvePeriod, resolvedPeriods } from '../../src/newsroom/analytics/periods';
import { siteListensFor } from '../../src/newsroom/webhooks/service';
import { checkSpike, reportedSpikes, SPIKE_MEMORY_BYTES } from '../../src/newsroom/webhooks/spike';
import { noteSighting, SIGHTINGS_BUFFER_BYTES, sightingsBufferStats } from '../../src/sites/sightings';
import { freshDb } from '../helpers/db';
import { createArticle, createSite } from '../helpers/factories';
import { voteAt } from '../helpers/newsroom';
import { sql } from 'drizzle-orm';

/**
 * Issue 12: every memory a request can grow is bounded in bytes. Each is flooded here with more
 * distinct keys than it can hold, through the code that fills it, and must stay within its
 * budget while still holding the newest.
 */
function expectWithin(stats: BoundedMapStats, flooded: number): void {
  expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes);
  expect(stats.entries).toBeGreaterThan(0);
  expect(stats.entries).toBeLessThan(flooded);
}

const { db } = await freshDb();

describe('BoundedMap', () => {
  it('keeps the least recently used out first and never passes its budget', () => {
    const map = new BoundedMap<string, string>(2_000, (key, value) => 2 * (key.length + value.length));
    for (let i = 0; i < 1_000; i++) {
      map.set(`key-${i}`, 'v'.repeat(i % 50));
      if (i % 3 === 0) map.get('key-0');
      expect(map.stats().bytes).toBeLessThanOrEqual(2_000);
    }
    expect(map.get('key-0')).toBe('');
    expect(map.get('key-1')).toBeUndefined();
    expect(map.get('key-999')).toBe('v'.repeat(49));
  });

  it('ends an entry at its own expiry and gives its bytes back', () => {
    const map = new BoundedMap<string, number>(10_000, () => 8);
    map.set('soon', 1, 100);
    map.set('never', 2);
    expect(map.get('soon', 99)).toBe(1);
    expect(map.get('soon', 100)).toBeUndefined();
    expect(map.get('never', Number.MAX_SAFE_INTEGER)).toBe(2);
    expect(map.stats()).toMatchObject({ entries: 1, bytes: 8 + 96 });
  });

  it('refuses a single value larger than its budget', () => {
    const map = new BoundedMap<string, string>(500, (_key, value) => value.length);
    map.set('huge', 'x'.repeat(1_000));
    expect(map.get('huge')).toBeUndefined();
    expect(map.stats().bytes).toBe(0);
  });
});

describe('flooded with distinct keys', () => {
  it('compiled word lists (a site per list)', () => {
    const flooded = 120;
    for (let n = 0; n < flooded; n++) {
      const list = Array.from({ length: 500 }, (_, i) => `kasar${n}q${i}`.replace(/\d/g, (digit) => 'bcdfghjklm'[Number(digit)]!));
      expect(findListedWord('kalimat yang sopan', list)).toBeNull();
    }
    expectWithin(compiledLists.stats(), flooded);
    expect(findListedWord('dasar kasarbqb!', ['kasarbqb'])).toBe('kasarbqb');
  });

  it('signing keys (a secret per webhook)', async () => {
    const flooded = 2_000;
    for (let i = 0; i < flooded; i++) await hmacHex(`whsec_${i.toString().padStart(40, '0')}`, 'body');
    expectWithin(hmacKeys.stats(), flooded);
  });

  it('resolved periods and time-zone formatters', () => {
    const now = Date.UTC(2026, 11, 1);
    const zones = Intl.supportedValuesOf('timeZone');
    for (const timeZone of zones) resolvePeriod({ name: 'today', timeZone, now });
    expectWithin(formatters.stats(), zones.length);
    const flooded = 3_000;
    for (let i = 0; i < flooded; i++) {
      const from = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      resolvePeriod({ name: 'custom', from, to: from, timeZone: 'Asia/Jakarta', now });
    }
    expectWithin(resolvedPeriods.stats(), flooded);
  });

  it("the sightings buffer (origins and paths from readers' pages)", () => {
    const flooded = 20_000;
    for (let i = 0; i < flooded; i++) {
      noteSighting(db, { siteId: `site-${i % 500}`, kind: i % 2 ? 'page' : 'refused', origin: `https://o${i}.example`, path: `/berita/${i}/${'x'.repeat(100)}`, at: i });
      expect(sightingsBufferStats(db).bytes).toBeLessThanOrEqual(SIGHTINGS_BUFFER_BYTES);
    }
    expectWithin(sightingsBufferStats(db), flooded);
  });

  it('the webhook lists (a site per lookup), in the one cache', async () => {
    const cache = appCache(db);
    cache.configure({ maxBytes: 128 * 1024 });
    const flooded = 2_000;
    for (let i = 0; i < flooded; i++) expect(await siteListensFor(db, `no-such-site-${i}`, 'comment.held')).toBe(false);
    const stats = cache.stats();
    expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes);
    expect(stats.evictions).toBeGreaterThan(0);
  });

  it('the memory of reported spikes (an article per spike)', async () => {
    const site = await createSite(db, { reactionKeys: ['senang'] });
    await db.run(sql`INSERT INTO webhooks (site_id, url, secret, events) VALUES (${site.id}, 'https://hooks.example/', 'whsec_x', '["reaction.spike"]')`);
    const now = Date.UTC(2026, 11, 1, 5, 30);
    const spiking = await createArticle(db, site.id, { externalId: 'viral' });
    for (let i = 0; i < 25; i++) await voteAt(db, spiking.id, `r-${i}`, 'senang', now - 60_000);
    expect(await checkSpike({ db, now }, { siteId: site.id, externalId: 'viral' })).toMatchObject({ type: 'reaction.spike', article: 'viral' });
    expect(await checkSpike({ db, now }, { siteId: site.id, externalId: 'viral' })).toBeNull();
    const memory = reportedSpikes(db);
    const flooded = 10_000;
    for (let articleId = 1_000_000; articleId < 1_000_000 + flooded; articleId++) memory.set(articleId, true, now + 3_600_000);
    expect(memory.stats().maxBytes).toBe(SPIKE_MEMORY_BYTES);
    expectWithin(memory.stats(), flooded);
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { keyHeader, voteAt } from '../helpers/newsroom';
import { createKey } from '../../src/newsroom/access/service';
import { resolvePeriod } from '../../src/newsroom/analytics/periods';
import { topArticles } from '../../src/newsroom/analytics/service';
import { CACHE_TTL_MS } from '../../src/lib/cache';
import { sharedAnswer } from '../../src/newsroom/analytics/shared';
import { loadSite } from '../../src/sites/service';
import { TEST_SECRET } from '../helpers/app';

/**
 * The newsroom's two in-process caches: verified API keys and shared
 * analytics answers (`CACHE_TTL_MS`). The clock is the app's `now`, moved by hand.
 */
const START = Date.UTC(2026, 10, 26, 5, 0);
let clock = START;
const harness = await testApp({ now: () => clock });
const { db, call } = harness;
const site = await createSite(db, { reactionKeys: ['senang', 'marah'], timeZone: 'Asia/Jakarta' });
const other = await createSite(db, { reactionKeys: ['senang', 'marah'], timeZone: 'Asia/Jakarta' });

const politik = await createArticle(db, site.id, { externalId: 'politik-cache', title: 'Politik' });
const bola = await createArticle(db, other.id, { externalId: 'bola-cache', title: 'Bola' });

describe('verified API keys', () => {
  it('refuses a key revoked through the API at once, though it was just verified', async () => {
    const admin = await keyHeader(db, site.id, 'admin');
    const { id, key } = await createKey({ db, secret: TEST_SECRET, siteId: site.id, role: 'viewer', name: 'soon revoked' });
    const viewer = { authorization: `Bearer ${key}` };
    expect((await call('GET', `/v1/newsroom/sites/${site.id}/sections`, undefined, viewer)).status).toBe(200);
    expect((await call('DELETE', `/v1/newsroom/sites/${site.id}/keys/${id}`, undefined, admin)).status).toBe(204);
    const refused = await call('GET', `/v1/newsroom/sites/${site.id}/sections`, undefined, viewer);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');
  });

  it('a revocation written by another process is honoured here within CACHE_TTL_MS', async () => {
    const { id, key } = await createKey({ db, secret: TEST_SECRET, siteId: site.id, role: 'viewer', name: 'revoked elsewhere' });
    const viewer = { authorization: `Bearer ${key}` };
    expect((await call('GET', '/v1/newsroom/me', undefined, viewer)).status).toBe(200);
    await db.run(sql`UPDATE api_keys SET revoked_at = ${clock} WHERE id = ${id}`);
    clock += CACHE_TTL_MS;
    expect((await call('GET', '/v1/newsroom/me', undefined, viewer)).status).toBe(401);
  });

  it('finds a key created after others were verified, and never caches a refusal', async () => {
    const unknown = { authorization: `Bearer tgp_${'x'.repeat(32)}` };
    expect((await call('GET', '/v1/newsroom/me', undefined, unknown)).status).toBe(401);
    const fresh = await keyHeader(db, site.id, 'viewer');
    expect((await call('GET', '/v1/newsroom/me', undefined, fresh)).status).toBe(200);
    expect((await call('GET', '/v1/newsroom/me', undefined, unknown)).status).toBe(401);
  });

  it('still refuses, in production, an instance key another app on the same database verified', async () => {
    const instance = await keyHeader(db, null, 'admin');
    expect((await call('GET', '/v1/newsroom/me', undefined, instance)).status).toBe(200);
    const production = await testApp({ db, now: () => clock, config: { production: true, adminKey: 'the-configured-instance-key-0123456789' } });
    expect((await production.call('GET', '/v1/newsroom/me', undefined, instance)).status).toBe(401);
  });
});

describe('shared analytics answers', () => {

  it('serves the same answer within CACHE_TTL_MS and a fresh one after', async () => {
    const viewer = await keyHeader(db, site.id, 'viewer');
    const path = `/v1/newsroom/sites/${site.id}/top-articles?period=today`;
    await voteAt(db, politik.id, 'reader-1', 'marah', clock - 60_000);
    const first = await call('GET', path, undefined, viewer);
    expect(first.body.articles.map((a: any) => [a.id, a.votes])).toEqual([['politik-cache', 1]]);
    await voteAt(db, politik.id, 'reader-2', 'senang', clock - 30_000);
    clock += CACHE_TTL_MS - 1;
    expect((await call('GET', path, undefined, viewer)).body).toEqual(first.body);
    clock += 1;
    const later = await call('GET', path, undefined, viewer);
    expect(later.body.articles.map((a: any) => [a.id, a.votes, a.reactions])).toEqual([['politik-cache', 2, { marah: 1, senang: 1 }]]);
  });

  it("never answers one site's question with another site's cached answer", async () => {
    await voteAt(db, bola.id, 'reader-3', 'senang', clock - 60_000);
    const mine = await call('GET', `/v1/newsroom/sites/${site.id}/top-articles?period=today`, undefined, await keyHeader(db, site.id, 'viewer'));
    const theirs = await call('GET', `/v1/newsroom/sites/${other.id}/top-articles?period=today`, undefined, await keyHeader(db, other.id, 'viewer'));
    expect(mine.body.articles.map((a: any) => a.id)).toEqual(['politik-cache']);
    expect(theirs.body.articles.map((a: any) => a.id)).toEqual(['bola-cache']);
    const refused = await call('GET', `/v1/newsroom/sites/${other.id}/top-articles?period=today`, undefined, await keyHeader(db, site.id, 'viewer'));
    expect(refused.status).toBe(403);
  });

  it('keeps different questions apart: another limit, ranking or period is its own answer', async () => {
    const viewer = await keyHeader(db, site.id, 'viewer');
    const base = `/v1/newsroom/sites/${site.id}/top-articles`;
    const byMarah = await call('GET', `${base}?period=today&by=reaction&reaction=marah`, undefined, viewer);
    const byComments = await call('GET', `${base}?period=today&by=comments`, undefined, viewer);
    expect(byMarah.body.articles.map((a: any) => [a.id, a.score])).toEqual([['politik-cache', 1]]);
    expect(byComments.body.articles).toEqual([]);
  });

  it("shows a site's changed settings at once, within CACHE_TTL_MS", async () => {
    const viewer = await keyHeader(db, site.id, 'viewer');
    const admin = await keyHeader(db, site.id, 'admin');
    const path = `/v1/newsroom/sites/${site.id}/top-articles?period=today&limit=3`;
    const label = async () => (await call('GET', path, undefined, viewer)).body.reactions.find((r: any) => r.key === 'marah').label.id;
    expect(await label()).toBe('Label marah');
    expect((await call('PATCH', `/v1/newsroom/sites/${site.id}/reactions/marah`, { labels: { id: 'Geram', en: 'Angry' } }, admin)).status).toBe(200);
    expect(await label()).toBe('Geram');
  });

  it('runs one computation for concurrent identical questions, and keeps no failure', async () => {
    const loaded = await loadSite({ db, siteId: site.id });
    const period = resolvePeriod({ name: '7d', timeZone: loaded.timeZone, now: clock });
    let computations = 0;
    const compute = () => {
      computations += 1;
      return topArticles({ db, site: loaded, period, by: { kind: 'votes' }, limit: 5 });
    };
    const question = { db, site: loaded, question: 'single-flight test' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => sharedAnswer(question, compute)));
    expect(computations).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]!.value.articles.map((a) => a.id)).toEqual(['politik-cache']);
    expect(JSON.parse(answers[0]!.json)).toEqual(answers[0]!.value);

    const failing = { ...question, question: 'failing once' };
    await expect(sharedAnswer(failing, () => Promise.reject(new Error('database went away')))).rejects.toThrow('database went away');
    expect((await sharedAnswer(failing, async () => 'recovered')).value).toBe('recovered');
  });
});

describe('resolved periods', () => {
  it('move to the next local day exactly at local midnight', () => {
    // Local midnight of 2026-11-27 in Jakarta (UTC+7) is 2026-11-26T17:00Z.
    const midnight = Date.UTC(2026, 10, 26, 17, 0);
    const before = resolvePeriod({ name: '7d', timeZone: 'Asia/Jakarta', now: midnight - 1 });
    expect(resolvePeriod({ name: '7d', timeZone: 'Asia/Jakarta', now: midnight - 3_600_000 })).toEqual(before);
    expect(before).toMatchObject({ from: '2026-11-20', to: '2026-11-26' });
    expect(resolvePeriod({ name: '7d', timeZone: 'Asia/Jakarta', now: midnight })).toMatchObject({ from: '2026-11-21', to: '2026-11-27' });
    expect(resolvePeriod({ name: '7d', timeZone: 'Asia/Jakarta', now: midnight - 1 })).toEqual(before);
    expect(resolvePeriod({ name: 'today', timeZone: 'Europe/London', now: midnight })).toMatchObject({ from: '2026-11-26', to: '2026-11-26' });
  });
});

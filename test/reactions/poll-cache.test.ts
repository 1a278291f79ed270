import { beforeAll, describe, expect, it } from 'vitest';
import { appCache } from '../../src/lib/cache';
import { REQUEST_KEYS_MAX_BYTES, replayRequestKeyStats } from '../../src/http/replay';
import { findSite } from '../../src/sites/service';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { recordingDb } from '../helpers/db';
import { forgetCachedSite, updateSiteSettings, whileSiteSettings } from '../helpers/factories';

/**
 * Anonymous polls are served whole from the app cache (lib/cache.ts), keyed by site version,
 * article and language. These are the behaviours a reader would notice if that went wrong.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

const poll = '/v1/sites/demo/articles/poll-cache-1/poll';
const vote = '/v1/sites/demo/articles/poll-cache-1/vote';

describe('cached anonymous polls', () => {
  it('answer a repeated read with the same body and ETag, and a matching If-None-Match with a 304', async () => {
    await t.call('PUT', vote, { reader: readerToken(), reaction: 'senang' });
    const first = await t.app.request(poll);
    const second = await t.app.request(poll);
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await second.text()).toBe(await first.text());
    const fresh = await t.app.request(poll, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(fresh.status).toBe(304);
    expect(await fresh.text()).toBe('');
  });

  it('say they vary by Accept-Language, and answer each language in its own words', async () => {
    const english = await t.app.request(poll, { headers: { 'accept-language': 'en-GB,en;q=0.8' } });
    const indonesian = await t.app.request(poll, { headers: { 'accept-language': 'id-ID' } });
    expect(english.headers.get('vary')).toMatch(/accept-language/i);
    expect(((await english.json()) as { question: string }).question).toBe('How do you feel about this article?');
    expect(((await indonesian.json()) as { question: string }).question).toBe('Bagaimana tanggapan anda mengenai artikel ini?');
  });

  it('share one entry between requests that differ only in unknown query parameters or header spelling', async () => {
    await t.call('GET', poll);
    const entries = appCache(t.db).stats().entries;
    const junk = await t.app.request(`${poll}?utm_source=x&junk=${readerToken()}`, { headers: { 'accept-language': 'fr-FR, id;q=0.3' } });
    expect(junk.status).toBe(200);
    expect(appCache(t.db).stats().entries).toBe(entries);
    expect(junk.headers.get('etag')).toBe((await t.app.request(poll)).headers.get('etag'));
  });

  it('never replay the first origin\'s answer to another origin: the stranger gets its own refusal', async () => {
    await t.app.request(poll, { headers: { origin: 'http://localhost:3000' } });
    await t.app.request(poll, { headers: { origin: 'http://localhost:3000' } });
    const stranger = await t.app.request(poll, { headers: { origin: 'https://elsewhere.example' } });
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('access-control-allow-origin')).toBe('https://elsewhere.example');
    expect(((await stranger.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
  });

  it('show each vote, and a withdrawal, to the very next read', async () => {
    for (let i = 1; i <= 3; i++) {
      const before = (await t.call('GET', poll)).body.total;
      await t.call('PUT', vote, { reader: readerToken(), reaction: 'sedih' });
      expect((await t.call('GET', poll)).body.total).toBe(before + 1);
    }
    const reader = readerToken();
    const before = (await t.call('GET', poll)).body.total;
    await t.call('PUT', vote, { reader, reaction: 'marah' });
    await t.call('DELETE', vote, { reader });
    expect((await t.call('GET', poll)).body.total).toBe(before);
  });

  it('give a reader their own choice next to the cached tally', async () => {
    await t.call('GET', poll);
    const reader = readerToken();
    await t.call('PUT', vote, { reader, reaction: 'marah' });
    const anonymous = (await t.call('GET', poll)).body;
    const mine = await t.call('GET', `${poll}?reader=${reader}`);
    expect(mine.body).toEqual({ ...anonymous, choice: 'marah' });
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(mine.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await t.call('GET', `${poll}?reader=${readerToken()}`)).body).toEqual(anonymous);
  });

  it('show a site change to the very next read', async () => {
    await t.call('GET', poll);
    await whileSiteSettings(t.db, 'demo', { resultVisibility: 'after-vote' }, async () => {
      expect((await t.call('GET', poll)).body.site.resultVisibility).toBe('after-vote');
    });
  });
});

describe('site versions', () => {
  it('stay the same when a reload finds the site unchanged (so answers built from it stay cached), and change with it', async () => {
    const first = await findSite({ db: t.db, siteId: 'demo' });
    forgetCachedSite(t.db, 'demo');
    const reloaded = await findSite({ db: t.db, siteId: 'demo' });
    expect(reloaded?.version).toBe(first?.version);
    await updateSiteSettings(t.db, 'demo', { commentsPerDay: 7 });
    const changed = await findSite({ db: t.db, siteId: 'demo' });
    expect(changed?.settings.commentsPerDay).toBe(7);
    expect(changed?.version).not.toBe(first?.version);
  });
});

describe('replayed anonymous answers', () => {
  /** Every header of a response but its request id, which is each exchange's own. */
  function headersOf(response: Response): Record<string, string> {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name !== 'x-request-id') headers[name] = value;
    });
    return headers;
  }

  it('are exactly what the full path answered, headers included, with their own request id', async () => {
    const origin = { origin: 'http://localhost:3000', 'accept-language': 'en-GB,en;q=0.8', 'accept-encoding': 'gzip' };
    const first = await t.app.request(poll, { headers: origin });
    const second = await t.app.request(poll, { headers: origin });
    expect(headersOf(second)).toEqual(headersOf(first));
    expect(second.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(new Uint8Array(await first.arrayBuffer()));
    const echoed = await t.app.request(poll, { headers: { ...origin, 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const notModified = await t.app.request(poll, { headers: { ...origin, 'if-none-match': first.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('content-encoding')).toBeNull();
  });

  it('are never given for a reader, nor for an invalid request, which still gets its 400', async () => {
    await t.call('GET', poll);
    const bad = await t.call('GET', `${poll}?lang=fr`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('lang');
    const reader = readerToken();
    await t.call('PUT', vote, { reader, reaction: 'senang' });
    expect((await t.call('GET', `${poll}?reader=${reader}`)).headers.get('cache-control')).toBe('private, no-store');
  });

  it("remember each request's key by its URL and the headers the key reads, and no other header", async () => {
    const firstLabel = async (response: Response) => ((await response.json()) as { reactions: { label: string }[] }).reactions[0]!.label;
    const english = await firstLabel(await t.app.request(poll, { headers: { 'accept-language': 'en' } }));
    const indonesian = await firstLabel(await t.app.request(poll, { headers: { 'accept-language': 'id' } }));
    expect(english).not.toBe(indonesian);
    for (let round = 0; round < 2; round++) {
      expect(await firstLabel(await t.app.request(poll, { headers: { 'accept-language': 'en', 'x-junk': String(round) } }))).toBe(english);
      expect(await firstLabel(await t.app.request(poll, { headers: { 'accept-language': 'id' } }))).toBe(indonesian);
    }
  });

  it('remember request keys within their byte budget, never for a request that names a reader or is invalid', async () => {
    await t.call('GET', poll);
    await t.call('GET', poll);
    const before = replayRequestKeyStats(t.app)!.entries;
    for (let i = 0; i < 200; i++) await t.app.request(`${poll}?reader=${readerToken()}`);
    // The reader parameter spelled with an escape, or after another parameter, is still a reader's own read.
    for (let i = 0; i < 50; i++) {
      for (const path of [`${poll}?%72eader=${readerToken()}`, `${poll}?lang=id&reader=${readerToken()}`]) {
        const response = await t.app.request(path);
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-control')).toBe('private, no-store');
      }
    }
    for (let i = 0; i < 200; i++) expect((await t.app.request(`${poll}?lang=x${i}`)).status).toBe(400);
    expect(replayRequestKeyStats(t.app)!.entries).toBe(before);
    for (let i = 0; i < 3_000; i++) await t.app.request(`${poll}?junk=${i}-${'x'.repeat(200)}`);
    const flooded = replayRequestKeyStats(t.app)!;
    expect(flooded.bytes).toBeLessThanOrEqual(REQUEST_KEYS_MAX_BYTES);
    expect(flooded.entries).toBeGreaterThan(0);
    expect(flooded.entries).toBeLessThan(3_000);
    expect((await t.call('GET', poll)).status).toBe(200);
  });

  it('end when the site changes in this process', async () => {
    await t.call('GET', poll);
    await t.call('GET', poll);
    await whileSiteSettings(t.db, 'demo', { resultVisibility: 'after-vote' }, async () => {
      expect((await t.call('GET', poll)).body.site.resultVisibility).toBe('after-vote');
    });
    expect((await t.call('GET', poll)).body.site.resultVisibility).toBe('always');
  });
});

describe("a returning reader's bootstrap", () => {
  it('reads the tally and the choice in one statement after a write, and fills the anonymous answer with that tally', async () => {
    const recorded = await recordingDb();
    const own = await testApp({ db: recorded.db });
    const path = '/v1/sites/demo/articles/poll-cache-bootstrap/poll';
    await own.call('GET', `${path}?url=${encodeURIComponent('http://localhost:3000/poll-cache-bootstrap')}`);
    const voter = readerToken();
    await own.call('PUT', '/v1/sites/demo/articles/poll-cache-bootstrap/vote', { reader: voter, reaction: 'marah' });

    recorded.statements.length = 0;
    const mine = await own.call('GET', `${path}?reader=${voter}`);
    expect(mine.body).toMatchObject({ choice: 'marah', total: 1 });
    expect(recorded.statements).toHaveLength(1);
    expect(recorded.statements[0]).toMatch(/FROM articles a WHERE a\.id = \?/);

    recorded.statements.length = 0;
    const anonymous = await own.call('GET', path);
    expect(recorded.statements).toEqual([]);
    expect(anonymous.body).toEqual({ ...mine.body, choice: null });

    recorded.statements.length = 0;
    expect((await own.call('GET', `${path}?reader=${readerToken()}`)).body).toEqual(anonymous.body);
    expect(recorded.statements).toHaveLength(1);
  });
});

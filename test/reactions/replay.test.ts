import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/context';
import { nodeCompression } from '../../src/http/compression';
import { replayWhile, withPublicReplay } from '../../src/http/replay';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { updateSiteSettings } from '../helpers/factories';
import { findSite, invalidateSite, siteIsCurrent } from '../../src/sites/service';

/** Every header of a response but its request id, which is each exchange's own. */
function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'x-request-id') headers[name] = value;
  });
  return headers;
}

describe('publicReplay', () => {
  function counted() {
    const state = { runs: 0, current: true };
    const app = withPublicReplay(new Hono<AppEnv>());
    app.get('/public', (c) => {
      state.runs++;
      replayWhile(c, () => state.current);
      c.header('ETag', `"v${state.runs}"`);
      return c.json({ runs: state.runs });
    });
    app.get('/private', (c) => {
      state.runs++;
      return c.json({ runs: state.runs });
    });
    return { app, state };
  }

  it('replays an answer while it is current, and goes back to the handler once it is not', async () => {
    const { app, state } = counted();
    expect(await (await app.request('/public')).json()).toEqual({ runs: 1 });
    expect(await (await app.request('/public')).json()).toEqual({ runs: 1 });
    expect(state.runs).toBe(1);
    state.current = false;
    expect(await (await app.request('/public')).json()).toEqual({ runs: 2 });
  });

  it('never replays an answer its handler did not mark', async () => {
    const { app, state } = counted();
    await app.request('/private');
    await app.request('/private');
    expect(state.runs).toBe(2);
  });

  it('keeps answers apart by query, origin and language', async () => {
    const { app, state } = counted();
    await app.request('/public');
    await app.request('/public?x=1');
    await app.request('/public', { headers: { origin: 'https://news.example' } });
    await app.request('/public', { headers: { 'accept-language': 'en' } });
    expect(state.runs).toBe(4);
  });

  it('answers a matching If-None-Match with a 304 without running the handler', async () => {
    const { app, state } = counted();
    const first = await app.request('/public');
    const again = await app.request('/public', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe('"v1"');
    expect(state.runs).toBe(1);
  });

  it('echoes a plain caller request id and replaces an unsafe one', async () => {
    const { app } = counted();
    await app.request('/public');
    const echoed = await app.request('/public', { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const replaced = await app.request('/public', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('replayed anonymous polls', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  const poll = '/v1/sites/demo/articles/replay-1/poll';
  const vote = '/v1/sites/demo/articles/replay-1/vote';

  it('answers a repeated read exactly as the full path did, headers included', async () => {
    await t.call('PUT', vote, { reader: readerToken(), reaction: 'senang' });
    const origin = { origin: 'http://localhost:3000', 'accept-language': 'en-GB,en;q=0.8' };
    const first = await t.app.request(poll, { headers: origin });
    const second = await t.app.request(poll, { headers: origin });
    expect(second.status).toBe(200);
    expect(headersOf(second)).toEqual(headersOf(first));
    expect(second.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(await second.text()).toBe(await first.text());

    const fresh = await t.app.request(poll, { headers: { ...origin, 'if-none-match': first.headers.get('etag')! } });
    expect(fresh.status).toBe(304);
  });

  it('never replays the first origin\'s answer to another origin: the stranger gets its own refusal', async () => {
    await t.app.request(poll, { headers: { origin: 'http://localhost:3000' } });
    const stranger = await t.app.request(poll, { headers: { origin: 'https://elsewhere.example' } });
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('access-control-allow-origin')).toBe('https://elsewhere.example');
    expect(((await stranger.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
  });

  it('shows each vote to the very next read', async () => {
    for (let i = 1; i <= 3; i++) {
      const before = (await t.call('GET', poll)).body.total;
      await t.call('PUT', vote, { reader: readerToken(), reaction: 'sedih' });
      expect((await t.call('GET', poll)).body.total).toBe(before + 1);
    }
  });

  it('shows a site change to the very next read', async () => {
    await t.call('GET', poll);
    await updateSiteSettings(t.db, 'demo', { resultVisibility: 'after-vote' });
    try {
      expect((await t.call('GET', poll)).body.site.resultVisibility).toBe('after-vote');
    } finally {
      await updateSiteSettings(t.db, 'demo', { resultVisibility: 'always' });
    }
  });
});

describe('replayed compressed answers', () => {
  it('replays the gzipped answer to clients that take gzip and the plain one to those that do not', async () => {
    let runs = 0;
    const big = JSON.stringify({ words: Array.from({ length: 300 }, (_, i) => `tanggapan-${i}`) });
    const app = withPublicReplay(new Hono<AppEnv>());
    app.use(nodeCompression());
    app.get('/big', (c) => {
      runs++;
      replayWhile(c, () => true);
      c.header('ETag', '"big"');
      return c.body(big, 200, { 'Content-Type': 'application/json' });
    });
    for (let i = 0; i < 2; i++) {
      const gzipped = await app.request('/big', { headers: { 'accept-encoding': 'gzip' } });
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
      expect(gunzipSync(new Uint8Array(await gzipped.arrayBuffer())).toString('utf8')).toBe(big);
      const plain = await app.request('/big');
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await plain.text()).toBe(big);
    }
    expect(runs).toBe(2);
    // "gzip;q=0" refuses gzip: such a client shares the plain answer, never the gzipped one.
    const refusing = await app.request('/big', { headers: { 'accept-encoding': 'gzip;q=0, br' } });
    expect(refusing.headers.get('content-encoding')).toBeNull();
    expect(await refusing.text()).toBe(big);
    expect(runs).toBe(2);
    const notModified = await app.request('/big', { headers: { 'accept-encoding': 'gzip', 'if-none-match': 'W/"big"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('content-encoding')).toBeNull();
    expect(runs).toBe(2);
  });
});

describe('site reloads', () => {
  it('keep an unchanged site the same object (so what was built from it stays current), and a changed one new', async () => {
    const t = await testApp();
    const first = await findSite({ db: t.db, siteId: 'demo' });
    invalidateSite(t.db, 'demo');
    const reloaded = await findSite({ db: t.db, siteId: 'demo' });
    expect(reloaded).toBe(first);
    expect(siteIsCurrent(t.db, reloaded!)).toBe(true);
    await updateSiteSettings(t.db, 'demo', { commentsPerDay: 7 });
    const changed = await findSite({ db: t.db, siteId: 'demo' });
    expect(changed).not.toBe(first);
    expect(changed!.settings.commentsPerDay).toBe(7);
    expect(siteIsCurrent(t.db, first!)).toBe(false);
  });
});

import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEnvSchema } from '../../src/config';
import { DEFAULT_CACHE_MAX_BYTES } from '../../src/lib/cache';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { counterMismatches, createArticle, createSite, updateSiteSettings } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

const poll = (article: string, query = '') => `/v1/sites/demo/articles/${encodeURIComponent(article)}/poll${query}`;
const vote = (article: string) => `/v1/sites/demo/articles/${encodeURIComponent(article)}/vote`;

describe('reading a poll', () => {
  it('returns the demo site\'s eight reactions at zero for a new article, in Indonesian', async () => {
    const { status, body, headers } = await t.call('GET', poll('baru-1'));
    expect(status).toBe(200);
    expect(body.question).toBe('Bagaimana tanggapan anda mengenai artikel ini?');
    expect(body.reactions.map((r: { key: string }) => r.key)).toEqual([
      'senang', 'terhibur', 'terinspirasi', 'tidak-peduli', 'terganggu', 'sedih', 'cemas', 'marah',
    ]);
    expect(body.reactions.every((r: { count: number; percent: number }) => r.count === 0 && r.percent === 0)).toBe(true);
    expect(body.total).toBe(0);
    expect(body.choice).toBeNull();
    expect(headers.get('cache-control')).toContain('stale-while-revalidate');
    expect(headers.get('etag')).toMatch(/^W\/"/);
  });

  it('answers in English when asked, by lang or Accept-Language', async () => {
    const byQuery = await t.call('GET', poll('baru-1', '?lang=en'));
    expect(byQuery.body.question).toBe('How do you feel about this article?');
    expect(byQuery.body.reactions[3].label).toBe("Don't care");
    const byHeader = await t.call('GET', poll('baru-1'), undefined, { 'accept-language': 'en-US,en;q=0.9' });
    expect(byHeader.body.lang).toBe('en');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await t.call('GET', poll('etag-1'));
    const second = await t.call('GET', poll('etag-1'), undefined, { 'if-none-match': first.headers.get('etag')! });
    expect(second.status).toBe(304);
  });

  it('shows a second site its own reaction set', async () => {
    const { body } = await t.call('GET', '/v1/sites/contoh/articles/x/poll');
    expect(body.reactions.map((r: { key: string }) => r.key)).toEqual(['happy', 'inspire', 'confuse', 'sad']);
    expect(body.lang).toBe('en');
  });

  it('accepts article ids with slashes and unicode', async () => {
    const { status, body } = await t.call('GET', poll('2026/11/berita-ñ'));
    expect(status).toBe(200);
    expect(body.article.id).toBe('2026/11/berita-ñ');
  });
});

describe('voting', () => {
  it('counts a vote, moves it on change, keeps it on repeat, and removes it on withdraw', async () => {
    const reader = readerToken();
    const cast = await t.call('PUT', vote('v-1'), { reader, reaction: 'senang' });
    expect(cast.status).toBe(200);
    expect(cast.body.choice).toBe('senang');
    expect(cast.body.reactions[0]).toMatchObject({ key: 'senang', count: 1, percent: 100 });
    expect(cast.headers.get('cache-control')).toBe('private, no-store');

    const same = await t.call('PUT', vote('v-1'), { reader, reaction: 'senang' });
    expect(same.body.total).toBe(1);

    const moved = await t.call('PUT', vote('v-1'), { reader, reaction: 'marah' });
    expect(moved.body.choice).toBe('marah');
    expect(moved.body.reactions.find((r: { key: string }) => r.key === 'senang').count).toBe(0);
    expect(moved.body.reactions.find((r: { key: string }) => r.key === 'marah').count).toBe(1);

    const read = await t.call('GET', poll('v-1', `?reader=${reader}`));
    expect(read.body.choice).toBe('marah');

    const withdrawn = await t.call('DELETE', vote('v-1'), { reader });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.choice).toBeNull();
    expect(withdrawn.body.total).toBe(0);

    const again = await t.call('DELETE', vote('v-1'), { reader });
    expect(again.body.total).toBe(0);
  });

  it('adds another reader\'s vote and splits percents to 100', async () => {
    await t.call('PUT', vote('v-2'), { reader: readerToken(), reaction: 'senang' });
    await t.call('PUT', vote('v-2'), { reader: readerToken(), reaction: 'sedih' });
    const { body } = await t.call('PUT', vote('v-2'), { reader: readerToken(), reaction: 'cemas' });
    expect(body.total).toBe(3);
    const shares = body.reactions.map((r: { percent: number }) => r.percent);
    expect(shares.reduce((a: number, b: number) => a + b, 0)).toBe(100);
    expect(shares.filter((p: number) => p > 0).sort()).toEqual([33, 33, 34]);
  });

  it('registers the article with its URL and title on first vote', async () => {
    await t.call('PUT', vote('reg-1'), {
      reader: readerToken(),
      reaction: 'senang',
      url: 'http://localhost:4000/berita/reg-1',
      title: 'Judul berita',
    });
    const rows = await t.db.all<{ url: string; title: string }>(sql`SELECT url, title FROM articles WHERE external_id = 'reg-1'`);
    expect(rows).toEqual([{ url: 'http://localhost:4000/berita/reg-1', title: 'Judul berita' }]);
  });

  it('refuses a vote on a closed poll with 409 and counts nothing', async () => {
    const reader = readerToken();
    await createArticle(t.db, 'demo', { externalId: 'closed-1', pollOpen: false });
    const { status, body } = await t.call('PUT', vote('closed-1'), { reader, reaction: 'senang' });
    expect(status).toBe(409);
    expect(body.error.code).toBe('poll_closed');
    const read = await t.call('GET', poll('closed-1'));
    expect(read.body.total).toBe(0);
    expect(read.body.article.pollOpen).toBe(false);
  });
});

describe('bad input', () => {
  const reader = readerToken();

  it('404 for an unknown site', async () => {
    const { status, body } = await t.call('GET', '/v1/sites/nope/articles/a/poll');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'not_found' });
    expect(body.error.requestId).toBeTruthy();
  });

  it('422 naming the allowed keys for an unknown reaction', async () => {
    const { status, body } = await t.call('PUT', vote('bad-1'), { reader, reaction: 'bahagia' });
    expect(status).toBe(422);
    expect(body.error.code).toBe('unknown_reaction');
    expect(body.error.message).toContain('senang');
    expect(body.error.details[0].path).toBe('reaction');
  });

  it('422 for a retired reaction, while its counts are kept', async () => {
    const site = await createSite(t.db, { origins: ['http://localhost:*'] });
    const path = `/v1/sites/${site.id}/articles/r/vote`;
    await t.call('PUT', path, { reader, reaction: 'b' });
    await t.db.run(sql`UPDATE reactions SET active = 0 WHERE site_id = ${site.id} AND key = 'b'`);
    await updateSiteSettings(t.db, site.id, {});
    const { status, body } = await t.call('PUT', path, { reader: readerToken(), reaction: 'b' });
    expect(status).toBe(422);
    expect(body.error.message).toContain('sudah tidak dipakai');
    const counts = await t.db.all(sql`SELECT count FROM reaction_counts WHERE reaction_key = 'b'`);
    expect(counts).toEqual([{ count: 1 }]);
  });

  it('400 for malformed JSON', async () => {
    const { status, body } = await t.call('PUT', vote('bad-2'), '{"reader":', { 'content-type': 'application/json' });
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
  });

  it('400 naming the field for wrong types and unknown fields', async () => {
    const wrongType = await t.call('PUT', vote('bad-3'), { reader, reaction: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.map((d: { path: string }) => d.path)).toContain('reaction');
    const shortToken = await t.call('PUT', vote('bad-3'), { reader: 'abc', reaction: 'senang' });
    expect(shortToken.body.error.details[0].path).toBe('reader');
    const extra = await t.call('PUT', vote('bad-3'), { reader, reaction: 'senang', admin: true });
    expect(extra.status).toBe(400);
  });

  it('400 for an article id that is too long or has control characters', async () => {
    expect((await t.call('GET', poll('x'.repeat(129)))).status).toBe(400);
    expect((await t.call('GET', poll('a\u0007b'))).status).toBe(400);
  });

  it('413 for a body over 8 KB, whether its length is declared or streamed', async () => {
    const text = JSON.stringify({ reader, reaction: 'senang', title: 'x'.repeat(9000) });
    const streamed = await t.call('PUT', vote('bad-4'), text);
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.code).toBe('payload_too_large');
    const declared = await t.call('PUT', vote('bad-4'), text, { 'content-length': String(new TextEncoder().encode(text).length) });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('payload_too_large');
  });

  it('422 for a page URL outside the site\'s origins', async () => {
    const { status, body } = await t.call('PUT', vote('bad-5'), { reader, reaction: 'senang', url: 'https://evil.example/x' });
    expect(status).toBe(422);
    expect(body.error.details[0].path).toBe('url');
  });

  it('leaves the database untouched after every rejected request', async () => {
    const before = await t.db.all(sql`SELECT (SELECT count(*) FROM votes) v, (SELECT count(*) FROM articles WHERE external_id LIKE 'bad-%') a`);
    expect(before).toEqual([{ v: expect.any(Number), a: 0 }]);
    expect(await counterMismatches(t.db)).toEqual([]);
  });
});

describe('fairness', () => {
  it('caps distinct readers per network per article and day with a 429 that counts nothing', async () => {
    const site = await createSite(t.db, { origins: ['http://localhost:*'], settings: { votesPerNetworkPerDay: 2 } });
    const path = `/v1/sites/${site.id}/articles/cap/vote`;
    const network = { 'x-test-ip': '198.51.100.20' };
    const first = readerToken();
    expect((await t.call('PUT', path, { reader: first, reaction: 'a' }, network)).status).toBe(200);
    expect((await t.call('PUT', path, { reader: readerToken(), reaction: 'a' }, network)).status).toBe(200);
    const refused = await t.call('PUT', path, { reader: readerToken(), reaction: 'a' }, network);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A reader already admitted may still change their vote; another network is unaffected.
    expect((await t.call('PUT', path, { reader: first, reaction: 'b' }, network)).status).toBe(200);
    expect((await t.call('PUT', path, { reader: readerToken(), reaction: 'a' }, { 'x-test-ip': '198.51.100.21' })).status).toBe(200);
    const { body } = await t.call('GET', `/v1/sites/${site.id}/articles/cap/poll`);
    expect(body.total).toBe(3);
  });

  it('stores only keyed hashes, never the reader token or the address', async () => {
    const reader = readerToken();
    await t.call('PUT', vote('privacy-1'), { reader, reaction: 'senang' }, { 'x-test-ip': '192.0.2.99', 'user-agent': 'PrivacyAgent/1.0' });
    const dump = JSON.stringify(await t.db.all(sql`SELECT * FROM votes`)) + JSON.stringify(await t.db.all(sql`SELECT * FROM rate_limits`));
    expect(dump).not.toContain(reader);
    expect(dump).not.toContain('192.0.2.99');
    expect(dump).not.toContain('PrivacyAgent');
    expect(JSON.stringify(t.logs)).not.toContain('192.0.2.99');
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin and caches it', async () => {
    const response = await t.app.request(vote('c-1'), {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it('refuses a preflight, a write and a read from another origin; the read\'s refusal is readable by that page', async () => {
    const preflight = await t.app.request(vote('c-1'), {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const write = await t.call('PUT', vote('c-1'), { reader: readerToken(), reaction: 'senang' }, { origin: 'https://evil.example' });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('origin_not_allowed');
    const read = await t.call('GET', poll('c-1'), undefined, { origin: 'https://evil.example' });
    expect(read.status).toBe(403);
    expect(read.body).toEqual({ error: expect.objectContaining({ code: 'origin_not_allowed' }) });
    expect(read.headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  it('allows an actual request from an allowed origin', async () => {
    const { status, headers } = await t.call('PUT', vote('c-2'), { reader: readerToken(), reaction: 'senang' }, { origin: 'http://127.0.0.1:8080' });
    expect(status).toBe(200);
    expect(headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
    expect(headers.get('vary')).toContain('Origin');
  });
});

describe('the service\'s own pages', () => {
  it('lets the /embed iframe (same origin as the API) vote on a site that lists only its own origins', async () => {
    const site = await createSite(t.db, { origins: ['https://news.example'] });
    const path = `/v1/sites/${site.id}/articles/own-1/vote`;
    const own = await t.call('PUT', path, { reader: readerToken(), reaction: 'a' }, { origin: 'http://localhost' });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
    const foreign = await t.call('PUT', path, { reader: readerToken(), reaction: 'a' }, { origin: 'http://localhost:9999' });
    expect(foreign.status).toBe(403);
  });

  it('never takes a forged Host for its own origin: only loopback in development, only PUBLIC_URL when set', async () => {
    const site = await createSite(t.db, { origins: ['https://news.example'] });
    const vote = (app: TestApp['app'], url: string, origin: string) =>
      app.request(`${url}/v1/sites/${site.id}/articles/host-1/vote`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ reader: readerToken(), reaction: 'a' }),
      });
    expect((await vote(t.app, 'http://evil.example', 'http://evil.example')).status).toBe(403);
    expect((await vote(t.app, 'http://127.0.0.1:8787', 'http://127.0.0.1:8787')).status).toBe(200);
    expect((await vote(t.app, 'http://[::1]:8787', 'http://[::1]:8787')).status).toBe(200);
    const behindUrl = await testApp({ db: t.db, config: { production: true, publicUrl: 'https://tanggap.example/' } });
    expect((await vote(behindUrl.app, 'http://evil.example', 'http://evil.example')).status).toBe(403);
    expect((await vote(behindUrl.app, 'http://localhost', 'http://localhost')).status).toBe(403);
    expect((await vote(behindUrl.app, 'http://evil.example', 'https://tanggap.example')).status).toBe(200);
  });

  it('answers a vote\'s errors in the language of the body', async () => {
    const { body } = await t.call('PUT', vote('lang-1'), { reader: readerToken(), reaction: 'nope', lang: 'en' });
    expect(body.error.message).toContain('Unknown reaction');
  });
});

describe('system', () => {
  it('reports health with database reachability and the cache within its budget', async () => {
    await t.call('GET', poll('health-warm-up'));
    const { status, body } = await t.call('GET', '/healthz');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', db: 'ok' });
    expect(body.cache.maxBytes).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(body.cache.bytes).toBeGreaterThan(0);
    expect(body.cache.bytes).toBeLessThanOrEqual(body.cache.maxBytes);
  });

  it('sizes the cache from its configuration', async () => {
    const small = await testApp({ config: { cacheMaxBytes: 100_000 } });
    expect((await small.call('GET', '/healthz')).body.cache.maxBytes).toBe(100_000);
    expect(v.parse(nodeEnvSchema, { CACHE_MAX_BYTES: '1048576' }).CACHE_MAX_BYTES).toBe(1_048_576);
    const refused = v.safeParse(nodeEnvSchema, { CACHE_MAX_BYTES: '32MB' });
    expect(refused.success).toBe(false);
    expect(refused.issues?.[0]?.message).toMatch(/CACHE_MAX_BYTES/);
  });

  it('describes every route in /openapi.json, generated from the schemas', async () => {
    const { status, body } = await t.call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const pollOp = body.paths['/v1/sites/{site}/articles/{article}/poll'].get;
    expect(pollOp.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['site', 'article', 'lang', 'reader']));
    const voteOp = body.paths['/v1/sites/{site}/articles/{article}/vote'].put;
    expect(Object.keys(voteOp.responses)).toEqual(expect.arrayContaining(['200', '400', '409', '413', '422', '429']));
    expect(voteOp.requestBody.content['application/json'].schema.properties.reaction).toBeTruthy();
    expect(body.paths['/v1/sites/{site}/articles/{article}/vote'].delete).toBeTruthy();
    expect(body.paths['/healthz'].get).toBeTruthy();
  });

  it('answers unknown paths with the envelope', async () => {
    const { status, body } = await t.call('GET', '/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

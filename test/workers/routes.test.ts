import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articleDetails, type Target } from '../../src/widget/api';
import { counterMismatches, createSite } from '../helpers/factories';
import { articleIdOf, call, db, readerToken, settle, shardStub } from './helpers';
import { runInDurableObject } from 'cloudflare:test';

const poll = (article: string, query = '') => `/v1/sites/demo/articles/${encodeURIComponent(article)}/poll${query}`;
const vote = (article: string) => `/v1/sites/demo/articles/${encodeURIComponent(article)}/vote`;

describe('reading a poll on workerd + D1', () => {
  it('returns the demo site\'s eight reactions at zero, cacheable, in Indonesian', async () => {
    const { status, body, headers } = await call('GET', poll('baru-1'));
    expect(status).toBe(200);
    expect(body.question).toBe('Bagaimana tanggapan anda mengenai artikel ini?');
    expect(body.reactions).toHaveLength(8);
    expect(body.total).toBe(0);
    expect(headers.get('cache-control')).toContain('stale-while-revalidate');
    const again = await call('GET', poll('baru-1'), undefined, { 'if-none-match': headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('answers in English when asked', async () => {
    const { body } = await call('GET', poll('baru-1', '?lang=en'));
    expect(body.question).toBe('How do you feel about this article?');
  });
});

describe('voting on workerd + D1', () => {
  it('counts a vote, moves it on change, keeps it on repeat, removes it on withdraw', async () => {
    const reader = readerToken();
    const cast = await call('PUT', vote('v-1'), { reader, reaction: 'senang', title: 'Judul' });
    expect(cast.status).toBe(200);
    expect(cast.body.choice).toBe('senang');
    expect(cast.body.reactions[0]).toMatchObject({ key: 'senang', count: 1, percent: 100 });
    expect(cast.headers.get('cache-control')).toBe('private, no-store');

    expect((await call('PUT', vote('v-1'), { reader, reaction: 'senang' })).body.total).toBe(1);

    const moved = await call('PUT', vote('v-1'), { reader, reaction: 'marah' });
    expect(moved.body.choice).toBe('marah');
    expect(moved.body.reactions.find((r: { key: string }) => r.key === 'senang').count).toBe(0);
    expect(moved.body.reactions.find((r: { key: string }) => r.key === 'marah').count).toBe(1);
    expect((await call('GET', poll('v-1', `?reader=${reader}`))).body.choice).toBe('marah');

    const withdrawn = await call('DELETE', vote('v-1'), { reader });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ choice: null, total: 0 });
    expect((await call('DELETE', vote('v-1'), { reader })).body.total).toBe(0);
    await settle(await articleIdOf('v-1'), 1);
    expect(await counterMismatches(db)).toEqual([]);
  });

  it('refuses a vote on a poll the newsroom closed with 409, from its answer on, and counts nothing', async () => {
    await call('PUT', vote('closed-1'), { reader: readerToken(), reaction: 'senang' });
    const admin = { authorization: 'Bearer workers-instance-admin-key-0123456789' };
    expect((await call('PATCH', '/v1/newsroom/sites/demo/articles/closed-1', { pollOpen: false }, admin)).status).toBe(200);
    const { status, body } = await call('PUT', vote('closed-1'), { reader: readerToken(), reaction: 'sedih' });
    expect(status).toBe(409);
    expect(body.error.code).toBe('poll_closed');
    expect((await call('GET', poll('closed-1'))).body.total).toBe(1);
  });

  it('caps readers per network with a 429, telling networks apart by CF-Connecting-IP', async () => {
    const site = await createSite(db, { origins: ['https://news.example'], settings: { votesPerNetworkPerDay: 1 } });
    const path = `/v1/sites/${site.id}/articles/cap/vote`;
    const network = { 'cf-connecting-ip': '198.51.100.20' };
    expect((await call('PUT', path, { reader: readerToken(), reaction: 'a' }, network)).status).toBe(200);
    const refused = await call('PUT', path, { reader: readerToken(), reaction: 'a' }, network);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('PUT', path, { reader: readerToken(), reaction: 'a' }, { 'cf-connecting-ip': '198.51.100.21' })).status).toBe(200);
  });

  it('stores only keyed hashes, never the reader token or the address', async () => {
    const reader = readerToken();
    await call('PUT', vote('privacy-1'), { reader, reaction: 'senang' }, { 'cf-connecting-ip': '192.0.2.99', 'user-agent': 'PrivacyAgent/1.0' });
    const held = await runInDurableObject(shardStub(await articleIdOf('privacy-1'), 0), (_instance, state) =>
      ['votes', 'rate_limits', 'poll_state'].map((table) => state.storage.sql.exec(`SELECT * FROM ${table}`).toArray()),
    );
    expect(held[0]).toHaveLength(1);
    const dump = JSON.stringify(held) + JSON.stringify(await db.all(sql`SELECT * FROM votes`)) + JSON.stringify(await db.all(sql`SELECT * FROM rate_limits`));
    expect(dump).not.toContain(reader);
    expect(dump).not.toContain('192.0.2.99');
    expect(dump).not.toContain('PrivacyAgent');
  });
});

describe('bad input on workerd', () => {
  const reader = readerToken();

  it('404 for an unknown site and an unknown path', async () => {
    const site = await call('GET', '/v1/sites/nope/articles/a/poll');
    expect(site.status).toBe(404);
    expect(site.body.error).toMatchObject({ code: 'not_found', requestId: expect.any(String) });
    expect((await call('GET', '/nothing-here')).body.error.code).toBe('not_found');
  });

  it('422 naming the allowed keys for an unknown reaction', async () => {
    const { status, body } = await call('PUT', vote('bad-1'), { reader, reaction: 'bahagia' });
    expect(status).toBe(422);
    expect(body.error.code).toBe('unknown_reaction');
    expect(body.error.details[0].path).toBe('reaction');
  });

  it('400 for malformed JSON and for wrong fields, naming them', async () => {
    const malformed = await call('PUT', vote('bad-2'), '{"reader":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('bad_request');
    const wrongType = await call('PUT', vote('bad-2'), { reader, reaction: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.map((d: { path: string }) => d.path)).toContain('reaction');
  });

  it('413 for a body over 8 KB', async () => {
    const { status, body } = await call('PUT', vote('bad-3'), { reader, reaction: 'senang', title: 'x'.repeat(9000) });
    expect(status).toBe(413);
    expect(body.error.code).toBe('payload_too_large');
  });

  it('leaves the database untouched after the rejected requests', async () => {
    expect(await db.all(sql`SELECT count(*) AS n FROM articles WHERE external_id LIKE 'bad-%'`)).toEqual([{ n: 0 }]);
  });
});

describe('CORS on workerd', () => {
  it('answers a preflight from an allowed origin', async () => {
    const { status, headers } = await call('OPTIONS', vote('c-1'), undefined, {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type',
    });
    expect(status).toBe(204);
    expect(headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('refuses a preflight and a write from another origin', async () => {
    const preflight = await call('OPTIONS', vote('c-1'), undefined, { origin: 'https://evil.example', 'access-control-request-method': 'PUT' });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const write = await call('PUT', vote('c-1'), { reader: readerToken(), reaction: 'senang' }, { origin: 'https://evil.example' });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('origin_not_allowed');
  });
});

describe('system on workerd', () => {
  it('reports health with D1 reachable', async () => {
    const { status, body, headers } = await call('GET', '/healthz');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', db: 'ok' });
    expect(body.cache.bytes).toBeLessThanOrEqual(body.cache.maxBytes);
    expect(headers.get('x-request-id')).toBeTruthy();
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const { status, body } = await call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const voteOp = body.paths['/v1/sites/{site}/articles/{article}/vote'].put;
    expect(voteOp.requestBody.content['application/json'].schema.properties.reaction).toBeTruthy();
    expect(body.paths['/healthz'].get).toBeTruthy();
  });

  it('serves the /docs reference page with its style allowed by hash, and the dashboard\'s own files', async () => {
    const { status, body, headers } = await call('GET', '/docs');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(body).toContain('<code>/v1/sites/{site}/articles/{article}/vote</code>');
    expect(headers.get('content-security-policy')).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    const css = await call('GET', '/newsroom/assets/app.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.body).toContain('.queue-item');
    const js = await call('GET', '/newsroom/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.body).toContain('data-sortable');
  });
});

describe('edge cache on workerd', () => {
  it('serves an anonymous poll from the Cache API, with 304s, and drops it when a vote lands here', async () => {
    const first = await call('GET', poll('edge-1'));
    expect(first.headers.get('x-tanggap-cache')).toBe('miss');
    const second = await call('GET', poll('edge-1'));
    expect(second.headers.get('x-tanggap-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    const conditional = await call('GET', poll('edge-1'), undefined, { 'if-none-match': first.headers.get('etag')! });
    expect(conditional.status).toBe(304);

    await call('PUT', vote('edge-1'), { reader: readerToken(), reaction: 'senang' });
    const after = await call('GET', poll('edge-1'));
    expect(after.headers.get('x-tanggap-cache')).toBe('miss');
    expect(after.body.total).toBe(1);
    const again = await call('GET', poll('edge-1'));
    expect(again.headers.get('x-tanggap-cache')).toBe('hit');
    expect(again.body).toEqual(after.body);
  });

  it('keeps languages apart and never caches a reader\'s own view', async () => {
    await call('GET', poll('edge-2'));
    const english = await call('GET', poll('edge-2'), undefined, { 'accept-language': 'en' });
    expect(english.body.question).toBe('How do you feel about this article?');
    const reader = readerToken();
    const mine = await call('GET', poll('edge-2', `?reader=${reader}`));
    expect(mine.headers.get('x-tanggap-cache')).toBeNull();
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('widget traffic and the edge cache on workerd', () => {
  /** The requests the widget makes (src/widget/api.ts, vote.ts), from an article page on a site origin. */
  const widget = (target: Omit<Target, 'details' | 'load'>) => {
    const article = `/v1/sites/${encodeURIComponent(target.site!)}/articles/${encodeURIComponent(target.article!)}`;
    const origin = { origin: 'http://localhost:8080' };
    return {
      read: () => call('GET', `${article}/poll?${new URLSearchParams(articleDetails(target))}`, undefined, origin),
      vote: (reaction: string) => call('PUT', `${article}/vote?lang=${target.lang}`, { ...articleDetails(target), reader: readerToken(), reaction }, origin),
    };
  };

  it('a vote sent the way the widget sends it changes what the next widget-shaped poll read returns', async () => {
    for (const lang of ['id', 'en']) {
      const page = widget({ base: '', site: 'demo', article: `widget-edge-${lang}`, lang, url: `http://localhost:8080/berita/widget-edge-${lang}`, title: 'Judul berita' });
      expect((await page.read()).body.total).toBe(0);
      const cached = await page.read();
      expect(cached.headers.get('x-tanggap-cache')).toBe('hit');
      expect(cached.body.total).toBe(0);
      expect((await page.vote('senang')).status).toBe(200);
      const after = await page.read();
      expect(after.body.total).toBe(1);
      expect(after.body.reactions.find((r: { key: string }) => r.key === 'senang').count).toBe(1);
    }
  });

  it('a comment, and a moderator closing the poll, change what the next widget-shaped poll read returns', async () => {
    const site = await createSite(db, { origins: ['http://localhost:8080'], settings: { commentIntervalSeconds: 0 } });
    const page = widget({ base: '', site: site.id, article: 'widget-edge-comment', lang: 'id', url: 'http://localhost:8080/berita/komentar', title: 'Judul' });
    expect((await page.read()).body.article.commentCount).toBe(0);
    expect((await page.read()).headers.get('x-tanggap-cache')).toBe('hit');
    const posted = await call(
      'POST',
      `/v1/sites/${site.id}/articles/widget-edge-comment/comments`,
      { reader: readerToken(), name: 'Budi', body: 'Liputan yang jernih.', elapsedMs: 8_000 },
      { origin: 'http://localhost:8080' },
    );
    expect(posted.status).toBe(201);
    expect((await page.read()).body.article.commentCount).toBe(1);
    const admin = { authorization: 'Bearer workers-instance-admin-key-0123456789' };
    const closed = await call('PATCH', `/v1/newsroom/sites/${site.id}/articles/widget-edge-comment`, { pollOpen: false }, admin);
    expect(closed.status).toBe(200);
    expect((await page.read()).body.article.pollOpen).toBe(false);
  });

  it('shares one edge copy between widget reads that differ only in parameters the answer does not depend on', async () => {
    const base = { base: '', site: 'demo', article: 'widget-edge-shared', lang: 'id', title: 'Judul' };
    await widget({ ...base, url: 'http://localhost:8080/berita/a' }).read();
    const other = await widget({ ...base, url: 'http://localhost:8080/berita/a?utm_source=x', title: 'Judul lain' }).read();
    expect(other.headers.get('x-tanggap-cache')).toBe('hit');
    expect(other.headers.get('vary')).toMatch(/accept-language/i);
  });
});

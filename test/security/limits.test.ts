import { describe, expect, it } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH } from '../../src/http/json-depth';
import { readerToken, testApp } from '../helpers/app';
import { operationsOf } from '../helpers/openapi-fuzz';

const ADMIN_KEY = 'limits-test-instance-admin-key-0123456789';
const t = await testApp({ config: { adminKey: ADMIN_KEY } });
const spec = (await t.call('GET', '/openapi.json')).body;
const operations = operationsOf(spec);

const nest = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('JSON depth', () => {
  it('measures nesting without counting brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[[[{{{{"}')).toBe(1);
    expect(jsonDepth('{"a":"\\"[[[["}')).toBe(1);
    expect(jsonDepth('"plain"')).toBe(0);
    expect(jsonDepth(nest(5000), 40)).toBeLessThanOrEqual(41);
  });

  it(`refuses bodies nested deeper than ${MAX_JSON_DEPTH} levels with a 400 naming the body, before any route runs`, async () => {
    for (const body of [nest(MAX_JSON_DEPTH + 1), nest(4000), `{"reader":"${readerToken()}","reaction":"senang","x":${nest(100)}}`]) {
      const { status, body: answer } = await t.call('PUT', '/v1/sites/demo/articles/deep/vote', body);
      expect(status).toBe(400);
      expect(answer.error.code).toBe('invalid_input');
      expect(answer.error.details).toEqual([{ path: 'body', message: `must nest at most ${MAX_JSON_DEPTH} levels deep` }]);
    }
    const shallow = await t.call('PUT', '/v1/sites/demo/articles/deep/vote', { reader: readerToken(), reaction: 'senang' });
    expect(shallow.status).toBe(200);
  });

  it('answers in English when asked', async () => {
    const { body } = await t.call('PUT', '/v1/sites/demo/articles/deep/vote?lang=en', nest(50));
    expect(body.error.message).toBe(`The request body is nested too deeply (${MAX_JSON_DEPTH} levels at most).`);
  });
});

describe('body size', () => {
  it('refuses more than 64 KB on any route and more than 8 KB on the public API, with the envelope', async () => {
    const public413 = await t.call('PUT', '/v1/sites/demo/articles/big/vote', { reader: readerToken(), reaction: 'senang', title: 'x'.repeat(9 * 1024) });
    expect(public413.status).toBe(413);
    expect(public413.body.error.code).toBe('payload_too_large');
    expect(public413.body.error.message).toContain('8 KB');
    const anywhere = await t.call('POST', '/anything', JSON.stringify({ x: 'y'.repeat(70 * 1024) }));
    expect(anywhere.status).toBe(413);
    expect(anywhere.body.error.message).toContain('64 KB');
  });

  it('lets the newsroom API take up to 64 KB (word lists) and names that limit past it', async () => {
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    // A full list (500 words, the cap) of long words: well past the readers' 8 KB.
    const words = Array.from({ length: 500 }, (_, i) => `katayangpanjangsekali${i}`);
    const large = await t.call('PATCH', '/v1/newsroom/sites/demo/settings', { settings: { bannedWords: words } }, admin);
    expect(JSON.stringify({ settings: { bannedWords: words } }).length).toBeGreaterThan(8 * 1024);
    expect(large.status).toBe(200);
    expect(large.body.settings.bannedWords).toHaveLength(500);
    const tooLarge = await t.call('PATCH', '/v1/newsroom/sites/demo/settings', { settings: { bannedWords: Array.from({ length: 500 }, (_, i) => `${'kata'.repeat(40)}${i}`) } }, admin);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toContain('64 KB');
  });

  it('streamed bodies get the same per-route limit and text as declared ones', async () => {
    const chunked = (path: string, bytes: number) =>
      t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(JSON.stringify({ x: 'y'.repeat(bytes) })));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const reader = await chunked('/v1/sites/demo/articles/big/comments', 9 * 1024);
    expect(reader.status).toBe(413);
    expect(((await reader.json()) as { error: { message: string } }).error.message).toContain('8 KB');
    const newsroom = await chunked('/v1/newsroom/sites/demo/reactions', 70 * 1024);
    expect(newsroom.status).toBe(413);
    expect(((await newsroom.json()) as { error: { message: string } }).error.message).toContain('64 KB');
  });

  it('documents each operation\'s own limit in /openapi.json', () => {
    const limitOf = (path: string, method: string) => spec.paths[path][method].responses['413'].description;
    expect(limitOf('/v1/sites/{site}/articles/{article}/vote', 'put')).toBe('Request body over 8 KB.');
    expect(limitOf('/v1/newsroom/sites/{site}/settings', 'patch')).toBe('Request body over 64 KB.');
  });
});

/** Every list operation takes `limit`; none may be talked into an unbounded or empty page. */
const paged = operations.filter((operation) => operation.method === 'GET' && operation.parameters.some((p) => p.in === 'query' && p.name === 'limit'));

describe('pagination bounds (every operation with a `limit`)', () => {
  it('finds the paged operations to try: bounds over nothing would pass vacuously', () => {
    const paths = paged.map((operation) => operation.path);
    expect(paths).toEqual(expect.arrayContaining(['/v1/sites/{site}/articles/{article}/comments', '/v1/newsroom/sites/{site}/top-articles', '/v1/newsroom/sites/{site}/moderation/queue']));
  });

  it('refuses a limit of 0, a negative one, a huge one or a non-number with a 400 naming limit', async () => {
    const wrong: string[] = [];
    for (const operation of paged) {
      const base = operation.path.replace('{site}', 'demo').replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? '1' : 'x'));
      for (const limit of ['0', '-1', '1000000', '1e3', 'abc', '']) {
        const { status, body } = await t.call('GET', `${base}?limit=${encodeURIComponent(limit)}`, undefined, { authorization: `Bearer ${ADMIN_KEY}` });
        const namesLimit = JSON.stringify(body?.error?.details ?? []).includes('limit');
        if (status !== 400 || !namesLimit) wrong.push(`${operation.method} ${base}?limit=${limit} → ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

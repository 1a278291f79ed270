import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDateTime } from '../../src/http/schemas';
import { readerToken, type TestApp, testApp } from '../helpers/app';

/**
 * Issue 11: the page's section, byline and publication time travel with the poll read, the
 * vote and the comment, and are stored with the article when it is first registered.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

const ORIGIN = { origin: 'http://localhost:3000' };
const poll = (article: string, query: Record<string, string>) =>
  `/v1/sites/demo/articles/${encodeURIComponent(article)}/poll?${new URLSearchParams(query)}`;
const vote = (article: string) => `/v1/sites/demo/articles/${encodeURIComponent(article)}/vote`;
const comment = (article: string) => `/v1/sites/demo/articles/${encodeURIComponent(article)}/comments`;

async function stored(externalId: string) {
  return t.db.all<{ section: string | null; author: string | null; publishedAt: number | null }>(
    sql`SELECT section, author, published_at AS publishedAt FROM articles WHERE site_id = 'demo' AND external_id = ${externalId}`,
  );
}

describe('article metadata from the page', () => {
  it('registers section, author and publication time (as epoch ms) from the first poll read', async () => {
    const { status } = await t.call(
      'GET',
      poll('meta-1', { url: 'http://localhost:3000/ekonomi/1', section: 'Ekonomi', author: 'Siti Rahma', publishedAt: '2026-05-01T10:30:00+07:00' }),
      undefined,
      ORIGIN,
    );
    expect(status).toBe(200);
    expect(await stored('meta-1')).toEqual([{ section: 'Ekonomi', author: 'Siti Rahma', publishedAt: Date.UTC(2026, 4, 1, 3, 30) }]);
  });

  it('registers them from a first vote and a first comment too', async () => {
    const voted = await t.call('PUT', vote('meta-2'), { reader: readerToken(), reaction: 'senang', section: 'Olahraga', author: 'Budi', publishedAt: '2026-05-02T00:00:00Z' });
    expect(voted.status).toBe(200);
    expect(await stored('meta-2')).toEqual([{ section: 'Olahraga', author: 'Budi', publishedAt: Date.UTC(2026, 4, 2) }]);
    const posted = await t.call('POST', comment('meta-3'), { reader: readerToken(), name: 'Ani', body: 'Setuju sekali.', elapsedMs: 10_000, section: 'Metro', author: 'Citra', publishedAt: '2026-05-03T08:00:00.250+07:00' });
    expect(posted.status).toBe(201);
    expect(await stored('meta-3')).toEqual([{ section: 'Metro', author: 'Citra', publishedAt: Date.UTC(2026, 4, 3, 1, 0, 0, 250) }]);
  });

  it('keeps what the first page said: a later read or vote cannot rename the byline', async () => {
    await t.call('GET', poll('meta-4', { section: 'Ekonomi', author: 'Siti Rahma' }), undefined, ORIGIN);
    await t.call('GET', poll('meta-4', { section: 'Gosip', author: 'Penyusup', publishedAt: '2026-01-01T00:00:00Z' }), undefined, ORIGIN);
    await t.call('PUT', vote('meta-4'), { reader: readerToken(), reaction: 'marah', section: 'Gosip', author: 'Penyusup' });
    expect(await stored('meta-4')).toEqual([{ section: 'Ekonomi', author: 'Siti Rahma', publishedAt: null }]);
  });

  it('lets a vote fill what the article still lacks, never what it has', async () => {
    await t.call('GET', poll('meta-6', { section: 'Ekonomi' }), undefined, ORIGIN);
    await t.call('PUT', vote('meta-6'), { reader: readerToken(), reaction: 'senang', section: 'Gosip', author: 'Siti Rahma', publishedAt: '2026-05-01T00:00:00Z' });
    expect(await stored('meta-6')).toEqual([{ section: 'Ekonomi', author: 'Siti Rahma', publishedAt: Date.UTC(2026, 4, 1) }]);
  });

  it('folds white space and takes an empty value as none', async () => {
    await t.call('GET', poll('meta-7', { section: '  Ekonomi\n  Makro ', author: '' }), undefined, ORIGIN);
    expect(await stored('meta-7')).toEqual([{ section: 'Ekonomi Makro', author: null, publishedAt: null }]);
  });

  it('stores nothing for fields the page does not give', async () => {
    await t.call('GET', poll('meta-5', { title: 'Tanpa metadata' }), undefined, ORIGIN);
    expect(await stored('meta-5')).toEqual([{ section: null, author: null, publishedAt: null }]);
  });

  it('describes the fields in /openapi.json for the poll read and the vote', async () => {
    const { body } = await t.call('GET', '/openapi.json');
    const read = body.paths['/v1/sites/{site}/articles/{article}/poll'].get.parameters.map((p: { name: string }) => p.name);
    expect(read).toEqual(expect.arrayContaining(['section', 'author', 'publishedAt']));
    const voteBody = body.paths['/v1/sites/{site}/articles/{article}/vote'].put.requestBody.content['application/json'].schema;
    expect(Object.keys(voteBody.properties)).toEqual(expect.arrayContaining(['section', 'author', 'publishedAt']));
  });
});

describe('bad metadata', () => {
  const cases: [string, Record<string, string>][] = [
    ['section', { section: 'x'.repeat(81) }],
    ['section', { section: 'Eko\u0000nomi' }],
    ['author', { author: 'y'.repeat(121) }],
    ['author', { author: 'Budi\u0007Santoso' }],
    ['publishedAt', { publishedAt: 'kemarin' }],
    ['publishedAt', { publishedAt: '2026-02-30T10:00:00Z' }],
    ['publishedAt', { publishedAt: '2026-05-01T10:00:00' }],
    ['publishedAt', { publishedAt: '1850-01-01T00:00:00Z' }],
    ['publishedAt', { publishedAt: '2999-01-01T00:00:00Z' }],
  ];

  it.each(cases)('answers 400 naming %s on the poll read, and registers nothing', async (field, query) => {
    const article = `bad-meta-read-${field}-${Object.values(query)[0]!.length}`;
    const { status, body } = await t.call('GET', poll(article, { url: 'http://localhost:3000/x', ...query }), undefined, ORIGIN);
    expect(status).toBe(400);
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual([field]);
    expect(await stored(article)).toEqual([]);
  });

  it.each(cases)('answers 400 naming %s on a vote, and counts nothing', async (field, fields) => {
    const article = `bad-meta-vote-${field}-${Object.values(fields)[0]!.length}`;
    const { status, body } = await t.call('PUT', vote(article), { reader: readerToken(), reaction: 'senang', ...fields });
    expect(status).toBe(400);
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual([field]);
    expect(await stored(article)).toEqual([]);
  });

  it('refuses a number where a time string belongs, on a comment', async () => {
    const { status, body } = await t.call('POST', comment('bad-meta-comment'), { reader: readerToken(), name: 'Ani', body: 'Halo', elapsedMs: 10_000, publishedAt: 1_777_000_000_000 });
    expect(status).toBe(400);
    expect(body.error.details[0].path).toBe('publishedAt');
    expect(await stored('bad-meta-comment')).toEqual([]);
  });
});

describe('parseDateTime', () => {
  it('reads offsets, fractions and minute precision as the same instant', () => {
    expect(parseDateTime('2026-05-01T10:30:00+07:00')).toBe(Date.UTC(2026, 4, 1, 3, 30));
    expect(parseDateTime('2026-05-01T03:30Z')).toBe(Date.UTC(2026, 4, 1, 3, 30));
    expect(parseDateTime('2026-04-30t20:30:00.5-07:00')).toBe(Date.UTC(2026, 4, 1, 3, 30, 0, 500));
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('refuses days that do not exist, missing zones, and other formats', () => {
    for (const text of ['2025-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-05-01T24:00:00Z', '2026-05-01', '2026/05/01 10:00:00', '2026-05-01T10:00:00+07', '0099-01-01T00:00:00Z']) {
      expect({ text, at: parseDateTime(text) }).toEqual({ text, at: Number.NaN });
    }
  });
});

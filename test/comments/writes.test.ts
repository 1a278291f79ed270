import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchItem } from '../../src/db/client';
import type { Writer } from '../../src/db/group-commit';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { freshDb } from '../helpers/db';
import { counterMismatches, createArticle, createSite } from '../helpers/factories';

let t: TestApp;
let clock = Date.UTC(2026, 10, 26, 8, 0, 0);

beforeAll(async () => {
  t = await testApp({ now: () => clock });
});

async function site(settings: Record<string, unknown> = {}) {
  const created = await createSite(t.db, { settings });
  const article = await createArticle(t.db, created.id);
  const path = `/v1/sites/${created.id}/articles/${encodeURIComponent(article.externalId)}`;
  return {
    id: created.id,
    article,
    path,
    post: (body: Record<string, unknown>, ip = '192.0.2.1') => t.call('POST', `${path}/comments`, { name: 'Budi', ...body }, { 'x-test-ip': ip }),
  };
}

function rateLimit(headers: Headers) {
  return {
    limit: headers.get('ratelimit-limit'),
    remaining: headers.get('ratelimit-remaining'),
    reset: headers.get('ratelimit-reset'),
  };
}

describe('comment writes through group commit', () => {
  it('lands 100 concurrent comments by distinct readers exactly once, and the poll counts them at once', async () => {
    const s = await site();
    expect((await t.call('GET', `${s.path}/poll`)).body.article.commentCount).toBe(0);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => s.post({ reader: readerToken(), body: `Komentar nomor ${i}` }, `198.51.${Math.floor(i / 50)}.${i % 50}`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(201));
    expect(new Set(answers.map((answer) => answer.body.comment.id)).size).toBe(100);
    const [stored] = await t.db.all<{ rows: number; counted: number }>(sql`SELECT
        (SELECT count(*) FROM comments WHERE article_id = ${s.article.id}) AS rows,
        (SELECT comment_count FROM articles WHERE id = ${s.article.id}) AS counted`);
    expect(stored).toEqual({ rows: 100, counted: 100 });
    expect((await t.call('GET', `${s.path}/poll`)).body.article.commentCount).toBe(100);
    expect(await counterMismatches(t.db)).toEqual([]);
  });

  it('stores a comment once when its batch runs twice, as after a commit whose reply was lost', async () => {
    const testDb = await freshDb();
    // What group commit does when a group's reply is lost after it committed: the request runs again alone.
    const replaying: Writer = {
      batch: (async (items: readonly BatchItem[]) => {
        await testDb.db.batch(items as [BatchItem, ...BatchItem[]]);
        return testDb.db.batch(items as [BatchItem, ...BatchItem[]]);
      }) as Writer['batch'],
    };
    const app = await testApp({ db: testDb.db, writer: replaying, now: () => clock });
    // No interval: the rate limit alone must not be what stops the second run.
    const created = await createSite(testDb.db, { settings: { commentIntervalSeconds: 0 } });
    const article = await createArticle(testDb.db, created.id);
    const posted = await app.call('POST', `/v1/sites/${created.id}/articles/${encodeURIComponent(article.externalId)}/comments`, {
      reader: readerToken(),
      name: 'Sekar',
      body: 'Sekali saja.',
    });
    expect(posted.status).toBe(201);
    expect(posted.headers.get('ratelimit-remaining')).toBe('29');
    const [stored] = await testDb.db.all<{ rows: number; counted: number; hits: number }>(sql`SELECT
        (SELECT count(*) FROM comments) AS rows,
        (SELECT comment_count FROM articles WHERE id = ${article.id}) AS counted,
        (SELECT coalesce(sum(count), 0) FROM rate_limits WHERE key LIKE 'comment:%:reader:%') AS hits`);
    expect(stored).toEqual({ rows: 1, counted: 1, hits: 1 });
    const [row] = await testDb.db.all<{ id: number }>(sql`SELECT id FROM comments`);
    expect(posted.body.comment.id).toBe(row!.id);
  });
});

describe("the poll's comment count", () => {
  it('follows deletion and erasure at once, not after the cached tally expires', async () => {
    const s = await site({ commentIntervalSeconds: 0 });
    const poll = async () => (await t.call('GET', `${s.path}/poll`)).body.article.commentCount;
    const reader = readerToken();
    const first = await s.post({ reader, body: 'pertama' });
    await s.post({ reader, body: 'kedua' });
    expect(await poll()).toBe(2);
    expect((await t.call('DELETE', `/v1/sites/${s.id}/comments/${first.body.comment.id}`, { editToken: first.body.editToken })).status).toBe(204);
    expect(await poll()).toBe(1);
    expect((await t.call('DELETE', `/v1/sites/${s.id}/readers/me`, { reader })).status).toBe(200);
    expect(await poll()).toBe(0);
  });
});

describe('RateLimit headers on comment posts', () => {
  it('describes the interval as the binding limit on 201, and the same wait as Retry-After on 429', async () => {
    const s = await site();
    const reader = readerToken();
    const first = await s.post({ reader, body: 'satu' });
    expect(first.status).toBe(201);
    expect(rateLimit(first.headers)).toEqual({ limit: '1', remaining: '0', reset: '30' });

    clock += 12_000;
    const early = await s.post({ reader, body: 'dua' });
    expect(early.status).toBe(429);
    expect(rateLimit(early.headers)).toEqual({ limit: '1', remaining: '0', reset: '18' });
    expect(early.headers.get('retry-after')).toBe('18');
  });

  it('counts the daily limit down when there is no interval, and names it when it is spent', async () => {
    const s = await site({ commentIntervalSeconds: 0, commentsPerDay: 3 });
    const reader = readerToken();
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const posted = await s.post({ reader, body: `ke-${i}` });
      expect(posted.status).toBe(201);
      expect(posted.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(posted.headers.get('ratelimit-remaining'));
      clock += 1_000;
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const spent = await s.post({ reader, body: 'ke-3' });
    expect(spent.status).toBe(429);
    expect(spent.headers.get('ratelimit-limit')).toBe('3');
    expect(spent.headers.get('ratelimit-remaining')).toBe('0');
    expect(spent.headers.get('ratelimit-reset')).toBe(spent.headers.get('retry-after'));
    expect(Number(spent.headers.get('retry-after'))).toBe(86_400 - 3);
  });

  it('sends them on a decoy answer too, so a bot cannot tell it apart', async () => {
    const s = await site();
    const decoy = await s.post({ reader: readerToken(), body: 'beli sekarang', website: 'http://spam.example' });
    expect(decoy.status).toBe(201);
    expect(rateLimit(decoy.headers)).toEqual({ limit: '1', remaining: '0', reset: '30' });
  });
});

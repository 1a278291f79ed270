import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';

/**
 * The 2,000-comment story: 1,700 approved top-level comments, 300 replies, and held or
 * rejected comments interleaved that must never show. Rows go in with multi-row INSERTs
 * (triggers still keep the counters), then every sort is paged to the end through the API.
 */
const TOP_LEVEL = 1_700;
const REPLIES = 300;

let t: TestApp;
let base: string;
let siteId: string;
let articleId: number;
const visibleTop: { id: number; likes: number }[] = [];
const repliesByParent = new Map<number, number[]>();

beforeAll(async () => {
  t = await testApp();
  const site = await createSite(t.db);
  siteId = site.id;
  const article = await createArticle(t.db, site.id, { externalId: 'cerita-besar' });
  articleId = article.id;
  base = `/v1/sites/${site.id}/articles/cerita-besar/comments`;
  const start = Date.UTC(2026, 0, 1);
  const values = [];
  for (let i = 0; i < TOP_LEVEL + 400; i++) {
    const status = i % 10 === 7 ? 'pending' : i % 10 === 9 && i > TOP_LEVEL ? 'rejected' : 'approved';
    values.push(sql`(${article.id}, NULL, ${`r${i % 97}`}, ${`Pembaca ${i}`}, ${`Komentar nomor ${i}`}, ${status}, ${i % 13}, ${start + i * 1000}, ${start + i * 1000})`);
  }
  for (let i = 0; i < values.length; i += 500) {
    await t.db.run(sql`INSERT INTO comments (article_id, parent_id, reader_hash, author_name, body, status, like_count, created_at, updated_at)
      VALUES ${sql.join(values.slice(i, i + 500), sql`, `)}`);
  }
  const top = await t.db.all<{ id: number; like_count: number }>(sql`SELECT id, like_count FROM comments
    WHERE article_id = ${article.id} AND status = 'approved' ORDER BY id`);
  visibleTop.push(...top.slice(0, TOP_LEVEL).map((row) => ({ id: row.id, likes: row.like_count })));
  expect(visibleTop).toHaveLength(TOP_LEVEL);
  await t.db.run(sql`DELETE FROM comments WHERE article_id = ${article.id} AND status = 'approved' AND id > ${visibleTop.at(-1)!.id}`);
  const parents = visibleTop.filter((_, index) => index % 17 === 0).map((row) => row.id);
  const replyValues = [];
  for (let i = 0; i < REPLIES; i++) {
    const parent = parents[i % parents.length]!;
    replyValues.push(sql`(${article.id}, ${parent}, ${`q${i}`}, ${`Penjawab ${i}`}, ${`Balasan ${i}`}, 'approved', ${start + 5_000_000 + i})`);
  }
  const inserted = await t.db.all<{ id: number; parent_id: number }>(sql`INSERT INTO comments (article_id, parent_id, reader_hash, author_name, body, status, created_at)
    VALUES ${sql.join(replyValues, sql`, `)} RETURNING id, parent_id`);
  for (const row of inserted) repliesByParent.set(row.parent_id, [...(repliesByParent.get(row.parent_id) ?? []), row.id]);
  await t.db.run(sql`INSERT INTO comments (article_id, parent_id, reader_hash, author_name, body, status)
    VALUES (${article.id}, ${parents[0]!}, 'held', 'X', 'balasan tertahan', 'pending')`);
}, 60_000);

async function pageThrough(sort: string, onPage?: (page: number) => Promise<void>) {
  const seen: { id: number; likeCount: number; replies: number[]; repliesCursor: string | null; replyCount: number }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer = await t.call('GET', `${base}?sort=${sort}&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    expect(answer.status).toBe(200);
    expect(answer.body.comments.length).toBeLessThanOrEqual(50);
    for (const c of answer.body.comments) {
      seen.push({ id: c.id, likeCount: c.likeCount, replies: c.replies.map((r: { id: number }) => r.id), repliesCursor: c.repliesCursor, replyCount: c.replyCount });
    }
    cursor = answer.body.nextCursor;
    pages++;
    await onPage?.(pages);
  } while (cursor);
  return { seen, pages };
}

describe('a 2,000-comment story', () => {
  it('counts only visible comments', async () => {
    const { body } = await t.call('GET', base);
    expect(body.total).toBe(TOP_LEVEL + REPLIES);
  });

  it('pages newest to the end with no duplicates or gaps', async () => {
    const { seen, pages } = await pageThrough('newest');
    expect(pages).toBe(Math.ceil(TOP_LEVEL / 50));
    expect(seen.map((c) => c.id)).toEqual(visibleTop.map((c) => c.id).reverse());
  });

  it('pages oldest to the end, then top (likes, ties by id), exactly', async () => {
    expect((await pageThrough('oldest')).seen.map((c) => c.id)).toEqual(visibleTop.map((c) => c.id));
    const byLikes = [...visibleTop].sort((a, b) => b.likes - a.likes || b.id - a.id);
    const { seen } = await pageThrough('top');
    expect(seen.map((c) => c.id)).toEqual(byLikes.map((c) => c.id));
  });

  it('stays stable when comments arrive while a reader pages', async () => {
    const { seen } = await pageThrough('newest', async (page) => {
      if (page % 5 !== 0) return;
      await t.call('POST', base, { reader: readerToken(), name: 'Baru', body: `datang saat halaman ${page}` }, { 'x-test-ip': `192.0.2.${page}` });
    });
    expect(seen.map((c) => c.id)).toEqual(visibleTop.map((c) => c.id).reverse());
  });

  it('delivers every approved reply exactly once, inline or from the replies route', async () => {
    const { seen } = await pageThrough('oldest');
    for (const thread of seen.filter((c) => c.replyCount > 0)) {
      const ids = [...thread.replies];
      let cursor = thread.repliesCursor;
      while (cursor) {
        const more = await t.call('GET', `/v1/sites/${siteId}/comments/${thread.id}/replies?cursor=${cursor}&limit=50`);
        ids.push(...more.body.replies.map((r: { id: number }) => r.id));
        cursor = more.body.nextCursor;
      }
      expect(ids).toEqual(repliesByParent.get(thread.id));
      expect(thread.replyCount).toBe(ids.length);
    }
    expect([...repliesByParent.values()].flat()).toHaveLength(REPLIES);
  });

  it('reads a page from an index range, never a scan of the article', async () => {
    const plan = await t.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN SELECT id FROM comments c
      WHERE c.article_id = ${articleId} AND c.status = 'approved' AND c.parent_id IS NULL AND (c.like_count, c.id) < (5, 100000)
      ORDER BY c.like_count DESC, c.id DESC LIMIT 51`);
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING (COVERING )?INDEX comments_article_status_likes/);
    expect(plan.map((row) => row.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { CommentPageCache } from '../../src/comments/page-cache';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

describe('comment page cache', () => {
  it('refuses a fill from a read that started before a write committed, or before everything was dropped', () => {
    const cache = new CommentPageCache<string>();
    const early = cache.ticket();
    cache.invalidate(7);
    cache.fill(7, early, 'old page', 'newest');
    expect(cache.get(7, 'newest')).toBeUndefined();
    cache.fill(7, cache.ticket(), 'fresh page', 'newest');
    expect(cache.get(7, 'newest')).toBe('fresh page');

    const beforeClear = cache.ticket();
    cache.invalidateAll();
    cache.fill(8, beforeClear, 'old page', 'newest');
    expect(cache.get(8, 'newest')).toBeUndefined();
  });
});

/**
 * Every write that changes what an anonymous reader sees shows on the very next anonymous
 * page, although repeated pages are served from memory (and replayed before the middleware).
 */
describe('anonymous comment pages after writes', () => {
  async function story() {
    const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
    const article = await createArticle(t.db, site.id);
    const base = `/v1/sites/${site.id}`;
    const listPath = `${base}/articles/${encodeURIComponent(article.externalId)}/comments`;
    const list = async () => {
      // Twice: the second read is the one served from the cache and the replay.
      await t.call('GET', listPath);
      return (await t.call('GET', listPath)).body;
    };
    const post = async (body: string, reader = readerToken()) => {
      const posted = await t.call('POST', listPath, { reader, name: 'Budi', body, elapsedMs: 30_000 });
      expect(posted.status).toBe(201);
      return { id: posted.body.comment.id as number, editToken: posted.body.editToken as string, reader };
    };
    return { site, base, list, post };
  }

  it('a new comment, an edit and a deletion', async () => {
    const s = await story();
    expect((await s.list()).comments).toEqual([]);
    const first = await s.post('Komentar pertama yang cukup panjang.');
    expect((await s.list()).comments.map((c: { body: string }) => c.body)).toEqual(['Komentar pertama yang cukup panjang.']);
    expect((await t.call('PATCH', `${s.base}/comments/${first.id}`, { editToken: first.editToken, body: 'Sudah saya perbaiki.' })).status).toBe(200);
    expect((await s.list()).comments[0].body).toBe('Sudah saya perbaiki.');
    expect((await t.call('DELETE', `${s.base}/comments/${first.id}`, { editToken: first.editToken })).status).toBe(204);
    const after = await s.list();
    expect(after.comments).toEqual([]);
    expect(after.total).toBe(0);
  });

  it('a like and its withdrawal', async () => {
    const s = await story();
    const { id } = await s.post('Layak disukai pembaca lain.');
    const liker = readerToken();
    await s.list();
    expect((await t.call('PUT', `${s.base}/comments/${id}/like`, { reader: liker })).status).toBe(200);
    expect((await s.list()).comments[0].likeCount).toBe(1);
    await t.call('DELETE', `${s.base}/comments/${id}/like`, { reader: liker });
    expect((await s.list()).comments[0].likeCount).toBe(0);
  });

  it("a moderator's rejection and the article's comments being closed", async () => {
    const s = await story();
    const { id } = await s.post('Akan ditolak moderator.');
    await s.post('Akan tetap tampil.');
    expect((await s.list()).comments).toHaveLength(2);
    const moderator = await keyHeader(t.db, s.site.id, 'admin');
    const acted = await t.call('POST', `/v1/newsroom/sites/${s.site.id}/moderation/actions`, { action: 'reject', ids: [id] }, moderator);
    expect(acted.status).toBe(200);
    expect((await s.list()).comments.map((c: { body: string }) => c.body)).toEqual(['Akan tetap tampil.']);

    const article = (await s.list()).article.id as string;
    const closed = await t.call('PATCH', `/v1/newsroom/sites/${s.site.id}/articles/${encodeURIComponent(article)}`, { commentsOpen: false }, moderator);
    expect(closed.status).toBe(200);
    expect((await s.list()).article.commentsOpen).toBe(false);
  });

  it("a reader's erasure, including their likes on other articles", async () => {
    const s = await story();
    const other = await story();
    const { id } = await other.post('Komentar di artikel lain.');
    const reader = readerToken();
    await s.post('Akan dihapus bersama pembacanya.', reader);
    await t.call('PUT', `${other.base}/comments/${id}/like`, { reader });
    expect((await s.list()).comments).toHaveLength(1);
    expect((await other.list()).comments[0].likeCount).toBe(1);
    expect((await t.call('DELETE', `${s.base}/readers/me`, { reader })).status).toBe(200);
    expect((await s.list()).comments).toEqual([]);
    expect((await other.list()).comments[0].likeCount).toBe(0);
  });
});

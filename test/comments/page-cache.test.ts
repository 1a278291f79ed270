import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { appCache } from '../../src/lib/cache';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

/**
 * Every write that changes what an anonymous reader sees shows on the very next anonymous
 * page, although repeated pages are served whole from the app cache.
 */
describe('anonymous comment pages after writes', () => {
  async function story() {
    const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
    const article = await createArticle(t.db, site.id);
    const base = `/v1/sites/${site.id}`;
    const listPath = `${base}/articles/${encodeURIComponent(article.externalId)}/comments`;
    const list = async () => {
      // Twice: the second read is the one served from the cache.
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
    const acted = await t.call('POST', `/v1/newsroom/sites/${s.site.id}/moderation/actions`, { action: 'reject', ids: [id], reason: 'spam' }, moderator);
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

describe('anonymous comment pages in the cache', () => {
  it('share one entry between cursors naming the same position, and keep other positions apart', async () => {
    const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
    const article = await createArticle(t.db, site.id);
    const listPath = `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/comments`;
    for (const body of ['Satu.', 'Dua.', 'Tiga.']) {
      expect((await t.call('POST', listPath, { reader: readerToken(), name: 'Budi', body, elapsedMs: 30_000 })).status).toBe(201);
    }
    const first = await t.call('GET', `${listPath}?limit=1`);
    const cursor = first.body.nextCursor as string;
    const [sort, , id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, number, number];
    await t.call('GET', `${listPath}?limit=1&cursor=${cursor}`);
    const entries = appCache(t.db).stats().entries;
    // `newest` pages by id alone: a cursor with other "likes" names the same position.
    const respelled = Buffer.from(JSON.stringify([sort, 99, id])).toString('base64url');
    const same = await t.call('GET', `${listPath}?limit=1&cursor=${respelled}&junk=1`);
    expect(same.body.comments.map((c: { body: string }) => c.body)).toEqual(['Dua.']);
    expect(appCache(t.db).stats().entries).toBe(entries);
    // Another page size is another answer: its page and its replayed response.
    await t.call('GET', `${listPath}?limit=2&cursor=${cursor}`);
    expect(appCache(t.db).stats().entries).toBe(entries + 2);
  });

  it('refuse a cursor that is not one the list gave, storing nothing', async () => {
    await t.call('GET', '/v1/sites/demo/articles/any/comments');
    const entries = appCache(t.db).stats().entries;
    const refused = await t.call('GET', `/v1/sites/demo/articles/any/comments?cursor=${Buffer.from('["newest","x",1]').toString('base64url')}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('cursor');
    expect(appCache(t.db).stats().entries).toBe(entries);
  });
});

describe('replayed comment pages', () => {
  it('give the gzipped page to clients that take gzip and the plain one to those that do not', async () => {
    const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
    const article = await createArticle(t.db, site.id);
    const listPath = `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/comments`;
    for (let i = 0; i < 3; i++) {
      const body = `Komentar panjang nomor ${i}: ${'kata '.repeat(150)}`;
      expect((await t.call('POST', listPath, { reader: readerToken(), name: 'Budi', body, elapsedMs: 30_000 })).status).toBe(201);
    }
    const plainText = await (await t.app.request(listPath)).text();
    for (let round = 0; round < 2; round++) {
      const gzipped = await t.app.request(listPath, { headers: { 'accept-encoding': 'gzip' } });
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
      expect(gunzipSync(new Uint8Array(await gzipped.arrayBuffer())).toString('utf8')).toBe(plainText);
      // "gzip;q=0" refuses gzip: such a client shares the plain answer, never the gzipped one.
      const refusing = await t.app.request(listPath, { headers: { 'accept-encoding': 'gzip;q=0, br' } });
      expect(refusing.headers.get('content-encoding')).toBeNull();
      expect(await refusing.text()).toBe(plainText);
    }
  });
});

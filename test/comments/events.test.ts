import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/lib/events';
import { readerToken, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';

/** Issue 12: each comment write says what happened, once it has committed. */
const events: AppEvent[] = [];
const { db, call } = await testApp({ events: { emit: (event) => void events.push(event) } });

async function article(settings: Record<string, unknown> = {}) {
  const site = await createSite(db, { settings: { commentIntervalSeconds: 0, ...settings } });
  const { externalId, id: articleId } = await createArticle(db, site.id);
  return {
    siteId: site.id,
    where: { siteId: site.id, article: externalId, articleId },
    path: `/v1/sites/${site.id}/articles/${externalId}/comments`,
    comment: (id: number) => `/v1/sites/${site.id}/comments/${id}`,
  };
}

describe('comment events', () => {
  it('a published comment is posted, an edit is edited, a deletion is deleted', async () => {
    const { where, path, comment } = await article();
    events.length = 0;
    const posted = await call('POST', path, { reader: readerToken(), name: 'Budi', body: 'Liputan yang jernih.' });
    expect(posted.status).toBe(201);
    const commentId = posted.body.comment.id as number;
    const { editToken } = posted.body;
    expect((await call('PATCH', comment(commentId), { editToken, body: 'Liputan yang sangat jernih.' })).status).toBe(200);
    expect((await call('DELETE', comment(commentId), { editToken })).status).toBe(204);
    expect(events).toEqual([
      { type: 'comment.posted', ...where, commentId },
      { type: 'comment.edited', ...where, commentId },
      { type: 'comment.deleted', ...where, commentId },
    ]);
  });

  it('a comment held for review is held, not posted', async () => {
    const { where, path } = await article({ moderationMode: 'pre' });
    events.length = 0;
    const posted = await call('POST', path, { reader: readerToken(), name: 'Budi', body: 'Menunggu moderasi.' });
    expect(events).toEqual([{ type: 'comment.held', ...where, commentId: posted.body.comment.id, reason: 'pre-moderation' }]);
  });

  it('a like says it changed, a repeated like says nothing, an unlike says it changed back', async () => {
    const { where, path, comment } = await article();
    const posted = await call('POST', path, { reader: readerToken(), name: 'Budi', body: 'Suka ini.' });
    const commentId = posted.body.comment.id as number;
    const reader = readerToken();
    events.length = 0;
    expect((await call('PUT', `${comment(commentId)}/like`, { reader })).status).toBe(200);
    expect((await call('PUT', `${comment(commentId)}/like`, { reader })).status).toBe(200);
    expect((await call('DELETE', `${comment(commentId)}/like`, { reader })).status).toBe(200);
    expect(events).toEqual([
      { type: 'comment.liked', ...where, commentId, liked: true },
      { type: 'comment.liked', ...where, commentId, liked: false },
    ]);
  });

  it("a reader's erasure says so, and the article's cached page forgets their comment at once", async () => {
    const { where, path } = await article();
    const reader = readerToken();
    expect((await call('POST', path, { reader, name: 'Budi', body: 'Hapus saya nanti.' })).status).toBe(201);
    expect((await call('GET', path)).body.total).toBe(1);
    events.length = 0;
    expect((await call('DELETE', `/v1/sites/${where.siteId}/readers/me`, { reader })).status).toBe(200);
    expect(events).toEqual([{ type: 'reader.erased', siteId: where.siteId }]);
    expect((await call('GET', path)).body.total).toBe(0);
  });

  it('a refused edit or deletion says nothing', async () => {
    const { path, comment } = await article();
    const posted = await call('POST', path, { reader: readerToken(), name: 'Budi', body: 'Komentar.' });
    events.length = 0;
    const wrongToken = 'A'.repeat(32);
    expect((await call('PATCH', comment(posted.body.comment.id), { editToken: wrongToken, body: 'Diubah.' })).status).toBe(403);
    expect((await call('DELETE', comment(posted.body.comment.id), { editToken: wrongToken })).status).toBe(403);
    expect(events).toEqual([]);
  });
});

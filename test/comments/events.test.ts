import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/lib/events';
import { readerToken, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';

/** Issue 12: each comment write says what happened, once it has committed. */
const events: AppEvent[] = [];
const { db, call } = await testApp({ events: { emit: (event) => void events.push(event) } });

async function article(settings: Record<string, unknown> = {}) {
  const site = await createSite(db, { settings: { commentIntervalSeconds: 0, ...settings } });
  const { externalId } = await createArticle(db, site.id);
  return { siteId: site.id, path: `/v1/sites/${site.id}/articles/${externalId}/comments`, comment: (id: number) => `/v1/sites/${site.id}/comments/${id}` };
}

describe('comment events', () => {
  it('a published comment is posted, an edit is edited, a deletion is deleted', async () => {
    const { siteId, path, comment } = await article();
    events.length = 0;
    const posted = await call('POST', path, { reader: readerToken(), name: 'Budi', body: 'Liputan yang jernih.' });
    expect(posted.status).toBe(201);
    const commentId = posted.body.comment.id as number;
    const { editToken } = posted.body;
    expect((await call('PATCH', comment(commentId), { editToken, body: 'Liputan yang sangat jernih.' })).status).toBe(200);
    expect((await call('DELETE', comment(commentId), { editToken })).status).toBe(204);
    expect(events).toEqual([
      { type: 'comment.posted', siteId, commentId },
      { type: 'comment.edited', siteId, commentId },
      { type: 'comment.deleted', siteId, commentId },
    ]);
  });

  it('a comment held for review is held, not posted', async () => {
    const { siteId, path } = await article({ moderationMode: 'pre' });
    events.length = 0;
    const posted = await call('POST', path, { reader: readerToken(), name: 'Budi', body: 'Menunggu moderasi.' });
    expect(events).toEqual([{ type: 'comment.held', siteId, commentId: posted.body.comment.id, reason: 'pre-moderation' }]);
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

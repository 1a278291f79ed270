import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createArticle, createSite } from '../helpers/factories';
import { call, db, readerToken } from './helpers';

/**
 * The comment routes on workerd + D1: the statements that lean on SQLite specifics (row-value
 * cursors, window functions, INSERT … SELECT … RETURNING, `changes()` inside a batch) must
 * behave as they do on libsql.
 */
async function site(settings: Record<string, unknown> = {}) {
  const created = await createSite(db, { settings: { commentIntervalSeconds: 0, ...settings } });
  const article = await createArticle(db, created.id);
  const base = `/v1/sites/${created.id}`;
  return {
    id: created.id,
    base,
    comments: `${base}/articles/${encodeURIComponent(article.externalId)}/comments`,
    post: (body: Record<string, unknown>, headers?: Record<string, string>) =>
      call('POST', `${base}/articles/${encodeURIComponent(article.externalId)}/comments`, { name: 'Budi', ...body }, headers),
  };
}

describe('comments on workerd + D1', () => {
  it("puts an editor's pick first and refuses a fourth (UPDATE … AS c with the limit counted inside, and the unpick trigger)", async () => {
    const s = await site();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s.post({ reader: readerToken(), body: `pilihan ${i}` })).body.comment.id);
    const admin = { authorization: 'Bearer workers-instance-admin-key-0123456789' };
    const picks = `/v1/newsroom/sites/${s.id}/moderation/picks`;
    for (const id of ids.slice(0, 3)) expect((await call('POST', picks, { commentId: id }, admin)).status).toBe(200);
    const refused = await call('POST', picks, { commentId: ids[3] }, admin);
    expect(refused.status).toBe(409);
    const list = await call('GET', s.comments);
    expect(list.body.comments.map((c: { id: number; picked: boolean }) => [c.id, c.picked])).toEqual([
      [ids[0], true],
      [ids[1], true],
      [ids[2], true],
      [ids[4], false],
      [ids[3], false],
    ]);
    await db.run(sql`UPDATE comments SET status = 'rejected' WHERE id = ${ids[0]}`);
    expect(await db.all(sql`SELECT id FROM comments WHERE id = ${ids[0]} AND picked_at IS NOT NULL`)).toEqual([]);
    expect((await call('DELETE', `${picks}/${ids[1]}`, undefined, admin)).body.picks).toEqual([ids[2]]);
  });

  it('posts, threads, pages and sorts', async () => {
    const s = await site();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s.post({ reader: readerToken(), body: `komentar ${i}` })).body.comment.id);
    await s.post({ reader: readerToken(), body: 'balasan', parentId: ids[0] });
    const first = await call('GET', `${s.comments}?limit=2`);
    expect(first.body.total).toBe(6);
    expect(first.body.comments.map((c: { body: string }) => c.body)).toEqual(['komentar 4', 'komentar 3']);
    const seen = [...first.body.comments];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await call('GET', `${s.comments}?limit=2&cursor=${cursor}`);
      seen.push(...page.body.comments);
      cursor = page.body.nextCursor;
    }
    expect(seen.map((c: { id: number }) => c.id)).toEqual([...ids].reverse());
    expect(seen.at(-1).replies.map((r: { body: string }) => r.body)).toEqual(['balasan']);
    await call('PUT', `${s.base}/comments/${ids[2]}/like`, { reader: readerToken() });
    const top = await call('GET', `${s.comments}?sort=top&limit=2`);
    expect(top.body.comments.map((c: { id: number }) => c.id)).toEqual([ids[2], ids[4]]);
    const rest = await call('GET', `${s.comments}?sort=top&cursor=${top.body.nextCursor}`);
    expect(rest.body.comments.map((c: { id: number }) => c.id)).toEqual([ids[3], ids[1], ids[0]]);
  });

  it("holds a baru reader under first-comment moderation and lets one past it once trusted (the trust read's index hints run on D1)", async () => {
    const s = await site({ moderationMode: 'first-comment', trustAfterApprovedComments: 1 });
    const reader = readerToken();
    const first = await s.post({ reader, body: 'perkenalan' });
    expect(first.body.comment.pending).toBe(true);
    expect((await s.post({ reader: readerToken(), body: 'dasar a n j 1 n g' })).body.comment.pending).toBe(true);
    await db.run(sql`UPDATE comments SET status = 'approved' WHERE id = ${first.body.comment.id}`);
    expect((await s.post({ reader, body: 'dasar a n j 1 n g' })).body.comment.pending).toBe(false);
  });

  it('rate-limits with Retry-After and refuses banned words', async () => {
    const s = await site({ commentIntervalSeconds: 30 });
    const reader = readerToken();
    expect((await s.post({ reader, body: 'satu' })).status).toBe(201);
    const second = await s.post({ reader, body: 'dua' });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await s.post({ reader: readerToken(), body: 'b4ngsat' }, { 'cf-connecting-ip': '198.51.100.9' })).status).toBe(422);
    // The obscenity matcher runs in workerd too: lookalikes, separators and an RTL override.
    for (const body of ['dasar ʙ-а-n-g-s-a-t!', 'b\u200Ban gsat', '\u202Etasgnab\u202C']) {
      expect((await s.post({ reader: readerToken(), body }, { 'cf-connecting-ip': '198.51.100.10' })).status).toBe(422);
    }
  });

  it('caps likes per network and holds a comment at the report threshold', async () => {
    const s = await site({ votesPerNetworkPerDay: 1, reportThreshold: 2 });
    const id = (await s.post({ reader: readerToken(), body: 'x' })).body.comment.id;
    expect((await call('PUT', `${s.base}/comments/${id}/like`, { reader: readerToken() })).body.likeCount).toBe(1);
    expect((await call('PUT', `${s.base}/comments/${id}/like`, { reader: readerToken() })).status).toBe(429);
    for (const ip of ['198.51.100.1', '198.51.100.2']) {
      const report = await call('POST', `${s.base}/comments/${id}/reports`, { reader: readerToken(), reason: 'spam' }, { 'cf-connecting-ip': ip });
      expect(report.status).toBe(202);
    }
    expect((await call('GET', s.comments)).body.total).toBe(0);
  });

  it('edits and deletes with the edit token, and erases a reader', async () => {
    const s = await site();
    const reader = readerToken();
    const posted = await s.post({ reader, body: 'awal' });
    const id = posted.body.comment.id;
    expect((await call('PATCH', `${s.base}/comments/${id}`, { editToken: posted.body.editToken, body: 'ubah' })).body.comment.body).toBe('ubah');
    const other = await s.post({ reader, body: 'kedua' });
    expect((await call('DELETE', `${s.base}/comments/${other.body.comment.id}`, { editToken: posted.body.editToken })).status).toBe(403);
    expect((await call('DELETE', `${s.base}/comments/${other.body.comment.id}`, { editToken: other.body.editToken })).status).toBe(204);
    const erased = await call('DELETE', `${s.base}/readers/me`, { reader });
    expect(erased.body.deleted.comments).toBe(1);
    expect(await db.all(sql`SELECT id FROM comments WHERE id = ${id}`)).toEqual([]);
  });
});

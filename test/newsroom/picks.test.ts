import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/lib/events';
import { readerToken, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { commentAt, keyHeader } from '../helpers/newsroom';

/*
 * Editor's picks (Pilihan Redaksi), unmute, and the verified flag in the queue, through the API
 * as a newsroom and its readers use it. Lists are read through the public (cached) route, so a
 * pick that did not end the cached page would show here as a stale list.
 */

let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
const events: AppEvent[] = [];
const t = await testApp({ now: () => clock, events: { emit: (event) => void events.push(event) } });

/** A site of its own per test, with a moderator's key, one article and helpers for both sides. */
async function newsroom(commentCount = 5) {
  const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
  const article = await createArticle(t.db, site.id, { externalId: 'berita-pilihan' });
  const moderator = await keyHeader(t.db, site.id, 'moderator');
  const viewer = await keyHeader(t.db, site.id, 'viewer');
  const ids: number[] = [];
  for (let i = 0; i < commentCount; i++) ids.push(await commentAt(t.db, article.id, { at: clock + i, body: `Komentar ${i + 1}`, reader: `reader-${i}` }));
  const api = `/v1/newsroom/sites/${site.id}/moderation`;
  return {
    site,
    article,
    ids,
    moderator,
    viewer,
    pick: (commentId: unknown, headers = moderator) => t.call('POST', `${api}/picks`, { commentId }, headers),
    unpick: (commentId: number | string, headers = moderator) => t.call('DELETE', `${api}/picks/${commentId}`, undefined, headers),
    unmute: (commentId: number | string, headers = moderator) => t.call('DELETE', `${api}/mutes/${commentId}`, undefined, headers),
    mute: (commentId: number) => t.call('POST', `${api}/mutes`, { commentId, days: 7 }, moderator),
    list: async (query = '') => (await t.call('GET', `/v1/sites/${site.id}/articles/berita-pilihan/comments${query}`)).body,
    fragment: (query = '') => t.app.request(`/v1/sites/${site.id}/articles/berita-pilihan/fragment${query}`),
    picksStored: async () =>
      (await t.db.all<{ id: number }>(sql`SELECT id FROM comments WHERE article_id = ${article.id} AND picked_at IS NOT NULL ORDER BY picked_at`)).map((row) => row.id),
  };
}

describe("editor's picks", () => {
  it('shows picks first, in pick order, badged, and not again further down the list', async () => {
    const n = await newsroom(5);
    const [first, second, third, fourth, fifth] = n.ids as [number, number, number, number, number];
    const before = await n.list();
    expect(before.comments.map((c: { id: number }) => c.id)).toEqual([fifth, fourth, third, second, first]);
    expect(before.comments.every((c: { picked: boolean }) => c.picked === false)).toBe(true);

    const picked = await n.pick(second);
    expect(picked.status).toBe(200);
    expect(picked.body).toEqual({ commentId: second, picked: true, article: 'berita-pilihan', picks: [second] });
    clock += 1000;
    expect((await n.pick(fourth)).body.picks).toEqual([second, fourth]);

    const after = await n.list();
    expect(after.comments.map((c: { id: number }) => c.id)).toEqual([second, fourth, fifth, third, first]);
    expect(after.comments.map((c: { picked: boolean }) => c.picked)).toEqual([true, true, false, false, false]);
    expect(after.total).toBe(5);
    for (const sort of ['oldest', 'top']) expect((await n.list(`?sort=${sort}`)).comments.slice(0, 2).map((c: { id: number }) => c.id)).toEqual([second, fourth]);

    // Paged: the picks open the first page only, and no later page repeats them.
    const page1 = await n.list('?limit=2');
    expect(page1.comments.map((c: { id: number }) => c.id)).toEqual([second, fourth, fifth, third]);
    const page2 = await n.list(`?limit=2&cursor=${page1.nextCursor}`);
    expect(page2.comments.map((c: { id: number }) => c.id)).toEqual([first]);
    expect(page2.nextCursor).toBeNull();

    expect(events.filter((e) => e.type === 'moderation.picked' && e.siteId === n.site.id).map((e) => 'commentId' in e && e.commentId)).toEqual([second, fourth]);
  });

  it('puts the picks first in the no-JavaScript fragment with their badge, in both languages', async () => {
    const n = await newsroom(7);
    const oldest = n.ids[0]!;
    expect((await n.pick(oldest)).status).toBe(200);
    const page = await (await n.fragment()).text();
    const items = page.split('<li><article>').slice(1);
    expect(items[0]).toContain('<span class="pick">Pilihan Redaksi</span>');
    expect(items[0]).toContain('Komentar 1');
    expect(items.filter((item) => item.includes('Komentar 1'))).toHaveLength(1);
    expect(items.filter((item) => item.includes('class="pick"'))).toHaveLength(1);
    // The pick comes on top of the five newest, which the note still counts as five.
    expect(items).toHaveLength(6);
    expect(page).toContain('Menampilkan 5 komentar terbaru.');
    expect(await (await n.fragment('?lang=en')).text()).toContain(`<span class="pick">Editor&#39;s pick</span>`);
  });

  it('refuses a fourth pick with 409 naming the limit, and picks nothing', async () => {
    const n = await newsroom(4);
    for (const id of n.ids.slice(0, 3)) {
      expect((await n.pick(id)).status).toBe(200);
      clock += 1;
    }
    const refused = await n.pick(n.ids[3]);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect(refused.body.error.message).toMatch(/\b3\b/);
    expect(await n.picksStored()).toEqual(n.ids.slice(0, 3));
    // Picking a pick again is no fourth pick, and changes nothing.
    expect((await n.pick(n.ids[0])).body.picks).toEqual(n.ids.slice(0, 3));
    // Unpicking frees a place.
    expect((await n.unpick(n.ids[1]!)).body).toEqual({ commentId: n.ids[1], picked: false, article: 'berita-pilihan', picks: [n.ids[0], n.ids[2]] });
    expect((await n.pick(n.ids[3])).status).toBe(200);
  });

  it('lets no race make a fourth pick', async () => {
    const n = await newsroom(8);
    const answers = await Promise.all(n.ids.map((id) => n.pick(id)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(5);
    expect(await n.picksStored()).toHaveLength(3);
    // Moderators picking the same comment at once all see it picked, once.
    const other = await newsroom(1);
    const same = await Promise.all([1, 2, 3, 4].map(() => other.pick(other.ids[0])));
    expect(same.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(await t.db.all(sql`SELECT 1 FROM moderation_log WHERE comment_id = ${other.ids[0]} AND action = 'pick'`)).toHaveLength(1);
  });

  it('refuses held, rejected and reply comments (409), unknown or foreign ones (404) and bad input (400)', async () => {
    const n = await newsroom(1);
    const held = await commentAt(t.db, n.article.id, { status: 'pending', heldReason: 'first-comment' });
    const rejected = await commentAt(t.db, n.article.id, { status: 'rejected' });
    const reply = await commentAt(t.db, n.article.id, { parentId: n.ids[0] });
    for (const id of [held, rejected, reply]) {
      const refused = await n.pick(id);
      expect({ id, status: refused.status }).toEqual({ id, status: 409 });
    }
    expect((await n.pick(held)).body.error.message).toMatch(/pending/);
    const other = await newsroom(1);
    expect((await n.pick(other.ids[0])).status).toBe(404);
    expect((await n.pick(999_999_999)).status).toBe(404);
    for (const bad of ['1', 0, 1.5, null]) {
      const refused = await n.pick(bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].path).toBe('commentId');
    }
    expect((await n.unpick('abc')).status).toBe(400);
    expect((await n.unpick(other.ids[0]!)).status).toBe(404);
    expect((await n.pick(n.ids[0], n.viewer)).status).toBe(403);
    expect(await n.picksStored()).toEqual([]);
  });

  it('drops a pick when its comment is rejected, edited or erased, freeing its place', async () => {
    const n = await newsroom(1);
    const reader = readerToken();
    const posted = await t.call('POST', `/v1/sites/${n.site.id}/articles/berita-pilihan/comments`, { reader, name: 'Sari', body: 'Tulisan asli.' });
    expect(posted.status).toBe(201);
    const own = posted.body.comment.id as number;
    expect((await n.pick(own)).status).toBe(200);
    expect((await n.pick(n.ids[0])).status).toBe(200);

    const edited = await t.call('PATCH', `/v1/sites/${n.site.id}/comments/${own}`, { editToken: posted.body.editToken, body: 'Tulisan yang diubah.' });
    expect(edited.status).toBe(200);
    expect(await n.picksStored()).toEqual([n.ids[0]]);
    expect((await n.list()).comments.find((c: { id: number }) => c.id === own).picked).toBe(false);

    expect((await n.pick(own)).status).toBe(200);
    expect((await t.call('DELETE', `/v1/sites/${n.site.id}/readers/me`, { reader })).status).toBe(200);
    expect(await n.picksStored()).toEqual([n.ids[0]]);
    expect((await n.list()).comments.map((c: { id: number }) => c.id)).toEqual([n.ids[0]]);

    const rejected = await t.call('POST', `/v1/newsroom/sites/${n.site.id}/moderation/actions`, { action: 'reject', ids: [n.ids[0]], reason: 'sara' }, n.moderator);
    expect(rejected.status).toBe(200);
    expect(await n.picksStored()).toEqual([]);
    expect((await n.list()).comments).toEqual([]);
  });

  it('logs picks and unpicks with the moderator; unpicking a comment that is not a pick changes nothing', async () => {
    const n = await newsroom(1);
    const [id] = n.ids as [number];
    expect((await n.pick(id)).status).toBe(200);
    expect((await n.unpick(id)).body.picked).toBe(false);
    const again = await n.unpick(id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ commentId: id, picked: false, article: 'berita-pilihan', picks: [] });
    const log = await t.call('GET', `/v1/newsroom/sites/${n.site.id}/moderation/log`, undefined, n.moderator);
    expect(log.body.entries.map((entry: { action: string; commentId: number }) => [entry.action, entry.commentId])).toEqual([
      ['unpick', id],
      ['pick', id],
    ]);
    expect(events.filter((e) => e.type === 'moderation.unpicked' && e.siteId === n.site.id)).toHaveLength(1);
  });
});

describe('unmute', () => {
  it('lets a muted reader comment unheld again, logged once, and is idempotent', async () => {
    const n = await newsroom(0);
    const reader = readerToken();
    const post = (body: string) => t.call('POST', `/v1/sites/${n.site.id}/articles/berita-pilihan/comments`, { reader, name: 'Sari', body });
    const first = await post('Komentar pertama.');
    expect(first.body.comment.pending).toBe(false);
    expect((await n.mute(first.body.comment.id)).status).toBe(200);
    expect((await post('Saat dibisukan.')).body.comment.pending).toBe(true);

    const lifted = await n.unmute(first.body.comment.id);
    expect(lifted.status).toBe(200);
    expect(lifted.body).toEqual({ commentId: first.body.comment.id, muted: false, wasMuted: true });
    expect((await post('Setelah bisu dicabut.')).body.comment.pending).toBe(false);

    const again = await n.unmute(first.body.comment.id);
    expect(again.status).toBe(200);
    expect(again.body.wasMuted).toBe(false);
    const log = await t.call('GET', `/v1/newsroom/sites/${n.site.id}/moderation/log`, undefined, n.moderator);
    expect(log.body.entries.map((entry: { action: string }) => entry.action)).toEqual(['unmute', 'mute']);
    expect(events.filter((e) => e.type === 'moderation.unmuted' && e.siteId === n.site.id)).toEqual([
      { type: 'moderation.unmuted', siteId: n.site.id, commentId: first.body.comment.id, actor: 'moderator test key' },
    ]);
  });

  it('treats a mute that ran out as no mute', async () => {
    const n = await newsroom(1);
    expect((await n.mute(n.ids[0]!)).status).toBe(200);
    clock += 8 * 86_400_000;
    expect((await n.unmute(n.ids[0]!)).body.wasMuted).toBe(false);
    expect(await t.db.all(sql`SELECT 1 FROM reader_mutes WHERE site_id = ${n.site.id}`)).toEqual([]);
  });

  it("answers 404 for a comment (so a reader) the site does not have, 400 for a bad id, 403 for a viewer, and keeps the mute", async () => {
    const n = await newsroom(1);
    const other = await newsroom(1);
    expect((await n.mute(n.ids[0]!)).status).toBe(200);
    const unknown = await n.unmute(999_999_999);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect((await n.unmute(other.ids[0]!)).status).toBe(404);
    const bad = await n.unmute('0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('id');
    expect((await n.unmute(n.ids[0]!, n.viewer)).status).toBe(403);
    expect(await t.db.all(sql`SELECT 1 FROM reader_mutes WHERE site_id = ${n.site.id}`)).toHaveLength(1);
  });
});

describe("a comment's details for its moderators", () => {
  it('shows the verified flag, the pick, the hold and the mute, never who wrote it', async () => {
    const n = await newsroom(1);
    const [published] = n.ids as [number];
    await t.db.run(sql`UPDATE comments SET sso_user_hash = 'keyed-hash-of-sub' WHERE id = ${published}`);
    expect((await n.pick(published)).status).toBe(200);
    expect((await n.mute(published)).status).toBe(200);
    const detail = await t.call('GET', `/v1/newsroom/sites/${n.site.id}/comments/${published}`, undefined, n.moderator);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: published, article: { id: 'berita-pilihan' }, verified: true, status: 'approved', heldReason: null, pickedAt: clock, authorMutedUntil: clock + 7 * 86_400_000 });
    expect(JSON.stringify(detail.body)).not.toMatch(/keyed-hash-of-sub|reader-0/);
    const held = await commentAt(t.db, n.article.id, { status: 'pending', heldReason: 'suspect-word', reader: 'r-held' });
    expect((await t.call('GET', `/v1/newsroom/sites/${n.site.id}/comments/${held}`, undefined, n.moderator)).body).toMatchObject({ verified: false, status: 'pending', heldReason: 'suspect-word', pickedAt: null, authorMutedUntil: null });
  });

  it('answers 404 for another site\'s comment, 400 for a bad id and 403 for a viewer', async () => {
    const n = await newsroom(1);
    const other = await newsroom(1);
    const path = (id: number | string) => `/v1/newsroom/sites/${n.site.id}/comments/${id}`;
    expect((await t.call('GET', path(other.ids[0]!), undefined, n.moderator)).status).toBe(404);
    const bad = await t.call('GET', path('1e3'), undefined, n.moderator);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('id');
    expect((await t.call('GET', path(n.ids[0]!), undefined, n.viewer)).status).toBe(403);
  });
});

describe('the verified flag in the queue', () => {
  it('marks comments signed in through the site (SSO) and only those', async () => {
    const n = await newsroom(0);
    const signed = await commentAt(t.db, n.article.id, { status: 'pending', heldReason: 'first-comment', reader: 'r-signed' });
    await t.db.run(sql`UPDATE comments SET sso_user_hash = 'keyed-hash-of-sub' WHERE id = ${signed}`);
    const anonymous = await commentAt(t.db, n.article.id, { status: 'pending', heldReason: 'first-comment', reader: 'r-anon' });
    const queue = await t.call('GET', `/v1/newsroom/sites/${n.site.id}/moderation/queue`, undefined, n.moderator);
    expect(queue.status).toBe(200);
    const flags = Object.fromEntries(queue.body.items.map((item: { id: number; verified: boolean }) => [item.id, item.verified]));
    expect(flags).toEqual({ [signed]: true, [anonymous]: false });
    expect(JSON.stringify(queue.body)).not.toContain('keyed-hash-of-sub');
  });
});

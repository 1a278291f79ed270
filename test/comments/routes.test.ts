import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/lib/events';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createCommentSite, updateSiteSettings } from '../helpers/factories';

let t: TestApp;
let clock = Date.UTC(2026, 10, 26, 8, 0, 0);
const events: AppEvent[] = [];

beforeAll(async () => {
  t = await testApp({ now: () => clock, events: { emit: (event) => void events.push(event) } });
});

/** A site of its own per test, with limits out of the way unless the test is about them. */
async function site(settings: Record<string, unknown> = {}) {
  const created = await createCommentSite(t, settings);
  return {
    ...created,
    comment: (id: number, suffix = '') => `${created.base}/comments/${id}${suffix}`,
    /** What an event about one of its comments names besides the comment. */
    where: { siteId: created.id, article: created.article.externalId, articleId: created.article.id },
  };
}

async function rows(query: ReturnType<typeof sql>) {
  return t.db.all<Record<string, unknown>>(query);
}

describe('posting and listing', () => {
  it('posts a comment that appears at once under post-moderation, with an edit token stored only hashed', async () => {
    const s = await site();
    const reader = readerToken();
    const posted = await s.post({ reader, body: 'Liputan yang jernih.\nTerima kasih.' });
    expect(posted.status).toBe(201);
    expect(posted.body.comment).toMatchObject({ authorName: 'Budi', body: 'Liputan yang jernih.\nTerima kasih.', pending: false, mine: true });
    expect(posted.body.editToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Date.parse(posted.body.editableUntil) - clock).toBe(15 * 60_000);

    const list = await s.list();
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.comments[0]).toMatchObject({ id: posted.body.comment.id, body: 'Liputan yang jernih.\nTerima kasih.' });
    expect(list.body.comments[0]).not.toHaveProperty('mine');
    expect(list.headers.get('cache-control')).toContain('public');

    const stored = await rows(sql`SELECT * FROM comments WHERE id = ${posted.body.comment.id}`);
    expect(JSON.stringify(stored)).not.toContain(posted.body.editToken);
    expect(JSON.stringify(stored)).not.toContain(reader);
  });

  it('trims the display name and keeps the body exactly as written', async () => {
    const s = await site();
    const posted = await s.post({ reader: readerToken(), name: '  Siti  ', body: '  spasi di tepi  ' });
    expect(posted.body.comment.authorName).toBe('Siti');
    expect(posted.body.comment.body).toBe('  spasi di tepi  ');
  });

  it('threads replies one level deep: a reply to a reply joins the top-level thread', async () => {
    const s = await site();
    const top = await s.post({ reader: readerToken(), body: 'Pertama' });
    const reply = await s.post({ reader: readerToken(), body: 'Balasan', parentId: top.body.comment.id });
    const nested = await s.post({ reader: readerToken(), body: 'Balasan atas balasan', parentId: reply.body.comment.id });
    expect(reply.body.comment.parentId).toBe(top.body.comment.id);
    expect(nested.body.comment.parentId).toBe(top.body.comment.id);

    const list = await s.list();
    expect(list.body.total).toBe(3);
    expect(list.body.comments).toHaveLength(1);
    expect(list.body.comments[0].replyCount).toBe(2);
    expect(list.body.comments[0].replies.map((r: { body: string }) => r.body)).toEqual(['Balasan', 'Balasan atas balasan']);
  });

  it('pages a long thread: three replies inline, the rest from the replies route', async () => {
    const s = await site();
    const top = await s.post({ reader: readerToken(), body: 'Utas panjang' });
    for (let i = 1; i <= 7; i++) await s.post({ reader: readerToken(), body: `balasan ${i}`, parentId: top.body.comment.id });
    const list = await s.list();
    const thread = list.body.comments[0];
    expect(thread.replies.map((r: { body: string }) => r.body)).toEqual(['balasan 1', 'balasan 2', 'balasan 3']);
    expect(thread.repliesCursor).toEqual(expect.any(String));
    const more = await t.call('GET', `${s.comment(top.body.comment.id, '/replies')}?cursor=${thread.repliesCursor}&limit=3`);
    expect(more.body.replies.map((r: { body: string }) => r.body)).toEqual(['balasan 4', 'balasan 5', 'balasan 6']);
    const rest = await t.call('GET', `${s.comment(top.body.comment.id, '/replies')}?cursor=${more.body.nextCursor}`);
    expect(rest.body.replies.map((r: { body: string }) => r.body)).toEqual(['balasan 7']);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('sorts newest, oldest and top (by likes)', async () => {
    const s = await site();
    const ids: number[] = [];
    for (const body of ['satu', 'dua', 'tiga']) ids.push((await s.post({ reader: readerToken(), body })).body.comment.id);
    for (let i = 0; i < 2; i++) await t.call('PUT', s.comment(ids[1]!, '/like'), { reader: readerToken() }, { 'x-test-ip': `198.51.100.${i}` });
    await t.call('PUT', s.comment(ids[0]!, '/like'), { reader: readerToken() });
    const order = async (sort: string) => (await s.list(`?sort=${sort}`)).body.comments.map((c: { body: string }) => c.body);
    expect(await order('newest')).toEqual(['tiga', 'dua', 'satu']);
    expect(await order('oldest')).toEqual(['satu', 'dua', 'tiga']);
    expect(await order('top')).toEqual(['dua', 'satu', 'tiga']);
  });

  it('tells a named reader which comments they wrote and liked', async () => {
    const s = await site();
    const reader = readerToken();
    const mine = await s.post({ reader, body: 'punyaku' });
    const theirs = await s.post({ reader: readerToken(), body: 'punya orang' });
    await t.call('PUT', s.comment(theirs.body.comment.id, '/like'), { reader });
    const list = await s.list(`?reader=${reader}`);
    expect(list.headers.get('cache-control')).toBe('private, no-store');
    const byId = new Map(list.body.comments.map((c: { id: number }) => [c.id, c]));
    expect(byId.get(mine.body.comment.id)).toMatchObject({ mine: true, liked: false });
    expect(byId.get(theirs.body.comment.id)).toMatchObject({ mine: false, liked: true, likeCount: 1 });
  });

  it('lists nothing, without registering, for an article the site has not seen', async () => {
    const s = await site();
    const list = await t.call('GET', `${s.base}/articles/belum-ada/comments`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 0, comments: [], nextCursor: null });
    expect(await rows(sql`SELECT 1 FROM articles WHERE external_id = 'belum-ada'`)).toHaveLength(0);
  });

  it('registers an article on its first comment', async () => {
    const s = await site();
    const posted = await t.call(
      'POST',
      `${s.base}/articles/baru-sekali/comments`,
      { reader: readerToken(), name: 'A', body: 'pertama', url: 'https://news.example/baru', title: 'Baru' },
      { origin: 'https://news.example' },
    );
    expect(posted.status).toBe(201);
    expect(await rows(sql`SELECT url, title FROM articles WHERE site_id = ${s.id} AND external_id = 'baru-sekali'`)).toEqual([
      { url: 'https://news.example/baru', title: 'Baru' },
    ]);
  });
});

describe('bad input', () => {
  it('400 naming each wrong field', async () => {
    const s = await site();
    const cases: [Record<string, unknown>, string][] = [
      [{ reader: readerToken(), body: '' }, 'body'],
      [{ reader: readerToken(), body: '   \n ' }, 'body'],
      [{ reader: readerToken(), body: 'x'.repeat(2001) }, 'body'],
      [{ reader: readerToken(), body: 'ok\u0000' }, 'body'],
      [{ reader: readerToken(), body: 'ok', name: '' }, 'name'],
      [{ reader: readerToken(), body: 'ok', name: 'n'.repeat(41) }, 'name'],
      [{ reader: readerToken(), body: 'ok', name: 'a\nb' }, 'name'],
      [{ reader: readerToken(), body: 'ok', name: 'evil\u202Egnp.exe' }, 'name'],
      [{ reader: 'short', body: 'ok' }, 'reader'],
      [{ reader: readerToken(), body: 'ok', parentId: 'x' }, 'parentId'],
      [{ reader: readerToken(), body: 'ok', html: '<b>' }, 'html'],
    ];
    for (const [body, field] of cases) {
      const answer = await s.post(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('invalid_input');
      expect(answer.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect(await rows(sql`SELECT 1 FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.site_id = ${s.id}`)).toHaveLength(0);
  });

  it('counts characters, not UTF-16 units: 2,000 emoji fit', async () => {
    const s = await site();
    expect((await s.post({ reader: readerToken(), body: '😀'.repeat(1500) })).status).toBe(201);
  });

  it('400 for a bad sort, limit or cursor; 404 for an unknown site or comment', async () => {
    const s = await site();
    expect((await s.list('?sort=random')).body.error.details[0].path).toBe('sort');
    expect((await s.list('?limit=51')).status).toBe(400);
    expect((await s.list('?limit=0')).status).toBe(400);
    expect((await s.list('?cursor=bm9wZQ')).body.error.details[0].path).toBe('cursor');
    const posted = await s.post({ reader: readerToken(), body: 'a' });
    await s.post({ reader: readerToken(), body: 'b' });
    const page = await s.list('?sort=newest&limit=1');
    expect((await s.list(`?sort=oldest&cursor=${page.body.nextCursor}`)).status).toBe(400);
    expect((await t.call('GET', '/v1/sites/tidak-ada/articles/x/comments')).status).toBe(404);
    expect((await t.call('PUT', `${s.base}/comments/999999/like`, { reader: readerToken() })).status).toBe(404);
    expect((await t.call('GET', `${s.base}/comments/abc/replies`)).status).toBe(400);
    expect((await t.call('GET', `/v1/sites/demo/comments/${posted.body.comment.id}/replies`)).status).toBe(404);
  });

  it('422 for a reply to a comment on another article or one not visible', async () => {
    const s = await site({ moderationMode: 'pre' });
    const other = await site();
    const elsewhere = await other.post({ reader: readerToken(), body: 'di artikel lain' });
    const wrong = await s.post({ reader: readerToken(), body: 'balas', parentId: elsewhere.body.comment.id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details[0].path).toBe('parentId');
    const pending = await s.post({ reader: readerToken(), body: 'menunggu' });
    expect((await s.post({ reader: readerToken(), body: 'balas', parentId: pending.body.comment.id })).status).toBe(422);
  });

  it('answers in English when asked', async () => {
    const s = await site();
    const answer = await s.post({ reader: readerToken(), body: 'dasar bangsat', lang: 'en' });
    expect(answer.body.error.message).toMatch(/contains a word this site does not allow/);
  });
});

describe('moderation modes', () => {
  it('pre-moderation: everything waits, shown to its author only, marked pending', async () => {
    const s = await site({ moderationMode: 'pre' });
    const author = readerToken();
    const posted = await s.post({ reader: author, body: 'Tunggu aku' });
    expect(posted.status).toBe(201);
    expect(posted.body.comment.pending).toBe(true);

    const anonymous = await s.list();
    expect(anonymous.body).toMatchObject({ total: 0, comments: [], pending: [] });
    const stranger = await s.list(`?reader=${readerToken()}`);
    expect(stranger.body.pending).toEqual([]);
    const own = await s.list(`?reader=${author}`);
    expect(own.body.comments).toEqual([]);
    expect(own.body.pending).toEqual([expect.objectContaining({ id: posted.body.comment.id, pending: true, mine: true })]);
    expect(events).toContainEqual({ type: 'comment.held', ...s.where, commentId: posted.body.comment.id, reason: 'pre-moderation' });
  });

  it('first-comment: the first waits; once one is approved (on a site that trusts after one), later ones show at once', async () => {
    const s = await site({ moderationMode: 'first-comment', trustAfterApprovedComments: 1 });
    const reader = readerToken();
    const first = await s.post({ reader, body: 'perkenalan' });
    expect(first.body.comment.pending).toBe(true);
    const second = await s.post({ reader, body: 'masih menunggu' });
    expect(second.body.comment.pending).toBe(true);
    await t.db.run(sql`UPDATE comments SET status = 'approved' WHERE id = ${first.body.comment.id}`);
    const third = await s.post({ reader, body: 'sekarang tampil' });
    expect(third.body.comment.pending).toBe(false);
    expect((await s.list()).body.total).toBe(2);
  });

  it('post-moderation holds suspect words and link-heavy comments, and refuses banned words with the reason', async () => {
    const s = await site();
    const suspect = await s.post({ reader: readerToken(), body: 'dasar a n j 1 n g' });
    expect(suspect.status).toBe(201);
    expect(suspect.body.comment.pending).toBe(true);
    const links = await s.post({ reader: readerToken(), body: 'https://a.id https://b.id https://c.id' });
    expect(links.body.comment.pending).toBe(true);
    const banned = await s.post({ reader: readerToken(), body: 'Dasar b4ngsaaat!' });
    expect(banned.status).toBe(422);
    expect(banned.body.error).toMatchObject({ code: 'comment_refused', details: [{ path: 'body', message: 'contains the banned word "bangsat"' }] });
    expect(banned.body.error.message).toContain('"bangsat"');
    const bannedName = await s.post({ reader: readerToken(), name: 'k0nt0l', body: 'halo' });
    expect(bannedName.body.error.details[0].path).toBe('name');
    const held = await rows(sql`SELECT held_reason FROM comments WHERE id IN (${suspect.body.comment.id}, ${links.body.comment.id}) ORDER BY id`);
    expect(held).toEqual([{ held_reason: 'suspect-word' }, { held_reason: 'links' }]);
    expect((await s.list()).body.total).toBe(0);
  });

  it("uses the site's own word lists instead of the defaults", async () => {
    const s = await site({ bannedWords: ['sawit'], suspectWords: ['tambang'] });
    expect((await s.post({ reader: readerToken(), body: 'bangsat' })).status).toBe(201);
    expect((await s.post({ reader: readerToken(), body: 'S 4 W 1 T' })).status).toBe(422);
    expect((await s.post({ reader: readerToken(), body: 'tambang' })).body.comment.pending).toBe(true);
  });

  it("holds a muted reader's comments until the mute ends", async () => {
    const s = await site();
    const reader = readerToken();
    const first = await s.post({ reader, body: 'sebelum' });
    const [author] = await t.db.all<{ reader_hash: string }>(sql`SELECT reader_hash FROM comments WHERE id = ${first.body.comment.id}`);
    const readerHash = author!.reader_hash;
    await t.db.run(sql`INSERT INTO reader_mutes (site_id, reader_hash, until) VALUES (${s.id}, ${readerHash}, ${clock + 60_000})`);
    expect((await s.post({ reader, body: 'saat dibisukan' })).body.comment.pending).toBe(true);
    clock += 61_000;
    expect((await s.post({ reader, body: 'setelahnya' })).body.comment.pending).toBe(false);
  });
});

describe('abuse', () => {
  it('refuses the same body from the same reader within 10 minutes', async () => {
    const s = await site();
    const reader = readerToken();
    expect((await s.post({ reader, body: 'Sama persis' })).status).toBe(201);
    const again = await s.post({ reader, body: 'Sama persis' });
    expect(again.status).toBe(422);
    expect(again.body.error.message).toMatch(/komentar yang sama/);
    expect((await s.post({ reader: readerToken(), body: 'Sama persis' })).status).toBe(201);
    clock += 10 * 60_000 + 1;
    expect((await s.post({ reader, body: 'Sama persis' })).status).toBe(201);
  });

  it('rate-limits per reader: one per 30 s, with Retry-After counting down', async () => {
    const s = await site({ commentIntervalSeconds: 30 });
    const reader = readerToken();
    expect((await s.post({ reader, body: 'satu' }, { 'x-test-ip': '192.0.2.1' })).status).toBe(201);
    clock += 10_000;
    const early = await s.post({ reader, body: 'dua' }, { 'x-test-ip': '192.0.2.2' });
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('20');
    expect(early.body.error.message).toContain('20 detik');
    clock += 20_000;
    expect((await s.post({ reader, body: 'dua' }, { 'x-test-ip': '192.0.2.2' })).status).toBe(201);
  });

  it('rate-limits per network key across reader tokens', async () => {
    const s = await site({ commentIntervalSeconds: 30 });
    const ip = { 'x-test-ip': '192.0.2.50' };
    expect((await s.post({ reader: readerToken(), body: 'a' }, ip)).status).toBe(201);
    const fresh = await s.post({ reader: readerToken(), body: 'b' }, ip);
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBe(30);
  });

  it('caps comments per day and says when to come back', async () => {
    const s = await site({ commentIntervalSeconds: 0, commentsPerDay: 3 });
    const reader = readerToken();
    for (let i = 0; i < 3; i++) expect((await s.post({ reader, body: `ke-${i}` }, { 'x-test-ip': `192.0.2.${100 + i}` })).status).toBe(201);
    const fourth = await s.post({ reader, body: 'ke-4' }, { 'x-test-ip': '192.0.2.110' });
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.message).toMatch(/3 komentar per hari/);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(86_000);
  });

  it('does not spend the limit on a refused comment, so a reader can fix it and send again', async () => {
    const s = await site({ commentIntervalSeconds: 30 });
    const reader = readerToken();
    expect((await s.post({ reader, body: 'bangsat' })).status).toBe(422);
    expect((await s.post({ reader, body: 'versi sopan' })).status).toBe(201);
  });

  it('lets only one of two concurrent posts through a one-per-interval limit', async () => {
    const s = await site({ commentIntervalSeconds: 30 });
    const reader = readerToken();
    const answers = await Promise.all([s.post({ reader, body: 'x1' }), s.post({ reader, body: 'x2' }), s.post({ reader, body: 'x3' })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 429, 429]);
  });

  it('gives bots (honeypot filled, or a form sent too fast) a success-shaped answer and stores nothing', async () => {
    const s = await site();
    const honeypot = await s.post({ reader: readerToken(), body: 'spam', website: 'http://spam.example' });
    const tooFast = await s.post({ reader: readerToken(), body: 'spam', elapsedMs: 400 });
    for (const answer of [honeypot, tooFast]) {
      expect(answer.status).toBe(201);
      expect(Object.keys(answer.body).sort()).toEqual(['comment', 'editToken', 'editableUntil']);
    }
    const person = await s.post({ reader: readerToken(), body: 'orang', website: '', elapsedMs: 9_000 });
    expect(person.status).toBe(201);
    expect((await s.list()).body.comments.map((c: { body: string }) => c.body)).toEqual(['orang']);
  });

  it('409 "Komentar ditutup" when the article or the site has comments closed', async () => {
    const s = await site();
    await t.db.run(sql`UPDATE articles SET comments_open = 0 WHERE id = ${s.article.id}`);
    const closed = await s.post({ reader: readerToken(), body: 'halo' });
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({ code: 'comments_closed', message: 'Komentar ditutup untuk artikel ini.' });
    expect((await s.list()).body.article.commentsOpen).toBe(false);
    const off = await site({ commentsEnabled: false });
    expect((await off.post({ reader: readerToken(), body: 'halo' })).status).toBe(409);
  });

  it('refuses writes from an origin the site does not allow', async () => {
    const s = await site();
    const answer = await s.post({ reader: readerToken(), body: 'halo' }, { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
  });

  it('413 for a body over 8 KB', async () => {
    const s = await site();
    expect((await s.post({ reader: readerToken(), body: 'x'.repeat(9000) })).status).toBe(413);
  });
});

describe('editing and deleting', () => {
  it('edits within the window, then refuses with 409 once it has passed', async () => {
    const s = await site();
    const posted = await s.post({ reader: readerToken(), body: 'salah ketik' });
    const { editToken } = posted.body;
    clock += 14 * 60_000;
    const edited = await t.call('PATCH', s.comment(posted.body.comment.id), { editToken, body: 'sudah benar' });
    expect(edited.status).toBe(200);
    expect(edited.body.comment).toMatchObject({ body: 'sudah benar', editedAt: new Date(clock).toISOString() });
    expect((await s.list()).body.comments[0].body).toBe('sudah benar');
    clock += 60_000;
    const late = await t.call('PATCH', s.comment(posted.body.comment.id), { editToken, body: 'terlambat' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('edit_window_closed');
    expect((await t.call('DELETE', s.comment(posted.body.comment.id), { editToken })).status).toBe(409);
  });

  it("follows the site's edit window setting", async () => {
    const s = await site({ editWindowMinutes: 1 });
    const posted = await s.post({ reader: readerToken(), body: 'cepat' });
    expect(Date.parse(posted.body.editableUntil) - clock).toBe(60_000);
    clock += 61_000;
    expect((await t.call('PATCH', s.comment(posted.body.comment.id), { editToken: posted.body.editToken, body: 'x' })).status).toBe(409);
  });

  it('403 for a wrong token, 404 for another site, 400 for a malformed token', async () => {
    const s = await site();
    const posted = await s.post({ reader: readerToken(), body: 'milikku' });
    const other = await s.post({ reader: readerToken(), body: 'milik orang' });
    const id = posted.body.comment.id;
    expect((await t.call('PATCH', s.comment(id), { editToken: other.body.editToken, body: 'x' })).status).toBe(403);
    expect((await t.call('DELETE', s.comment(id), { editToken: other.body.editToken })).status).toBe(403);
    expect((await t.call('PATCH', `/v1/sites/demo/comments/${id}`, { editToken: posted.body.editToken, body: 'x' })).status).toBe(404);
    expect((await t.call('PATCH', s.comment(id), { editToken: 'nope', body: 'x' })).body.error.details[0].path).toBe('editToken');
    expect((await s.list()).body.comments.map((c: { body: string }) => c.body).sort()).toEqual(['milik orang', 'milikku']);
  });

  it('checks an edit like a new comment: banned words refused, suspect words held again', async () => {
    const s = await site();
    const posted = await s.post({ reader: readerToken(), body: 'baik-baik' });
    const id = posted.body.comment.id;
    const banned = await t.call('PATCH', s.comment(id), { editToken: posted.body.editToken, body: 'bangsat' });
    expect(banned.status).toBe(422);
    const suspect = await t.call('PATCH', s.comment(id), { editToken: posted.body.editToken, body: 'goblok' });
    expect(suspect.body.comment.pending).toBe(true);
    expect((await s.list()).body.total).toBe(0);
    expect(events).toContainEqual({ type: 'comment.held', ...s.where, commentId: id, reason: 'suspect-word' });
  });

  it('sends an edited comment back to review under pre-moderation', async () => {
    const s = await site({ moderationMode: 'pre' });
    const posted = await s.post({ reader: readerToken(), body: 'awal' });
    await t.db.run(sql`UPDATE comments SET status = 'approved' WHERE id = ${posted.body.comment.id}`);
    const edited = await t.call('PATCH', s.comment(posted.body.comment.id), { editToken: posted.body.editToken, body: 'diganti diam-diam' });
    expect(edited.body.comment.pending).toBe(true);
  });

  it('deletes within the window; replies by others stay, moved to the top level, and counts follow', async () => {
    const s = await site();
    const posted = await s.post({ reader: readerToken(), body: 'akan dihapus' });
    await s.post({ reader: readerToken(), body: 'balasan orang lain', parentId: posted.body.comment.id });
    expect((await s.list()).body.total).toBe(2);
    const deleted = await t.call('DELETE', s.comment(posted.body.comment.id), { editToken: posted.body.editToken });
    expect(deleted.status).toBe(204);
    const list = await s.list();
    expect(list.body.total).toBe(1);
    expect(list.body.comments.map((c: { body: string; parentId: null }) => [c.body, c.parentId])).toEqual([['balasan orang lain', null]]);
    expect((await t.call('DELETE', s.comment(posted.body.comment.id), { editToken: posted.body.editToken })).status).toBe(404);
  });
});

describe('likes', () => {
  it('one like per reader token, repeat harmless, withdrawable', async () => {
    const s = await site();
    const posted = await s.post({ reader: readerToken(), body: 'sukai aku' });
    const reader = readerToken();
    const path = s.comment(posted.body.comment.id, '/like');
    expect((await t.call('PUT', path, { reader })).body).toEqual({ commentId: posted.body.comment.id, liked: true, likeCount: 1 });
    expect((await t.call('PUT', path, { reader })).body.likeCount).toBe(1);
    expect((await t.call('DELETE', path, { reader })).body).toMatchObject({ liked: false, likeCount: 0 });
    expect((await t.call('DELETE', path, { reader })).body.likeCount).toBe(0);
    expect((await t.call('PUT', path, { reader: 'x' })).status).toBe(400);
  });

  it('caps distinct readers per network per comment per day, like votes', async () => {
    const s = await site({ votesPerNetworkPerDay: 2 });
    const posted = await s.post({ reader: readerToken(), body: 'populer' });
    const path = s.comment(posted.body.comment.id, '/like');
    const ip = { 'x-test-ip': '192.0.2.77' };
    expect((await t.call('PUT', path, { reader: readerToken() }, ip)).status).toBe(200);
    expect((await t.call('PUT', path, { reader: readerToken() }, ip)).status).toBe(200);
    const third = await t.call('PUT', path, { reader: readerToken() }, ip);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
    expect((await t.call('PUT', path, { reader: readerToken() }, { 'x-test-ip': '192.0.2.78' })).body.likeCount).toBe(3);
  });

  it('404 for liking a comment that is not visible', async () => {
    const s = await site({ moderationMode: 'pre' });
    const posted = await s.post({ reader: readerToken(), body: 'menunggu' });
    expect((await t.call('PUT', s.comment(posted.body.comment.id, '/like'), { reader: readerToken() })).status).toBe(404);
  });
});

describe('reports', () => {
  it('records one report per reader and holds the comment at the threshold, with events', async () => {
    const s = await site({ reportThreshold: 2 });
    const posted = await s.post({ reader: readerToken(), body: 'kontroversial' });
    const id = posted.body.comment.id;
    const path = s.comment(id, '/reports');
    const first = readerToken();
    const report = await t.call('POST', path, { reader: first, reason: 'spam' });
    expect(report.status).toBe(202);
    expect(report.body).toEqual({ commentId: id, reported: true });
    expect((await t.call('POST', path, { reader: first, reason: 'abuse' })).status).toBe(202);
    expect((await s.list()).body.total).toBe(1);
    expect((await t.call('POST', path, { reader: readerToken(), reason: 'misinformation' }, { 'x-test-ip': '192.0.2.200' })).status).toBe(202);
    expect((await s.list()).body.total).toBe(0);
    expect(await rows(sql`SELECT status, held_reason, report_count FROM comments WHERE id = ${id}`)).toEqual([
      { status: 'pending', held_reason: 'reports', report_count: 2 },
    ]);
    const forComment = events.filter((event) => 'commentId' in event && event.commentId === id);
    expect(forComment).toEqual([
      { type: 'comment.posted', ...s.where, commentId: id },
      { type: 'comment.reported', ...s.where, commentId: id, reason: 'spam', reportCount: 1 },
      { type: 'comment.reported', ...s.where, commentId: id, reason: 'misinformation', reportCount: 2 },
      { type: 'comment.held', ...s.where, commentId: id, reason: 'reports' },
    ]);
    expect((await t.call('POST', path, { reader: readerToken(), reason: 'spam' })).status).toBe(404);
  });

  it('400 for an unknown reason', async () => {
    const s = await site();
    const posted = await s.post({ reader: readerToken(), body: 'x' });
    const answer = await t.call('POST', s.comment(posted.body.comment.id, '/reports'), { reader: readerToken(), reason: 'boring' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].path).toBe('reason');
  });

  it('a subscriber that throws never breaks the reader\'s request', async () => {
    const broken = await testApp({ events: { emit: () => Promise.reject(new Error('webhook down')) } });
    await updateSiteSettings(broken.db, 'demo', { moderationMode: 'pre' });
    const answer = await broken.call('POST', '/v1/sites/demo/articles/x/comments', { reader: readerToken(), name: 'A', body: 'halo' });
    expect(answer.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(broken.logs.some((line) => line.msg === 'event subscriber failed')).toBe(true);
  });
});

describe("a reader's data", () => {
  it('deletes votes, likes, reports and comments under the token, keeping every counter exact', async () => {
    const s = await site();
    const reader = readerToken();
    const own = await s.post({ reader, body: 'milikku' });
    const other = await s.post({ reader: readerToken(), body: 'milik orang' });
    const reply = await s.post({ reader: readerToken(), body: 'balasan untukku', parentId: own.body.comment.id });
    await t.call('PUT', s.comment(other.body.comment.id, '/like'), { reader });
    await t.call('POST', s.comment(other.body.comment.id, '/reports'), { reader, reason: 'off-topic' });
    await t.call('PUT', `/v1/sites/demo/articles/erase-1/vote`, { reader, reaction: 'senang' });

    const erased = await t.call('DELETE', `${s.base}/readers/me`, { reader });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ deleted: { votes: 1, comments: 1, likes: 1, reports: 1 } });

    const list = await s.list();
    expect(list.body.total).toBe(2);
    expect(list.body.comments.map((c: { id: number; parentId: number | null; likeCount: number }) => [c.id, c.parentId, c.likeCount]).sort()).toEqual(
      [[other.body.comment.id, null, 0], [reply.body.comment.id, null, 0]].sort(),
    );
    expect((await t.call('GET', '/v1/sites/demo/articles/erase-1/poll')).body.total).toBe(0);
    expect(await rows(sql`SELECT report_count FROM comments WHERE id = ${other.body.comment.id}`)).toEqual([{ report_count: 0 }]);
    const drift = await rows(sql`SELECT a.id FROM articles a
      WHERE a.comment_count <> (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')`);
    expect(drift).toEqual([]);
    expect((await t.call('DELETE', `${s.base}/readers/me`, { reader })).body.deleted).toEqual({ votes: 0, comments: 0, likes: 0, reports: 0 });
  });

  it('400 without a valid token, 404 for an unknown site', async () => {
    expect((await t.call('DELETE', '/v1/sites/demo/readers/me', {})).status).toBe(400);
    expect((await t.call('DELETE', '/v1/sites/tidak-ada/readers/me', { reader: readerToken() })).status).toBe(404);
  });
});

describe('documentation', () => {
  it('documents every comment route in /openapi.json', async () => {
    const { body } = await t.call('GET', '/openapi.json');
    for (const [path, methods] of Object.entries({
      '/v1/sites/{site}/articles/{article}/comments': ['get', 'post'],
      '/v1/sites/{site}/comments/{id}': ['patch', 'delete'],
      '/v1/sites/{site}/comments/{id}/replies': ['get'],
      '/v1/sites/{site}/comments/{id}/like': ['put', 'delete'],
      '/v1/sites/{site}/comments/{id}/reports': ['post'],
      '/v1/sites/{site}/readers/me': ['delete'],
    })) {
      expect(Object.keys(body.paths[path] ?? {}), path).toEqual(expect.arrayContaining(methods));
    }
  });
});

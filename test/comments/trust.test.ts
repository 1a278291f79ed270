import { sql } from 'drizzle-orm';
import { Jwt } from 'hono/utils/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/lib/time';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

const ADMIN_KEY = 'trust-test-instance-admin-key-0123456789';
let t: TestApp;
let clock = Date.UTC(2026, 11, 1, 8, 0, 0);

beforeAll(async () => {
  t = await testApp({ now: () => clock, config: { adminKey: ADMIN_KEY } });
});

/** A first-comment site of its own (trusting after 3 approved comments, the default), with a moderator's key. */
async function site(settings: Record<string, unknown> = {}) {
  const created = await createSite(t.db, { settings: { commentIntervalSeconds: 0, moderationMode: 'first-comment', ...settings } });
  const article = await createArticle(t.db, created.id);
  const moderator = await keyHeader(t.db, created.id, 'moderator');
  const newsroom = `/v1/newsroom/sites/${created.id}`;
  let n = 0;
  return {
    id: created.id,
    /** Posts a comment (a distinct body each time, so none is a duplicate) and returns the answer. */
    post: (reader: string, body = `komentar ${++n}`, extra: Record<string, unknown> = {}) =>
      t.call('POST', `/v1/sites/${created.id}/articles/${article.externalId}/comments`, { reader, name: 'Budi', body: `${body} (${created.id} ${++n})`, ...extra }),
    decide: (action: 'approve' | 'reject', ids: number[]) =>
      t.call('POST', `${newsroom}/moderation/actions`, { action, ids, ...(action === 'reject' ? { reason: 'pelecehan' } : {}) }, moderator),
    trust: (commentId: number) => t.call('GET', `${newsroom}/comments/${commentId}/trust`, undefined, moderator),
    detail: (commentId: number) => t.call('GET', `${newsroom}/comments/${commentId}`, undefined, moderator),
    setTrust: (commentId: number, level: unknown, headers = moderator) => t.call('PUT', `${newsroom}/comments/${commentId}/trust`, { level }, headers),
    queue: () => t.call('GET', `${newsroom}/moderation/queue`, undefined, moderator),
    newsroom,
  };
}

/** Makes a reader tepercaya the automatic way: three comments, held, then approved. */
async function trusted(s: Awaited<ReturnType<typeof site>>, reader: string) {
  const ids: number[] = [];
  for (let i = 0; i < 3; i++) {
    const posted = await s.post(reader);
    expect(posted.body.comment.pending).toBe(true);
    ids.push(posted.body.comment.id);
  }
  expect((await s.decide('approve', ids)).status).toBe(200);
  return ids;
}

describe('trust levels', () => {
  it('publishes a suspect word from a reader who reached tepercaya, and holds a baru reader', async () => {
    const s = await site();
    const regular = readerToken();
    const ids = await trusted(s, regular);
    const fromTrusted = await s.post(regular, 'dasar a n j 1 n g');
    expect(fromTrusted.status).toBe(201);
    expect(fromTrusted.body.comment.pending).toBe(false);

    const newcomer = readerToken();
    const fromNew = await s.post(newcomer, 'dasar a n j 1 n g');
    expect(fromNew.body.comment.pending).toBe(true);
    const plainNew = await s.post(newcomer, 'Liputan yang bagus');
    expect(plainNew.body.comment.pending).toBe(true);
    const held = await t.db.all(sql`SELECT held_reason AS reason FROM comments WHERE id IN (${fromNew.body.comment.id}, ${plainNew.body.comment.id}) ORDER BY id`);
    expect(held).toEqual([{ reason: 'suspect-word' }, { reason: 'first-comment' }]);

    expect((await s.trust(ids[0]!)).body).toEqual({ commentId: ids[0], level: 'tepercaya', source: 'automatic', automaticLevel: 'tepercaya' });
    const queue = await s.queue();
    expect(queue.body.items.map((item: { id: number; trust: string }) => [item.id, item.trust])).toEqual([
      [fromNew.body.comment.id, 'baru'],
      [plainNew.body.comment.id, 'baru'],
    ]);
  });

  it('still refuses banned words from a tepercaya reader, and still holds their link-heavy comments', async () => {
    const s = await site();
    const regular = readerToken();
    await trusted(s, regular);
    const banned = await s.post(regular, 'Dasar b4ngsaaat!');
    expect(banned.status).toBe(422);
    expect(banned.body.error.details[0]).toMatchObject({ path: 'body' });
    const links = await s.post(regular, 'https://a.id https://b.id https://c.id');
    expect(links.body.comment.pending).toBe(true);
  });

  it('judges an edit by the same level: a tepercaya author may edit in a suspect word, a baru author is held again', async () => {
    const s = await site({ moderationMode: 'post' });
    const regular = readerToken();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await s.post(regular)).body.comment.id);
    await s.decide('approve', ids);
    const edit = (id: number, editToken: string) => t.call('PATCH', `/v1/sites/${s.id}/comments/${id}`, { editToken, body: 'dasar a n j 1 n g' });
    const mine = await s.post(regular);
    expect((await edit(mine.body.comment.id, mine.body.editToken)).body.comment.pending).toBe(false);
    const theirs = await s.post(readerToken());
    expect(theirs.body.comment.pending).toBe(false);
    expect((await edit(theirs.body.comment.id, theirs.body.editToken)).body.comment.pending).toBe(true);
  });

  it('counts only approved comments on this site: two approvals leave a reader baru', async () => {
    const s = await site();
    const reader = readerToken();
    const first = await s.post(reader);
    const second = await s.post(reader);
    await s.decide('approve', [first.body.comment.id, second.body.comment.id]);
    expect((await s.post(reader)).body.comment.pending).toBe(true);
    const elsewhere = await site();
    await trusted(elsewhere, reader);
    expect((await s.post(reader)).body.comment.pending).toBe(true);
    expect((await elsewhere.post(reader)).body.comment.pending).toBe(false);
  });

  it('drops the automatic level for 30 days after a rejection, then restores it', async () => {
    const s = await site();
    const reader = readerToken();
    await trusted(s, reader);
    const rude = await s.post(reader, 'komentar yang ditolak');
    expect(rude.body.comment.pending).toBe(false);
    expect((await s.decide('reject', [rude.body.comment.id])).status).toBe(200);
    const after = await s.post(reader);
    expect(after.body.comment.pending).toBe(true);
    expect((await s.trust(after.body.comment.id)).body).toMatchObject({ level: 'baru', source: 'automatic' });
    clock += 29 * DAY_MS;
    expect((await s.post(reader)).body.comment.pending).toBe(true);
    clock += 2 * DAY_MS;
    expect((await s.post(reader)).body.comment.pending).toBe(false);
  });

  it("lets a moderator's explicit level win both ways, and 'automatic' hand it back to the record", async () => {
    const s = await site();
    const regular = readerToken();
    const [regularComment] = await trusted(s, regular);
    const demoted = await s.setTrust(regularComment!, 'baru');
    expect(demoted.status).toBe(200);
    expect(demoted.body).toEqual({ commentId: regularComment, level: 'baru', source: 'moderator', automaticLevel: 'tepercaya' });
    expect((await s.post(regular)).body.comment.pending).toBe(true);
    expect((await s.post(regular, 'dasar a n j 1 n g')).body.comment.pending).toBe(true);
    expect((await s.detail(regularComment!)).body).toMatchObject({ id: regularComment, trust: 'baru' });

    const newcomer = readerToken();
    const first = await s.post(newcomer);
    expect((await s.setTrust(first.body.comment.id, 'tepercaya')).body).toMatchObject({ level: 'tepercaya', source: 'moderator', automaticLevel: 'baru' });
    expect((await s.post(newcomer, 'dasar a n j 1 n g')).body.comment.pending).toBe(false);

    expect((await s.setTrust(regularComment!, 'automatic')).body).toMatchObject({ level: 'tepercaya', source: 'automatic' });
    expect((await s.detail(regularComment!)).body.trust).toBe('tepercaya');
    expect((await s.post(regular)).body.comment.pending).toBe(false);
    const logged = await t.db.all(sql`SELECT action, note FROM moderation_log WHERE site_id = ${s.id} AND action = 'trust' ORDER BY id`);
    expect(logged).toEqual([
      { action: 'trust', note: 'baru' },
      { action: 'trust', note: 'tepercaya' },
      { action: 'trust', note: 'automatic' },
    ]);
  });

  it('follows a signed-in author by their site account, whichever reader token they post from', async () => {
    const s = await site();
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    const secret = (await t.call('POST', `${s.newsroom}/sso/secret`, undefined, admin)).body.secret as string;
    expect((await t.call('PATCH', `${s.newsroom}/settings`, { settings: { commentIdentity: 'sso-optional', ssoLoginUrl: 'https://news.example/masuk' } }, admin)).status).toBe(200);
    const signedIn = (sub: string) => Jwt.sign({ sub, name: 'Rina', iat: Math.floor(clock / 1000), exp: Math.floor(clock / 1000) + 3600 }, secret, 'HS256');
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const posted = await s.post(readerToken(), `masuk ${i}`, { ssoToken: await signedIn('user-1') });
      expect(posted.body.comment).toMatchObject({ pending: true, verified: true });
      ids.push(posted.body.comment.id);
    }
    await s.decide('approve', ids);
    expect((await s.post(readerToken(), 'dasar a n j 1 n g', { ssoToken: await signedIn('user-1') })).body.comment.pending).toBe(false);
    expect((await s.post(readerToken(), 'akun lain', { ssoToken: await signedIn('user-2') })).body.comment.pending).toBe(true);
    await s.setTrust(ids[0]!, 'baru');
    expect(await t.db.all(sql`SELECT author_hash AS author FROM reader_trust WHERE site_id = ${s.id}`)).toEqual([
      { author: (await t.db.all<{ hash: string }>(sql`SELECT sso_user_hash AS hash FROM comments WHERE id = ${ids[0]}`))[0]!.hash },
    ]);
  });

  it('refuses a bad level, a bad id or an unknown field by name, and changes nothing', async () => {
    const s = await site();
    const posted = await s.post(readerToken());
    const id = posted.body.comment.id;
    const bad = await s.setTrust(id, 'vip');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'level' });
    const extra = await t.call('PUT', `${s.newsroom}/comments/${id}/trust`, { level: 'baru', reader: 'x' }, await keyHeader(t.db, s.id, 'moderator'));
    expect(extra.status).toBe(400);
    expect((await t.call('GET', `${s.newsroom}/comments/abc/trust`, undefined, await keyHeader(t.db, s.id, 'moderator'))).status).toBe(400);
    expect(await t.db.all(sql`SELECT * FROM reader_trust WHERE site_id = ${s.id}`)).toEqual([]);
  });

  it("refuses another site's comment, a viewer and a missing key, so no site's moderator can touch another's readers", async () => {
    const s = await site();
    const other = await site();
    const theirs = await other.post(readerToken());
    const id = theirs.body.comment.id;
    expect((await s.setTrust(id, 'tepercaya')).status).toBe(404);
    expect((await s.trust(id)).status).toBe(404);
    expect((await s.setTrust(id, 'tepercaya', await keyHeader(t.db, other.id, 'viewer'))).status).toBe(403);
    expect((await t.call('PUT', `${other.newsroom}/comments/${id}/trust`, { level: 'tepercaya' })).status).toBe(401);
    expect(await t.db.all(sql`SELECT * FROM reader_trust WHERE site_id IN (${s.id}, ${other.id})`)).toEqual([]);
  });

  it('documents both trust operations in /openapi.json, with the levels a moderator may send and read', async () => {
    const { body } = await t.call('GET', '/openapi.json');
    const operations = body.paths['/v1/newsroom/sites/{site}/comments/{id}/trust'];
    expect(Object.keys(operations ?? {})).toEqual(expect.arrayContaining(['get', 'put']));
    expect(JSON.stringify(operations.put.requestBody)).toContain('"automatic"');
    expect(JSON.stringify(operations.get.responses['200'])).toContain('"tepercaya"');
    const queue = JSON.stringify(body.paths['/v1/newsroom/sites/{site}/moderation/queue'].get.responses['200']);
    expect(queue).toContain('"trust"');
  });
});

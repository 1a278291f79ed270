import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { readerToken, testApp } from '../helpers/app';
import { counterMismatches, createArticle, createSite } from '../helpers/factories';
import { commentAt, keyHeader } from '../helpers/newsroom';

const { db, call } = await testApp();
const site = await createSite(db, { reactionKeys: ['senang', 'marah', 'sedih'], origins: ['https://news.example'] });
const article = await createArticle(db, site.id, { externalId: 'berita-1' });
const base = `/v1/newsroom/sites/${site.id}`;
const origin = { origin: 'https://news.example' };
let admin: Record<string, string>;
let moderator: Record<string, string>;

const poll = async () => (await call('GET', `/v1/sites/${site.id}/articles/berita-1/poll`)).body;
const vote = (reaction: string, reader = readerToken()) =>
  call('PUT', `/v1/sites/${site.id}/articles/berita-1/vote`, { reader, reaction }, { ...origin, 'x-test-ip': `198.51.100.${Math.floor(Math.random() * 250)}` });

beforeAll(async () => {
  admin = await keyHeader(db, site.id, 'admin');
  moderator = await keyHeader(db, site.id, 'moderator');
  for (const reaction of ['senang', 'senang', 'marah', 'sedih']) expect((await vote(reaction)).status).toBe(200);
});

describe('settings keep counts', () => {
  it('relabels without moving counts', async () => {
    const changed = await call('PATCH', `${base}/reactions/marah`, { labels: { id: 'Geram', en: 'Furious' }, emoji: '🤬' }, admin);
    expect(changed.status).toBe(200);
    const view = await poll();
    expect(view.reactions.find((r: any) => r.key === 'marah')).toMatchObject({ label: 'Geram', emoji: '🤬', count: 1 });
    expect(view.total).toBe(4);
  });

  it('reorders without moving counts, and insists on every active reaction', async () => {
    const bad = await call('PUT', `${base}/reactions/order`, { keys: ['sedih', 'senang'] }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/marah/);
    expect((await call('PUT', `${base}/reactions/order`, { keys: ['sedih', 'marah', 'senang'] }, admin)).status).toBe(200);
    const view = await poll();
    expect(view.reactions.map((r: any) => [r.key, r.count])).toEqual([
      ['sedih', 1],
      ['marah', 1],
      ['senang', 2],
    ]);
  });

  it('retires a reaction (hidden, votes kept) and restores it with its count', async () => {
    expect((await call('PATCH', `${base}/reactions/sedih`, { active: false }, admin)).status).toBe(200);
    const hidden = await poll();
    expect(hidden.reactions.map((r: any) => r.key)).toEqual(['marah', 'senang']);
    expect((await vote('sedih')).status).toBe(422);
    const report = await call('GET', `${base}/articles/berita-1?period=today`, undefined, admin);
    expect(report.body.tally.find((r: any) => r.key === 'sedih')).toMatchObject({ count: 1, active: false });
    const again = await call('POST', `${base}/reactions`, { key: 'sedih', labels: { id: 'Sedih', en: 'Sad' }, emoji: '😢' }, admin);
    expect(again.status).toBe(409);
    expect((await call('PATCH', `${base}/reactions/sedih`, { active: true }, admin)).status).toBe(200);
    expect((await poll()).reactions.find((r: any) => r.key === 'sedih').count).toBe(1);
    expect(await counterMismatches(db)).toEqual([]);
  });

  it('adds a reaction at the end', async () => {
    const added = await call('POST', `${base}/reactions`, { key: 'terinspirasi', labels: { id: 'Terinspirasi', en: 'Inspired' }, emoji: '🤩' }, admin);
    expect(added.status).toBe(201);
    expect((await poll()).reactions.at(-1)).toMatchObject({ key: 'terinspirasi', count: 0 });
  });

  it('changes site settings, merging, with clear validation messages', async () => {
    const changed = await call(
      'PATCH',
      `${base}/settings`,
      { settings: { moderationMode: 'pre', resultVisibility: 'after-vote', votesPerNetworkPerDay: 10, bannedWords: ['kasar'] }, timeZone: 'Asia/Makassar' },
      admin,
    );
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toMatchObject({ moderationMode: 'pre', resultVisibility: 'after-vote', votesPerNetworkPerDay: 10, bannedWords: ['kasar'], reportThreshold: 3 });
    expect(changed.body.timeZone).toBe('Asia/Makassar');
    expect((await poll()).site.resultVisibility).toBe('after-vote');
    const bad = await call('PATCH', `${base}/settings`, { timeZone: 'Mars/Olympus', origins: ['news.example/path'], settings: { moderationMode: 'never' } }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path).sort()).toEqual(['origins.0', 'settings.moderationMode', 'timeZone']);
    const unknown = await call('PATCH', `${base}/settings`, { settings: { colour: 'red' } }, admin);
    expect(unknown.status).toBe(400);
    const tooMany = await call('PATCH', `${base}/settings`, { settings: { suspectWords: Array.from({ length: 501 }, (_, i) => `kata${i}`) } }, admin);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.map((d: any) => d.path)).toEqual(['settings.suspectWords']);
  });

  it('closes and reopens an article poll', async () => {
    expect((await call('PATCH', `${base}/articles/berita-1`, { pollOpen: false }, moderator)).body).toEqual({ id: 'berita-1', pollOpen: false, commentsOpen: true, comments: 'automatic', commentsClosesAt: null });
    expect((await vote('senang')).status).toBe(409);
    expect((await poll()).total).toBe(4);
    await call('PATCH', `${base}/articles/berita-1`, { pollOpen: true }, moderator);
    expect((await vote('senang')).status).toBe(200);
    expect((await call('PATCH', `${base}/articles/nope`, { pollOpen: true }, moderator)).status).toBe(404);
    expect((await call('PATCH', `${base}/articles/berita-1`, {}, moderator)).status).toBe(400);
  });
});

describe('moderation', () => {
  it('approving a pending comment makes it count publicly, and is logged with who', async () => {
    const pending = await commentAt(db, article.id, { status: 'pending', heldReason: 'pre-moderation', body: 'Tunggu moderasi' });
    const before = (await poll()).article.commentCount;
    const queue = await call('GET', `${base}/moderation/queue?queue=pending`, undefined, moderator);
    expect(queue.body.items.map((item: any) => item.id)).toContain(pending);
    expect(queue.body.items[0]).toMatchObject({ article: { id: 'berita-1' }, heldReason: 'pre-moderation', body: 'Tunggu moderasi' });
    expect(JSON.stringify(queue.body)).not.toMatch(/reader-hash/);
    const done = await call('POST', `${base}/moderation/actions`, { action: 'approve', ids: [pending] }, moderator);
    expect(done.body).toEqual({ action: 'approve', status: 'approved', ids: [pending] });
    expect((await poll()).article.commentCount).toBe(before + 1);
    const log = await call('GET', `${base}/moderation/log`, undefined, moderator);
    expect(log.body.entries[0]).toMatchObject({ commentId: pending, action: 'approve', actorName: 'moderator test key', note: 'was pending' });
  });

  it('bulk rejects and marks spam, hiding approved comments; other sites are untouched', async () => {
    const otherSite = await createSite(db);
    const foreign = await commentAt(db, (await createArticle(db, otherSite.id)).id);
    const a = await commentAt(db, article.id);
    const b = await commentAt(db, article.id);
    const before = (await poll()).article.commentCount;
    const rejected = await call('POST', `${base}/moderation/actions`, { action: 'reject', ids: [a, b, foreign], reason: 'sara' }, moderator);
    expect(rejected.body.ids).toEqual([a, b]);
    expect((await poll()).article.commentCount).toBe(before - 2);
    const [row] = await db.all<{ status: string }>(sql`SELECT status FROM comments WHERE id = ${foreign}`);
    expect(row!.status).toBe('approved');
    expect((await call('POST', `${base}/moderation/actions`, { action: 'spam', ids: [foreign] }, moderator)).status).toBe(404);
    expect((await call('POST', `${base}/moderation/actions`, { action: 'spam', ids: [a] }, moderator)).body.status).toBe('spam');
  });

  it('lists reported comments with reasons and approving dismisses the reports', async () => {
    const reported = await commentAt(db, article.id, { reportCount: 2, body: 'Dilaporkan' });
    const queue = await call('GET', `${base}/moderation/queue?queue=reported&q=Dilapor`, undefined, moderator);
    expect(queue.body.items).toHaveLength(1);
    expect(queue.body.items[0]).toMatchObject({ id: reported, reportCount: 2, reportReasons: { abuse: 2 } });
    await call('POST', `${base}/moderation/actions`, { action: 'approve', ids: [reported] }, moderator);
    expect((await call('GET', `${base}/moderation/queue?queue=reported`, undefined, moderator)).body.items).toEqual([]);
  });

  it('mutes a comment author for N days without exposing who they are', async () => {
    const id = await commentAt(db, article.id, { reader: 'hash-of-troll' });
    const muted = await call('POST', `${base}/moderation/mutes`, { commentId: id, days: 7 }, moderator);
    expect(muted.status).toBe(200);
    expect(JSON.stringify(muted.body)).not.toContain('hash-of-troll');
    const [row] = await db.all<{ until: number; created_at: number }>(sql`SELECT until, created_at FROM reader_mutes WHERE site_id = ${site.id} AND reader_hash = 'hash-of-troll'`);
    expect(row!.until - row!.created_at).toBe(7 * 86_400_000);
    const bad = await call('POST', `${base}/moderation/mutes`, { commentId: id, days: 0 }, moderator);
    expect(bad.body.error.details[0].path).toBe('days');
  });

  it('a viewer key cannot moderate', async () => {
    const viewer = await keyHeader(db, site.id, 'viewer');
    const id = await commentAt(db, article.id, { status: 'pending' });
    const refused = await call('POST', `${base}/moderation/actions`, { action: 'approve', ids: [id] }, viewer);
    expect(refused.status).toBe(403);
    const [row] = await db.all<{ status: string }>(sql`SELECT status FROM comments WHERE id = ${id}`);
    expect(row!.status).toBe('pending');
  });
});

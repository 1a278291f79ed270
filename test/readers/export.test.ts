import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { READER_DATA_RULE } from '../../src/ratelimit/service';
import { hashReaderToken } from '../../src/readers/service';
import { readerToken, TEST_SECRET, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';

let t: TestApp;
let clock = Date.UTC(2026, 11, 1, 8, 0, 0);

beforeAll(async () => {
  t = await testApp({ now: () => clock });
});

const exportOf = (siteId: string, reader: string) => t.call('GET', `/v1/sites/${siteId}/readers/me/export?reader=${reader}`);

/** Two sites, each with an article; the second holds every comment for review. */
async function twoSites() {
  const open = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
  const held = await createSite(t.db, { settings: { commentIntervalSeconds: 0, moderationMode: 'pre' } });
  return {
    open: { id: open.id, article: await createArticle(t.db, open.id) },
    held: { id: held.id, article: await createArticle(t.db, held.id) },
  };
}

async function actAs(reader: string, place: { id: string; article: { externalId: string } }, body: string) {
  const base = `/v1/sites/${place.id}/articles/${encodeURIComponent(place.article.externalId)}`;
  const posted = await t.call('POST', `${base}/comments`, { reader, name: 'Rina', body });
  expect(posted.status).toBe(201);
  return posted.body.comment.id as number;
}

/** What the database holds under a reader's hash, in the export's own terms. */
async function storedUnder(reader: string) {
  const hash = await hashReaderToken(TEST_SECRET, reader);
  const count = async (table: string) =>
    (await t.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE reader_hash = ${hash}`))[0]!.n;
  return {
    votes: await count('votes'),
    comments: await t.db.all<{ id: number; body: string; status: string }>(sql`SELECT id, body, status FROM comments WHERE reader_hash = ${hash} ORDER BY id`),
    likes: await count('comment_likes'),
    reports: await count('comment_reports'),
  };
}

describe("a reader's export", () => {
  it('returns every vote, comment (held ones too), like and report stored under the token, on every site, and nothing of anyone else', async () => {
    const { open, held } = await twoSites();
    const reader = readerToken();
    const other = readerToken();
    const mine = await actAs(reader, open, 'Komentar saya yang terbit.');
    clock += 1000;
    const waiting = await actAs(reader, held, 'Komentar saya yang menunggu.');
    const theirs = await actAs(other, open, 'Komentar orang lain.');
    const writes = [
      await t.call('PUT', `/v1/sites/${open.id}/articles/${open.article.externalId}/vote`, { reader, reaction: 'a' }),
      await t.call('PUT', `/v1/sites/${open.id}/articles/${open.article.externalId}/vote`, { reader: other, reaction: 'b' }),
      await t.call('PUT', `/v1/sites/${open.id}/comments/${theirs}/like`, { reader }),
      await t.call('PUT', `/v1/sites/${open.id}/comments/${mine}/like`, { reader: other }),
      await t.call('POST', `/v1/sites/${open.id}/comments/${theirs}/reports`, { reader, reason: 'off-topic' }),
    ];
    expect(writes.map((write) => write.status)).toEqual([200, 200, 200, 200, 202]);

    const answer = await exportOf(open.id, reader);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    const data = answer.body;
    expect(data.exportedAt).toBe(new Date(clock).toISOString());
    expect(data.votes).toEqual([
      { site: open.id, article: open.article.externalId, reaction: 'a', createdAt: new Date(clock).toISOString(), updatedAt: new Date(clock).toISOString() },
    ]);
    expect(data.comments.map((c: { id: number; site: string; status: string; heldReason: string | null; body: string }) => [c.id, c.site, c.status, c.heldReason, c.body])).toEqual([
      [mine, open.id, 'approved', null, 'Komentar saya yang terbit.'],
      [waiting, held.id, 'pending', 'pre-moderation', 'Komentar saya yang menunggu.'],
    ]);
    expect(data.comments[0]).toMatchObject({ likeCount: 1, replyCount: 0, reportCount: 0, authorName: 'Rina', parentId: null, editedAt: null });
    expect(data.likes).toEqual([{ site: open.id, article: open.article.externalId, commentId: theirs, createdAt: new Date(clock).toISOString() }]);
    expect(data.reports).toEqual([{ site: open.id, article: open.article.externalId, commentId: theirs, reason: 'off-topic', createdAt: new Date(clock).toISOString() }]);

    const stored = await storedUnder(reader);
    expect({ votes: data.votes.length, likes: data.likes.length, reports: data.reports.length }).toEqual({ votes: stored.votes, likes: stored.likes, reports: stored.reports });
    expect(data.comments.map((c: { id: number; body: string; status: string }) => ({ id: c.id, body: c.body, status: c.status }))).toEqual(stored.comments);
    const text = JSON.stringify(data);
    expect(text).not.toContain('Komentar orang lain.');
    expect(text).not.toContain(reader);
    expect(text).not.toContain(await hashReaderToken(TEST_SECRET, reader));
  });

  it('returns empty lists after the reader erases their data, while the other reader keeps theirs', async () => {
    const { open } = await twoSites();
    const reader = readerToken();
    const other = readerToken();
    await actAs(reader, open, 'Sebentar lagi dihapus.');
    await actAs(other, open, 'Tetap ada.');
    expect((await t.call('PUT', `/v1/sites/${open.id}/articles/${open.article.externalId}/vote`, { reader, reaction: 'c' })).status).toBe(200);
    expect((await exportOf(open.id, reader)).body.comments).toHaveLength(1);

    expect((await t.call('DELETE', `/v1/sites/${open.id}/readers/me`, { reader })).status).toBe(200);
    const after = await exportOf(open.id, reader);
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ exportedAt: new Date(clock).toISOString(), votes: [], comments: [], likes: [], reports: [], agreements: [] });
    expect((await exportOf(open.id, other)).body.comments.map((c: { body: string }) => c.body)).toEqual(['Tetap ada.']);
  });

  it('refuses a missing or malformed token naming the field, and an unknown site', async () => {
    const { open } = await twoSites();
    for (const query of ['', '?reader=', '?reader=short', `?reader=${'a'.repeat(65)}`, '?reader=bad%20token%20with%20spaces!!']) {
      const answer = await t.call('GET', `/v1/sites/${open.id}/readers/me/export${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.details[0].path).toBe('reader');
    }
    expect((await exportOf('tidak-ada', readerToken())).status).toBe(404);
    expect((await t.call('GET', `/v1/sites/${open.id}/readers/me/export?reader=${readerToken()}&lang=xx`)).status).toBe(400);
  });

  it("a stranger's token, or a foreign page, learns nothing of the reader", async () => {
    const { open } = await twoSites();
    const reader = readerToken();
    await actAs(reader, open, 'Rahasia saya.');
    const stranger = await exportOf(open.id, readerToken());
    expect(stranger.body).toMatchObject({ votes: [], comments: [], likes: [], reports: [], agreements: [] });
    expect(JSON.stringify(stranger.body)).not.toContain('Rahasia');

    const foreign = await t.call('GET', `/v1/sites/${open.id}/readers/me/export?reader=${reader}`, undefined, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toContain('Rahasia');
    // Repeating the request is never answered from a shared copy.
    const again = await exportOf(open.id, reader);
    expect(again.headers.get('etag')).toBeNull();
    expect(again.body.comments).toHaveLength(1);
  });
});

describe('reader data requests from a hostile client', () => {
  it('count against the address: rotating the token and the User-Agent does not lift the limit, a refused erasure deletes nothing, another address is unaffected', async () => {
    const { open } = await twoSites();
    clock += 60 * 60 * 1000;
    const reader = readerToken();
    await actAs(reader, open, 'Masih tersimpan.');
    const from = (n: number) => ({ 'x-test-ip': '198.51.100.23', 'user-agent': `pengganggu-${n}` });
    for (let n = 0; n < READER_DATA_RULE.limit; n++) {
      const answer =
        n % 2 === 0
          ? await t.call('GET', `/v1/sites/${open.id}/readers/me/export?reader=${readerToken()}`, undefined, from(n))
          : await t.call('DELETE', `/v1/sites/${open.id}/readers/me`, { reader: readerToken() }, from(n));
      expect(answer.status, `request ${n}`).toBe(200);
    }
    const refused = await t.call('GET', `/v1/sites/${open.id}/readers/me/export?reader=${readerToken()}`, undefined, from(1000));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const erasure = await t.call('DELETE', `/v1/sites/${open.id}/readers/me`, { reader }, from(1001));
    expect(erasure.status).toBe(429);
    expect((await storedUnder(reader)).comments.map((c) => c.body)).toEqual(['Masih tersimpan.']);

    const elsewhere = await t.call('GET', `/v1/sites/${open.id}/readers/me/export?reader=${reader}`, undefined, { 'x-test-ip': '198.51.100.24' });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.comments).toHaveLength(1);
    clock += READER_DATA_RULE.windowSeconds * 1000 + 1000;
    expect((await t.call('DELETE', `/v1/sites/${open.id}/readers/me`, { reader }, from(1002))).status).toBe(200);
  });
});

describe('documentation', () => {
  it('documents the export in /openapi.json', async () => {
    const { body } = await t.call('GET', '/openapi.json');
    expect(Object.keys(body.paths['/v1/sites/{site}/readers/me/export'] ?? {})).toEqual(['get']);
  });
});

import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/lib/time';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite, updateSiteSettings } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

let t: TestApp;
let clock = Date.UTC(2026, 11, 1, 8, 0, 0);

beforeAll(async () => {
  t = await testApp({ now: () => clock });
});

/** A site that closes comments `days` after an article's first vote, one article, and a moderator's key. */
async function site(days: number) {
  const created = await createSite(t.db, { settings: { commentIntervalSeconds: 0, closeCommentsAfterDays: days } });
  const article = await createArticle(t.db, created.id);
  const moderator = await keyHeader(t.db, created.id, 'moderator');
  const path = `/v1/sites/${created.id}/articles/${article.externalId}`;
  let n = 0;
  return {
    id: created.id,
    vote: () => t.call('PUT', `${path}/vote`, { reader: readerToken(), reaction: 'a' }),
    post: (lang?: string) => t.call('POST', `${path}/comments${lang ? `?lang=${lang}` : ''}`, { reader: readerToken(), name: 'Budi', body: `komentar ${++n}` }),
    poll: () => t.call('GET', `${path}/poll`),
    list: () => t.call('GET', `${path}/comments`),
    fragment: () => t.app.request(`${path}/fragment`),
    choose: (body: Record<string, unknown>) => t.call('PATCH', `/v1/newsroom/sites/${created.id}/articles/${article.externalId}`, body, moderator),
  };
}

describe('scheduled comment closing', () => {
  it("closes comments N days after the article's first vote, with a clear 409, while reads go on", async () => {
    const s = await site(7);
    expect((await s.post()).status).toBe(201);
    const firstVote = clock;
    expect((await s.vote()).status).toBe(200);
    clock = firstVote + 7 * DAY_MS - 60_000;
    expect((await s.post()).status).toBe(201);
    expect((await s.poll()).body.article.commentsOpen).toBe(true);
    expect((await s.choose({ pollOpen: true })).body).toMatchObject({ commentsOpen: true, comments: 'automatic', commentsClosesAt: firstVote + 7 * DAY_MS });

    clock = firstVote + 7 * DAY_MS;
    const refused = await s.post();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'comments_closed', message: 'Komentar ditutup untuk artikel ini.' });
    expect((await s.post('en')).body.error.message).toBe('Comments are closed for this article.');
    const list = await s.list();
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ article: { commentsOpen: false }, total: 2 });
    expect((await s.poll()).body.article.commentsOpen).toBe(false);
    expect(await (await s.fragment()).text()).toContain('Komentar sudah ditutup.');
  });

  it('ends cached poll and comment answers at the closing moment, though no write announced it', async () => {
    const s = await site(1);
    const firstVote = clock;
    await s.vote();
    clock = firstVote + DAY_MS - 1000;
    expect((await s.poll()).body.article.commentsOpen).toBe(true);
    expect((await s.list()).body.article.commentsOpen).toBe(true);
    clock = firstVote + DAY_MS;
    expect((await s.poll()).body.article.commentsOpen).toBe(false);
    expect((await s.list()).body.article.commentsOpen).toBe(false);
  });

  it('counts from the first vote only: later votes move nothing, and without a vote or a schedule nothing closes', async () => {
    const never = await site(0);
    await never.vote();
    const s = await site(2);
    const start = clock;
    clock = start + 10 * DAY_MS;
    expect((await s.post()).status).toBe(201);
    const firstVote = clock;
    await s.vote();
    clock = firstVote + DAY_MS;
    await s.vote();
    clock = firstVote + 2 * DAY_MS;
    expect((await s.post()).status).toBe(409);
    expect((await never.post()).status).toBe(201);
    expect(await t.db.all(sql`SELECT first_vote_at AS firstVoteAt FROM articles a JOIN sites s ON s.id = a.site_id WHERE s.id = ${s.id}`)).toEqual([{ firstVoteAt: firstVote }]);
  });

  it("lets a moderator's choice win both ways, and 'automatic' hand it back to the schedule", async () => {
    const s = await site(3);
    const firstVote = clock;
    await s.vote();
    const closed = await s.choose({ comments: 'closed' });
    expect(closed.body).toMatchObject({ commentsOpen: false, comments: 'closed', commentsClosesAt: null });
    expect((await s.post()).status).toBe(409);
    expect((await s.poll()).body.article.commentsOpen).toBe(false);

    clock = firstVote + 5 * DAY_MS;
    const kept = await s.choose({ comments: 'open' });
    expect(kept.body).toMatchObject({ commentsOpen: true, comments: 'open', commentsClosesAt: null });
    expect((await s.post()).status).toBe(201);
    expect((await s.list()).body.article.commentsOpen).toBe(true);

    expect((await s.choose({ comments: 'automatic' })).body).toMatchObject({ commentsOpen: false, comments: 'automatic', commentsClosesAt: firstVote + 3 * DAY_MS });
    expect((await s.post()).status).toBe(409);
    expect((await s.choose({ commentsOpen: true })).body).toMatchObject({ commentsOpen: true, comments: 'open' });
    expect((await s.choose({ commentsOpen: false })).body).toMatchObject({ commentsOpen: false, comments: 'closed' });
  });

  it('follows a change of the schedule at once (the site changed), and a site without comments stays closed', async () => {
    const s = await site(0);
    const firstVote = clock;
    await s.vote();
    clock = firstVote + 4 * DAY_MS;
    expect((await s.poll()).body.article.commentsOpen).toBe(true);
    await updateSiteSettings(t.db, s.id, { closeCommentsAfterDays: 3 });
    expect((await s.poll()).body.article.commentsOpen).toBe(false);
    expect((await s.post()).status).toBe(409);
    await s.choose({ comments: 'open' });
    await updateSiteSettings(t.db, s.id, { commentsEnabled: false });
    expect((await s.poll()).body.article.commentsOpen).toBe(false);
  });

  it('refuses a bad choice, or both spellings at once, by name and changes nothing', async () => {
    const s = await site(3);
    await s.vote();
    const bad = await s.choose({ comments: 'later' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'comments' });
    const both = await s.choose({ comments: 'open', commentsOpen: false });
    expect(both.status).toBe(400);
    expect(both.body.error.details[0]).toMatchObject({ path: 'comments' });
    expect((await s.choose({ pollOpen: true })).body).toMatchObject({ comments: 'automatic' });
  });

  it("documents the article's comments choice and its answer in /openapi.json", async () => {
    const { body } = await t.call('GET', '/openapi.json');
    const patch = body.paths['/v1/newsroom/sites/{site}/articles/{article}'].patch;
    expect(JSON.stringify(patch.requestBody)).toContain('"automatic"');
    expect(JSON.stringify(patch.responses['200'])).toContain('"commentsClosesAt"');
  });
});

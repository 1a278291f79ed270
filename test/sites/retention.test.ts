import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/lib/time';
import { enforceRetention } from '../../src/sites/retention';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite, updateSiteSettings } from '../helpers/factories';
import { commentAt, keyHeader } from '../helpers/newsroom';

let t: TestApp;
let clock = Date.UTC(2026, 11, 1, 8, 0, 0);

beforeAll(async () => {
  t = await testApp({ now: () => clock });
});

const existing = async (ids: number[]) =>
  (await t.db.all<{ id: number }>(sql`SELECT id FROM comments WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) ORDER BY id`)).map((row) => row.id);

describe('the retention clean-up', () => {
  it("deletes held comments after the site's held days and rejected or spam ones after its rejected days, never approved ones", async () => {
    const site = await createSite(t.db);
    const article = await createArticle(t.db, site.id);
    const start = clock;
    const approved = await commentAt(t.db, article.id, { status: 'approved', at: start });
    const held = await commentAt(t.db, article.id, { status: 'pending', heldReason: 'pre-moderation', at: start });
    const rejected = await commentAt(t.db, article.id, { status: 'rejected', at: start + 10 * DAY_MS });
    const spam = await commentAt(t.db, article.id, { status: 'spam', at: start + 10 * DAY_MS });
    const all = [approved, held, rejected, spam];

    const first = await enforceRetention({ db: t.db, now: start + 90 * DAY_MS });
    expect(await existing(all)).toEqual(all);
    expect(first).toMatchObject({ heldComments: 0, rejectedComments: 0 });

    const second = await enforceRetention({ db: t.db, now: start + 90 * DAY_MS + 1 });
    expect(await existing(all)).toEqual([approved, rejected, spam]);
    expect(second).toMatchObject({ heldComments: 1, rejectedComments: 0 });

    expect(await enforceRetention({ db: t.db, now: start + 100 * DAY_MS })).toMatchObject({ heldComments: 0, rejectedComments: 0 });
    const third = await enforceRetention({ db: t.db, now: start + 100 * DAY_MS + 1 });
    expect(await existing(all)).toEqual([approved]);
    expect(third).toMatchObject({ heldComments: 0, rejectedComments: 2 });

    expect(await enforceRetention({ db: t.db, now: start + 1000 * DAY_MS })).toMatchObject({ heldComments: 0, rejectedComments: 0 });
    expect(await existing(all)).toEqual([approved]);
  });

  it("follows each site's own settings, and lifts replies of a deleted comment to the top level with counts exact", async () => {
    const strict = await createSite(t.db, { settings: { heldCommentRetentionDays: 1, rejectedCommentRetentionDays: 7 } });
    const lenient = await createSite(t.db, { settings: { heldCommentRetentionDays: 365 } });
    const strictArticle = await createArticle(t.db, strict.id);
    const lenientArticle = await createArticle(t.db, lenient.id);
    const start = clock;
    const strictHeld = await commentAt(t.db, strictArticle.id, { status: 'pending', at: start });
    const lenientHeld = await commentAt(t.db, lenientArticle.id, { status: 'pending', at: start });
    const rejected = await commentAt(t.db, strictArticle.id, { status: 'rejected', at: start });
    const reply = await commentAt(t.db, strictArticle.id, { status: 'approved', at: start, parentId: rejected, reader: 'another-reader' });

    await enforceRetention({ db: t.db, now: start + 2 * DAY_MS });
    expect(await existing([strictHeld, lenientHeld, rejected, reply])).toEqual([lenientHeld, rejected, reply]);
    await enforceRetention({ db: t.db, now: start + 8 * DAY_MS });
    expect(await existing([strictHeld, lenientHeld, rejected, reply])).toEqual([lenientHeld, reply]);
    expect(await t.db.all(sql`SELECT parent_id AS parentId, status FROM comments WHERE id = ${reply}`)).toEqual([{ parentId: null, status: 'approved' }]);
    const drift = await t.db.all(sql`SELECT a.id FROM articles a
      WHERE a.comment_count <> (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')`);
    expect(drift).toEqual([]);
  });

  it("deletes the limiter's network keys after the shortest network retention of any site, keeping recent ones", async () => {
    const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
    const article = await createArticle(t.db, site.id);
    const start = clock;
    const vote = await t.call('PUT', `/v1/sites/${site.id}/articles/${article.externalId}/vote`, { reader: readerToken(), reaction: 'a' });
    expect(vote.status).toBe(200);
    const posted = await t.call('POST', `/v1/sites/${site.id}/articles/${article.externalId}/comments`, { reader: readerToken(), name: 'Rina', body: 'Halo.' });
    expect(posted.status).toBe(201);
    const keys = () => t.db.all(sql`SELECT key FROM rate_limits WHERE window_start >= ${start}`);
    const written = (await keys()).length;
    expect(written).toBeGreaterThan(0);

    // Every site so far keeps network keys 2 days (the default): a day later they stay.
    expect((await enforceRetention({ db: t.db, now: start + DAY_MS })).networkKeys).toBe(0);
    expect(await keys()).toHaveLength(written);

    // One site asking for a single day is enough: the keys name no site.
    await updateSiteSettings(t.db, (await createSite(t.db)).id, { networkKeyRetentionDays: 1 });
    expect((await enforceRetention({ db: t.db, now: start + DAY_MS + 1 })).networkKeys).toBe(written);
    expect(await keys()).toEqual([]);
  });
});

describe('retention settings', () => {
  it('have defaults, change through the settings API, and refuse out-of-range days naming the field, changing nothing', async () => {
    const site = await createSite(t.db);
    const admin = await keyHeader(t.db, site.id, 'admin');
    const url = `/v1/newsroom/sites/${site.id}/settings`;
    expect((await t.call('GET', url, undefined, admin)).body.settings).toMatchObject({ heldCommentRetentionDays: 90, rejectedCommentRetentionDays: 90, networkKeyRetentionDays: 2 });

    const changed = await t.call('PATCH', url, { settings: { heldCommentRetentionDays: 30, networkKeyRetentionDays: 1 } }, admin);
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toMatchObject({ heldCommentRetentionDays: 30, rejectedCommentRetentionDays: 90, networkKeyRetentionDays: 1 });

    for (const [field, value] of [['heldCommentRetentionDays', 0], ['rejectedCommentRetentionDays', 3651], ['networkKeyRetentionDays', 31], ['networkKeyRetentionDays', 1.5], ['heldCommentRetentionDays', '30']] as const) {
      const refused = await t.call('PATCH', url, { settings: { [field]: value } }, admin);
      expect(refused.status, `${field}=${value}`).toBe(400);
      expect(JSON.stringify(refused.body.error.details), `${field}=${value}`).toContain(field);
    }
    expect((await t.call('GET', url, undefined, admin)).body.settings).toMatchObject({ heldCommentRetentionDays: 30, networkKeyRetentionDays: 1 });
  });

  it('a viewer key cannot change them', async () => {
    const site = await createSite(t.db);
    const viewer = await keyHeader(t.db, site.id, 'viewer');
    const refused = await t.call('PATCH', `/v1/newsroom/sites/${site.id}/settings`, { settings: { heldCommentRetentionDays: 1 } }, viewer);
    expect(refused.status).toBe(403);
  });
});

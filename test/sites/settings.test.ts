import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultSiteSettings } from '../../src/sites/schemas';
import { loadSite } from '../../src/sites/service';
import { readerToken, testApp } from '../helpers/app';
import { createArticle, createSite, forgetCachedSite } from '../helpers/factories';

/**
 * Issue 12: one invalid stored settings field used to reset every setting to its default, so a
 * pre-moderated site quietly became post-moderated and nothing was logged. Stored settings are
 * written here with SQL, as an old version, a hand edit or a bad migration would leave them.
 */
const { db, call, logs } = await testApp();

async function storeSettings(siteId: string, settings: string) {
  await db.run(sql`UPDATE sites SET settings = ${settings} WHERE id = ${siteId}`);
  forgetCachedSite(db, siteId);
}

describe('stored settings that fail validation', () => {
  it('keep pre-moderation when another field is bad, and say which field was repaired', async () => {
    const site = await createSite(db);
    const article = await createArticle(db, site.id);
    await storeSettings(site.id, JSON.stringify({ moderationMode: 'pre', commentsPerDay: 'lots', editWindowMinutes: 5 }));
    logs.length = 0;
    const loaded = await loadSite({ db, siteId: site.id });
    expect(loaded.settings.moderationMode).toBe('pre');
    expect(loaded.settings.editWindowMinutes).toBe(5);
    expect(loaded.settings.commentsPerDay).toBe(defaultSiteSettings.commentsPerDay);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', siteId: site.id, fields: ['commentsPerDay'] }));

    const posted = await call('POST', `/v1/sites/${site.id}/articles/${article.externalId}/comments`, { reader: readerToken(), name: 'Budi', body: 'Tulisan yang bagus.' });
    expect(posted.status).toBe(201);
    expect(posted.body.comment.pending).toBe(true);
  });

  it('repair each bad field on its own, nested ones included, and leave valid settings unlogged', async () => {
    const site = await createSite(db);
    await storeSettings(site.id, JSON.stringify({ moderationMode: 'sometimes', resultVisibility: 'after-vote', bannedWords: ['ok', 7], commentsEnabled: false }));
    logs.length = 0;
    const { settings } = await loadSite({ db, siteId: site.id });
    expect(settings).toMatchObject({ moderationMode: 'post', resultVisibility: 'after-vote', bannedWords: null, commentsEnabled: false });
    expect(logs.find((line) => line.siteId === site.id)?.fields).toEqual(['moderationMode', 'bannedWords']);

    const fine = await createSite(db, { settings: { moderationMode: 'first-comment' } });
    logs.length = 0;
    expect((await loadSite({ db, siteId: fine.id })).settings.moderationMode).toBe('first-comment');
    expect(logs).toEqual([]);
  });

  it('fall back to the defaults as a whole only when the stored value is not an object at all', async () => {
    const site = await createSite(db);
    await storeSettings(site.id, JSON.stringify('pre-moderation'));
    logs.length = 0;
    expect((await loadSite({ db, siteId: site.id })).settings).toEqual(defaultSiteSettings);
    expect(logs).toContainEqual(expect.objectContaining({ siteId: site.id, fields: ['settings'] }));
  });
});

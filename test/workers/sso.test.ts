import { sql } from 'drizzle-orm';
import { Jwt } from 'hono/utils/jwt';
import { describe, expect, it } from 'vitest';
import { createArticle, createSite } from '../helpers/factories';
import { call, db, readerToken } from './helpers';

const admin = { authorization: 'Bearer workers-instance-admin-key-0123456789' };

/**
 * Signed-in commenting and house rules on workerd + D1: the SSO secret derived with WebCrypto
 * (no node:crypto there), Hono's JWT helper, and the versioned rules written with json_set and
 * recorded by INSERT … SELECT … ON CONFLICT in the comment's batch.
 */
describe('signed-in comments and house rules on workerd + D1', () => {
  it('posts as the signed-in reader after agreeing to the rules, and refuses a forged token', async () => {
    const site = await createSite(db, { settings: { commentIntervalSeconds: 0 } });
    const article = await createArticle(db, site.id);
    const { secret } = (await call('POST', `/v1/newsroom/sites/${site.id}/sso/secret`, undefined, admin)).body;
    expect((await call('PATCH', `/v1/newsroom/sites/${site.id}/settings`, { settings: { commentIdentity: 'sso-required', ssoLoginUrl: 'https://news.example/masuk' } }, admin)).status).toBe(200);
    expect((await call('PUT', `/v1/newsroom/sites/${site.id}/rules`, { text: { id: 'Tanpa hoaks.', en: 'No hoaxes.' } }, admin)).body.rules.version).toBe(1);
    const now = Math.floor(Date.now() / 1000);
    const ssoToken = await Jwt.sign({ sub: 'akun-1', name: 'Rina', iat: now, exp: now + 600 }, secret, 'HS256');
    const path = `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/comments`;

    expect((await call('POST', path, { reader: readerToken(), name: 'Budi', body: 'Tanpa akun.' })).body.error.code).toBe('sso_required');
    expect((await call('POST', path, { reader: readerToken(), ssoToken, body: 'Belum setuju.' })).body.error.code).toBe('rules_not_agreed');
    const posted = await call('POST', path, { reader: readerToken(), ssoToken, body: 'Setuju dan berkomentar.', rulesVersion: 1 });
    expect(posted.status).toBe(201);
    expect(posted.body.comment).toMatchObject({ authorName: 'Rina', verified: true });
    expect(await db.all(sql`SELECT version FROM rules_agreements WHERE site_id = ${site.id}`)).toEqual([{ version: 1 }]);

    const forged = await Jwt.sign({ sub: 'akun-1', name: 'Rina', iat: now, exp: now + 600 }, 'sso_not-the-secret', 'HS256');
    const refused = await call('POST', `/v1/sites/${site.id}/sso/verify`, { token: forged });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'sso_token_forged']);
    expect((await call('POST', `/v1/sites/${site.id}/sso/verify`, { token: ssoToken })).body.agreedRulesVersion).toBe(1);
  });
});

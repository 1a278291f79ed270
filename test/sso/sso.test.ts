import { sql } from 'drizzle-orm';
import { Jwt } from 'hono/utils/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEN_TOKEN_RETENTION_MS } from '../../src/sso/service';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';

/**
 * Issue 14, part 1: signed-in commenting through the site's own accounts. The site's login
 * signs a short-lived HS256 token with the secret the newsroom made; the server stores only
 * keyed hashes, shows the token's name with a verified badge, and refuses every bad token in
 * its own words. Time comes from the injected clock, never the system's.
 */

const ADMIN_KEY = 'sso-test-instance-admin-key-0123456789';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
let t: TestApp;
let clock = Date.UTC(2026, 11, 1, 8, 0, 0);
const seconds = () => Math.floor(clock / 1000);

beforeAll(async () => {
  t = await testApp({ now: () => clock, config: { adminKey: ADMIN_KEY } });
});

/** A site in the given mode, with its secret made through the newsroom API and a login URL. */
async function ssoSite(identity: 'sso-optional' | 'sso-required' = 'sso-required') {
  const created = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
  const made = await t.call('POST', `/v1/newsroom/sites/${created.id}/sso/secret`, undefined, admin);
  expect(made.status).toBe(201);
  const patched = await t.call(
    'PATCH',
    `/v1/newsroom/sites/${created.id}/settings`,
    { settings: { commentIdentity: identity, ssoLoginUrl: 'https://news.example/masuk' } },
    admin,
  );
  expect(patched.status).toBe(200);
  const article = await createArticle(t.db, created.id);
  const base = `/v1/sites/${created.id}`;
  return {
    id: created.id,
    secret: made.body.secret as string,
    list: () => t.call('GET', `${base}/articles/${encodeURIComponent(article.externalId)}/comments`),
    fragment: async () => (await t.app.request(`${base}/articles/${encodeURIComponent(article.externalId)}/fragment`)).text(),
    post: (body: Record<string, unknown>) => t.call('POST', `${base}/articles/${encodeURIComponent(article.externalId)}/comments`, body),
    verify: (token: string, lang?: string) => t.call('POST', `${base}/sso/verify`, { token, ...(lang ? { lang } : {}) }),
  };
}

/** A token as the site's login would sign it: valid for an hour from the injected clock unless overridden. */
function token(secret: string, claims: Record<string, unknown> = {}) {
  return Jwt.sign({ sub: 'user-4711', name: 'Rina Wartawati', iat: seconds(), exp: seconds() + 3600, ...claims }, secret, 'HS256');
}

describe('SSO secret', () => {
  it('is shown once when made; the settings only say when, and the database holds neither secret nor anything it could be read from alone', async () => {
    const s = await ssoSite();
    expect(s.secret).toMatch(/^sso_[A-Za-z0-9_-]{43}$/);
    const detail = await t.call('GET', `/v1/newsroom/sites/${s.id}/settings`, undefined, admin);
    expect(detail.body.ssoSecretRotatedAt).toBe(clock);
    expect(JSON.stringify(detail.body)).not.toContain(s.secret);
    const stored = await t.db.all(sql`SELECT * FROM site_sso_secrets WHERE site_id = ${s.id}`);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(s.secret.slice(4));
  });

  it('rotating it refuses tokens signed with the old one at once', async () => {
    const s = await ssoSite();
    const old = await token(s.secret);
    expect((await s.verify(old)).status).toBe(200);
    const rotated = await t.call('POST', `/v1/newsroom/sites/${s.id}/sso/secret`, undefined, admin);
    expect(rotated.body.secret).not.toBe(s.secret);
    expect((await s.verify(old)).body.error.code).toBe('sso_token_forged');
    expect((await s.verify(await token(rotated.body.secret))).status).toBe(200);
  });

  it('an SSO mode cannot be chosen before a secret exists, nor sso-required without a login URL', async () => {
    const bare = await createSite(t.db);
    const noSecret = await t.call('PATCH', `/v1/newsroom/sites/${bare.id}/settings`, { settings: { commentIdentity: 'sso-optional' } }, admin);
    expect(noSecret.status).toBe(422);
    expect(noSecret.body.error.details[0].path).toBe('settings.commentIdentity');
    await t.call('POST', `/v1/newsroom/sites/${bare.id}/sso/secret`, undefined, admin);
    const noLogin = await t.call('PATCH', `/v1/newsroom/sites/${bare.id}/settings`, { settings: { commentIdentity: 'sso-required' } }, admin);
    expect(noLogin.status).toBe(422);
    expect(noLogin.body.error.details[0].path).toBe('settings.ssoLoginUrl');
    const badUrl = await t.call('PATCH', `/v1/newsroom/sites/${bare.id}/settings`, { settings: { ssoLoginUrl: 'javascript:alert(1)' } }, admin);
    expect(badUrl.status).toBe(400);
    expect((await t.call('GET', `/v1/newsroom/sites/${bare.id}/settings`, undefined, admin)).body.settings.commentIdentity).toBe('anonymous');
  });
});

describe('checking a token', () => {
  it("answers with the token's name, its expiry and no rules agreed yet", async () => {
    const s = await ssoSite();
    const checked = await s.verify(await token(s.secret));
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ name: 'Rina Wartawati', verified: true, expiresAt: new Date((seconds() + 3600) * 1000).toISOString(), agreedRulesVersion: null });
    expect(checked.headers.get('cache-control')).toContain('no-store');
  });

  it('refuses each bad token with its own code and a message that says what happened, in Indonesian or English', async () => {
    const s = await ssoSite();
    const other = await ssoSite();
    const refusals = {
      forged: await s.verify(await token('sso_someone-elses-guess-at-the-secret-000000000')),
      wrongSite: await s.verify(await token(other.secret, { aud: other.id })),
      expired: await s.verify(await token(s.secret, { iat: seconds() - 7200, exp: seconds() - 60 })),
      tooLong: await s.verify(await token(s.secret, { exp: seconds() + 25 * 3600 })),
      future: await s.verify(await token(s.secret, { iat: seconds() + 3600, exp: seconds() + 7200 })),
      noName: await s.verify(await token(s.secret, { name: '' })),
      unsigned: await s.verify(`${btoa('{"alg":"none","typ":"JWT"}').replace(/=+$/, '')}.${btoa(JSON.stringify({ sub: 'x', name: 'x', exp: seconds() + 60 })).replace(/=+$/, '')}.`),
    };
    expect(Object.fromEntries(Object.entries(refusals).map(([name, answer]) => [name, [answer.status, answer.body.error.code]]))).toEqual({
      forged: [401, 'sso_token_forged'],
      wrongSite: [401, 'sso_token_wrong_site'],
      expired: [401, 'sso_token_expired'],
      tooLong: [401, 'sso_token_invalid'],
      future: [401, 'sso_token_invalid'],
      noName: [401, 'sso_token_invalid'],
      unsigned: [401, 'sso_token_invalid'],
    });
    expect(refusals.forged.body.error.message).toContain('tidak ditandatangani dengan kunci SSO situs ini');
    expect(refusals.wrongSite.body.error.message).toContain(`dibuat untuk situs lain (${other.id})`);
    expect(refusals.expired.body.error.message).toContain('kedaluwarsa');
    expect(refusals.tooLong.body.error.message).toContain('24 jam');
    expect(refusals.noName.body.error.details[0].path).toBe('token.name');
    const english = await s.verify(await token('sso_someone-elses-guess-at-the-secret-000000000'), 'en');
    expect(english.body.error.message).toBe("This sign-in token was not signed with this site's SSO secret, so it is refused. Sign in again through the site.");
  });

  it('tells a token replayed after it expired from one that arrived expired, and forgets it a week later', async () => {
    const s = await ssoSite();
    const used = await token(s.secret, { exp: seconds() + 600 });
    expect((await s.verify(used)).status).toBe(200);
    clock += 601_000;
    const replayed = await s.verify(used);
    expect([replayed.status, replayed.body.error.code]).toEqual([401, 'sso_token_replayed']);
    expect(replayed.body.error.message).toBe('Sesi masuk Anda sudah berakhir. Masuk lagi untuk berkomentar.');
    // Another site's check prunes what is a week past its expiry; the token is then only "expired".
    clock += SEEN_TOKEN_RETENTION_MS;
    const later = await ssoSite();
    expect((await later.verify(await token(later.secret))).status).toBe(200);
    expect((await s.verify(used)).body.error.code).toBe('sso_token_expired');
  });

  it('refuses tokens on a site that does not use SSO, and bad input names the field', async () => {
    const anonymous = await createSite(t.db);
    const article = await createArticle(t.db, anonymous.id);
    expect((await t.call('GET', `/v1/sites/${anonymous.id}/articles/${encodeURIComponent(article.externalId)}/comments`)).body.form).toBeNull();
    const answer = await t.call('POST', `/v1/sites/${anonymous.id}/sso/verify`, { token: 'a.b.c' });
    expect([answer.status, answer.body.error.code]).toEqual([422, 'sso_not_enabled']);
    const s = await ssoSite();
    const bad = await t.call('POST', `/v1/sites/${s.id}/sso/verify`, { token: 'not a jwt' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('token');
    const huge = await t.call('POST', `/v1/sites/${s.id}/sso/verify`, { token: `${'a'.repeat(3000)}.b.c` });
    expect(huge.status).toBe(400);
  });
});

describe('commenting signed in', () => {
  it("an sso-required site refuses a comment without a token, and the form says so and where to sign in", async () => {
    const s = await ssoSite('sso-required');
    const refused = await s.post({ reader: readerToken(), name: 'Budi', body: 'Boleh ikut?' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'sso_required']);
    expect(refused.body.error.message).toBe('Masuk dulu dengan akun Anda di situs ini untuk berkomentar.');
    expect((await s.list()).body.form).toEqual({ identity: 'sso-required', loginUrl: 'https://news.example/masuk', rules: null });
    expect(await t.db.all(sql`SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.site_id = ${s.id}`)).toEqual([]);
  });

  it("posts under the token's name with a verified badge, storing only a keyed hash of the account", async () => {
    const s = await ssoSite('sso-required');
    const posted = await s.post({ reader: readerToken(), name: 'Nama Ketikan', ssoToken: await token(s.secret), body: 'Terima kasih atas liputannya.' });
    expect(posted.status).toBe(201);
    expect(posted.body.comment).toMatchObject({ authorName: 'Rina Wartawati', verified: true });
    const listed = (await s.list()).body.comments[0];
    expect(listed).toMatchObject({ authorName: 'Rina Wartawati', verified: true });
    const [stored] = await t.db.all<{ sso_user_hash: string }>(sql`SELECT * FROM comments WHERE id = ${posted.body.comment.id}`);
    expect(stored!.sso_user_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain('user-4711');
    expect(await s.fragment()).toContain('<strong>Rina Wartawati</strong> <span class="verified" title="akun terverifikasi">✓</span>');
  });

  it('on an sso-optional site anonymous comments stay unverified and a bad token is refused, not ignored', async () => {
    const s = await ssoSite('sso-optional');
    const anonymous = await s.post({ reader: readerToken(), name: 'Budi', body: 'Tanpa akun.' });
    expect(anonymous.body.comment.verified).toBe(false);
    expect(await s.fragment()).not.toContain('class="verified"');
    const expired = await s.post({ reader: readerToken(), ssoToken: await token(s.secret, { iat: seconds() - 7200, exp: seconds() - 1 }), body: 'Token lama.' });
    expect([expired.status, expired.body.error.code]).toEqual([401, 'sso_token_expired']);
    const forged = await s.post({ reader: readerToken(), ssoToken: await token('sso_forged-forged-forged-forged-forged-forged-0'), body: 'Palsu.' });
    expect([forged.status, forged.body.error.code]).toEqual([401, 'sso_token_forged']);
    expect((await s.list()).body.total).toBe(1);
  });

  it('a comment needs a name or a token, and votes take no token: they stay anonymous', async () => {
    const s = await ssoSite('sso-optional');
    const nameless = await s.post({ reader: readerToken(), body: 'Siapa saya?' });
    expect(nameless.status).toBe(400);
    expect(nameless.body.error.details[0].path).toBe('name');
    const vote = await t.call('PUT', `/v1/sites/${s.id}/articles/sso-vote/vote`, { reader: readerToken(), reaction: 'a', ssoToken: await token(s.secret) });
    expect(vote.status).toBe(400);
  });
});

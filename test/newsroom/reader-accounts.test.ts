import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app';
import { createSite } from '../helpers/factories';
import { dashboardSession, postForm } from '../helpers/newsroom';
import type { Role } from '../../src/newsroom/access/service';

/**
 * The dashboard's "Reader accounts and comment rules" panel (issue 14, parts 1–2): the mode,
 * the login URL, the SSO secret shown once, and the house rules, each through a form.
 */

const { db, app } = await testApp();
const site = await createSite(db, { name: 'Kabar Kita' });
const base = `/newsroom/sites/${site.id}`;

const signedIn = (role: Role) => dashboardSession({ db, app }, site.id, role);

const post = (path: string, session: { cookie: string; csrf?: string }, fields: Record<string, string> = {}) =>
  postForm({ app }, path, session.cookie, { ...(session.csrf ? { _csrf: session.csrf } : {}), ...fields });

const settingsPage = async (cookie: string) => (await app.request(`${base}/settings`, { headers: { cookie } })).text();

describe('reader accounts panel', () => {
  it('refuses an SSO mode before a secret exists, with the reason beside the field', async () => {
    const admin = await signedIn('admin');
    const refused = await post(`${base}/settings/identity`, admin, { commentIdentity: 'sso-required', ssoLoginUrl: 'https://news.example/masuk' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Buat kunci SSO dulu');
    expect(await settingsPage(admin.cookie)).toContain('Belum ada kunci SSO.');
  });

  it('shows a new SSO secret once, then only when it was made; the mode can then be chosen', async () => {
    const admin = await signedIn('admin');
    const made = await post(`${base}/settings/sso-secret`, admin);
    expect(made.status).toBe(201);
    const secret = /data-testid="new-secret">(sso_[A-Za-z0-9_-]+)/.exec(await made.text())?.[1];
    expect(secret).toBeDefined();
    const page = await settingsPage(admin.cookie);
    expect(page).not.toContain(secret!);
    expect(page).toContain('Kunci dibuat');
    expect(page).toContain('Ganti kunci SSO');
    const saved = await post(`${base}/settings/identity`, admin, { commentIdentity: 'sso-required', ssoLoginUrl: 'https://news.example/masuk' });
    expect(saved.status).toBe(303);
    expect(await settingsPage(admin.cookie)).toMatch(/<option value="sso-required" selected/);
  });

  it('saves house rules with their version, names a bad field, and removes them', async () => {
    const admin = await signedIn('admin');
    const bad = await post(`${base}/settings/rules`, admin, { textId: '', textEn: 'Be civil.', url: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('text.id must not be empty.');
    expect((await post(`${base}/settings/rules`, admin, { textId: 'Dilarang hoaks dan SARA.', textEn: 'No hoaxes or hate speech.', url: 'https://news.example/aturan' })).status).toBe(303);
    const page = await settingsPage(admin.cookie);
    expect(page).toContain('Versi 1');
    expect(page).toContain('Dilarang hoaks dan SARA.');
    expect((await post(`${base}/settings/rules/remove`, admin)).status).toBe(303);
    expect(await settingsPage(admin.cookie)).not.toContain('Versi 1');
  });

  it('is for admins only, and every form needs the CSRF token', async () => {
    const moderator = await signedIn('moderator');
    expect((await post(`${base}/settings/sso-secret`, moderator)).status).toBe(403);
    const admin = await signedIn('admin');
    expect((await post(`${base}/settings/rules`, { cookie: admin.cookie }, { textId: 'a', textEn: 'b' })).status).toBe(403);
  });
});

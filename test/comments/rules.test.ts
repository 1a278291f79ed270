import { sql } from 'drizzle-orm';
import { Jwt } from 'hono/utils/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createCommentSite } from '../helpers/factories';

/**
 * Issue 14, part 2: house rules. A site's rules are shown at the form; a commenter's first
 * comment under a rules version needs their agreement, which is stored (version and time)
 * with the comment; editing the text bumps the version and asks everyone again.
 */

const ADMIN_KEY = 'rules-test-instance-admin-key-0123456789';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
let t: TestApp;
let clock = Date.UTC(2026, 11, 1, 9, 0, 0);

beforeAll(async () => {
  t = await testApp({ now: () => clock, config: { adminKey: ADMIN_KEY } });
});

const RULES = {
  text: { id: 'Dilarang hoaks, fitnah, dan ujaran kebencian SARA.', en: 'No hoaxes, slander or hate speech on ethnicity, religion, race or group.' },
  url: 'https://news.example/pedoman-komentar',
};

async function site(settings: Record<string, unknown> = {}) {
  const created = await createCommentSite(t, settings);
  return {
    ...created,
    setRules: (body: unknown, headers: Record<string, string> = admin) => t.call('PUT', `/v1/newsroom/sites/${created.id}/rules`, body, headers),
    removeRules: () => t.call('DELETE', `/v1/newsroom/sites/${created.id}/rules`, undefined, admin),
    agreements: () => t.db.all<{ author_hash: string; version: number; agreed_at: number }>(sql`SELECT * FROM rules_agreements WHERE site_id = ${created.id} ORDER BY agreed_at`),
  };
}

describe('house rules', () => {
  it('are set by an admin, shown with the form in both languages, and start at version 1', async () => {
    const s = await site();
    expect((await s.list()).body.form).toBeNull();
    const set = await s.setRules(RULES);
    expect(set.status).toBe(200);
    expect(set.body.rules).toEqual({ version: 1, ...RULES });
    expect((await s.list()).body.form.rules).toEqual({ version: 1, ...RULES });
  });

  it("a reader's first comment needs the tick; the agreement's version and time are stored with it, and later comments need nothing", async () => {
    const s = await site();
    await s.setRules(RULES);
    const reader = readerToken();
    const unticked = await s.post({ reader, body: 'Komentar pertama.' });
    expect([unticked.status, unticked.body.error.code]).toEqual([422, 'rules_not_agreed']);
    expect(unticked.body.error.message).toBe('Baca aturan komentar situs ini lalu centang persetujuan Anda sebelum mengirim komentar pertama.');
    expect(unticked.body.error.details[0].path).toBe('rulesVersion');
    expect(await s.agreements()).toEqual([]);
    expect((await s.list()).body.total).toBe(0);

    clock += 60_000;
    const ticked = await s.post({ reader, body: 'Komentar pertama.', rulesVersion: 1 });
    expect(ticked.status).toBe(201);
    expect(await s.agreements()).toEqual([expect.objectContaining({ version: 1, agreed_at: clock })]);
    expect(JSON.stringify(await s.agreements())).not.toContain(reader);
    expect((await s.post({ reader, body: 'Komentar kedua.' })).status).toBe(201);
    const own = await t.call('GET', `/v1/sites/${s.id}/articles/${encodeURIComponent((await s.list()).body.article.id)}/comments?reader=${reader}`);
    expect(own.body.form.agreedRulesVersion).toBe(1);
    const stranger = await t.call('GET', `/v1/sites/${s.id}/articles/${encodeURIComponent((await s.list()).body.article.id)}/comments?reader=${readerToken()}`);
    expect(stranger.body.form.agreedRulesVersion).toBeNull();
    expect((await s.list()).body.form).not.toHaveProperty('agreedRulesVersion');
    expect((await s.post({ reader: readerToken(), body: 'Pembaca lain.' })).status).toBe(422);
  });

  it('editing the text bumps the version and asks again (saying the rules changed); changing only the link does not', async () => {
    const s = await site();
    await s.setRules(RULES);
    const reader = readerToken();
    expect((await s.post({ reader, body: 'Setuju versi 1.', rulesVersion: 1 })).status).toBe(201);
    expect((await s.setRules({ ...RULES, url: 'https://news.example/aturan' })).body.rules.version).toBe(1);
    expect((await s.post({ reader, body: 'Tautan baru, versi sama.' })).status).toBe(201);

    const edited = await s.setRules({ ...RULES, text: { ...RULES.text, id: `${RULES.text.id} Hormati sesama pembaca.` } });
    expect(edited.body.rules.version).toBe(2);
    const stale = await s.post({ reader, body: 'Masih versi 1.', rulesVersion: 1 });
    expect([stale.status, stale.body.error.code]).toEqual([422, 'rules_not_agreed']);
    expect(stale.body.error.message).toContain('baru saja diperbarui');
    expect((await s.post({ reader, body: 'Setuju versi 2.', rulesVersion: 2 })).status).toBe(201);
    expect((await s.agreements()).map((row) => row.version)).toEqual([1, 2]);
  });

  it('removed rules ask nothing; set again they take a new version, so old agreements do not count', async () => {
    const s = await site();
    await s.setRules(RULES);
    const reader = readerToken();
    await s.post({ reader, body: 'Setuju.', rulesVersion: 1 });
    expect((await s.removeRules()).status).toBe(204);
    expect((await s.list()).body.form).toBeNull();
    expect((await s.post({ reader: readerToken(), body: 'Tanpa aturan.' })).status).toBe(201);
    const again = await s.setRules(RULES);
    expect(again.body.rules.version).toBe(2);
    expect((await s.post({ reader, body: 'Aturan kembali.' })).status).toBe(422);
  });

  it('a signed-in commenter agrees once for their account, on any device', async () => {
    const s = await site();
    const { secret } = (await t.call('POST', `/v1/newsroom/sites/${s.id}/sso/secret`, undefined, admin)).body;
    await t.call('PATCH', `/v1/newsroom/sites/${s.id}/settings`, { settings: { commentIdentity: 'sso-optional' } }, admin);
    await s.setRules(RULES);
    const now = Math.floor(clock / 1000);
    const ssoToken = await Jwt.sign({ sub: 'akun-12', name: 'Rina', iat: now, exp: now + 600 }, secret, 'HS256');
    expect((await s.post({ reader: readerToken(), ssoToken, body: 'Dari ponsel.', rulesVersion: 1 })).status).toBe(201);
    expect((await s.post({ reader: readerToken(), ssoToken, body: 'Dari laptop.' })).status).toBe(201);
    const checked = await t.call('POST', `/v1/sites/${s.id}/sso/verify`, { token: ssoToken });
    expect(checked.body.agreedRulesVersion).toBe(1);
  });

  it('an agreement is in the reader\'s export and goes with them when they erase their data', async () => {
    const s = await site();
    await s.setRules(RULES);
    const reader = readerToken();
    await s.post({ reader, body: 'Sebentar saja.', rulesVersion: 1 });
    expect(await s.agreements()).toHaveLength(1);
    const exported = await t.call('GET', `/v1/sites/${s.id}/readers/me/export?reader=${reader}`);
    expect(exported.body.agreements).toEqual([{ site: s.id, version: 1, agreedAt: new Date(clock).toISOString() }]);
    expect((await t.call('DELETE', `/v1/sites/${s.id}/readers/me`, { reader })).status).toBe(200);
    expect(await s.agreements()).toEqual([]);
    expect((await t.call('GET', `/v1/sites/${s.id}/readers/me/export?reader=${reader}`)).body.agreements).toEqual([]);
  });

  it('refuses bad rules naming the field, other fields, and a version set by hand through the settings', async () => {
    const s = await site();
    const empty = await s.setRules({ text: { id: ' ', en: 'Rules' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('text.id');
    expect((await s.setRules({ text: RULES.text, url: 'javascript:alert(1)' })).status).toBe(400);
    expect((await s.setRules({ text: { ...RULES.text, id: 'x'.repeat(2001) } })).status).toBe(400);
    const sneaky = await t.call('PATCH', `/v1/newsroom/sites/${s.id}/settings`, { settings: { houseRules: { version: 99, text: RULES.text, url: null, updatedAt: 0 } } }, admin);
    expect(sneaky.status).toBe(400);
    expect((await s.list()).body.form).toBeNull();
  });
});

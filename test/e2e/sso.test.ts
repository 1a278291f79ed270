import { Jwt } from 'hono/utils/jwt';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/db/node';
import { rotateSsoSecret } from '../../src/sso/service';
import { articleHtml, chromiumAvailable, E2E_SECRET, useBrowserStack } from '../helpers/e2e';

/** The widget's honeypot treats forms sent faster than this as bots. */
const HUMAN_PAUSE_MS = 2_100;
const LOGIN_URL = 'https://news.example/masuk';
const RULES = {
  version: 1,
  text: { id: 'Dilarang hoaks, fitnah, dan ujaran kebencian SARA.', en: 'No hoaxes, slander or hate speech.' },
  url: 'https://news.example/pedoman',
  updatedAt: 0,
};

/**
 * Issue 14's "done when", in Chromium on a page of another origin: on an `sso-required` site a
 * reader sees "Masuk untuk berkomentar"; once the page calls `Tanggap.signIn(<valid JWT>)` they
 * tick the house rules and post, and the comment shows the token's name and a verified badge; a
 * forged or expired token is refused with the server's message. `demo` requires sign-in and has
 * rules; `contoh` stays anonymous without rules, and never downloads account.js.
 */
describe.skipIf(!chromiumAvailable())('signed-in comments in a browser', () => {
  const e2e = useBrowserStack({
    demo: { commentIdentity: 'sso-required', ssoLoginUrl: LOGIN_URL, houseRules: RULES, commentIntervalSeconds: 0 },
    contoh: { commentIntervalSeconds: 0 },
  });

  /** The SSO secret, made in the server's database as the newsroom's button would. */
  async function ssoSecret(): Promise<string> {
    const { client, db } = await openNodeDatabase(e2e.stack.database.url);
    try {
      return (await rotateSsoSecret({ db, secret: E2E_SECRET, siteId: 'demo', now: Date.now() })).secret;
    } finally {
      client.close();
    }
  }

  const token = (secret: string, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return Jwt.sign({ sub: 'akun-81', name: 'Rina Wartawati', aud: 'demo', iat: now, exp: now + 3600, ...claims }, secret, 'HS256');
  };

  const section = (page: Page) => page.locator('tanggap-poll section.c');
  const status = (page: Page) => section(page).locator('p.s');

  async function open(path: string, site: string, article: string, fetched: string[] = []) {
    const page = await e2e.open(path, articleHtml(e2e.api, { site, article }), {
      timeout: 8_000,
      prepare: async (page) => page.on('request', (request) => fetched.push(new URL(request.url()).pathname)),
    });
    const toggle = section(page).locator('h3 button');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    return page;
  }

  it('asks a signed-out reader to sign in, then lets the signed-in reader tick the rules and post as verified', async () => {
    const secret = await ssoSecret();
    const fetched: string[] = [];
    const page = await open('/wajib-masuk', 'demo', 'e2e-sso', fetched);
    const login = section(page).getByRole('link', { name: 'Masuk untuk berkomentar' });
    await expect.poll(() => login.isVisible()).toBe(true);
    expect(await login.getAttribute('href')).toBe(LOGIN_URL);
    expect(await section(page).locator('form').isVisible()).toBe(false);
    expect(fetched.filter((path) => /^\/account\.[0-9a-f]+\.js$|^\/account\.js$/.test(path))).toHaveLength(1);

    await page.evaluate((jwt) => (window as unknown as { Tanggap: { signIn(token: string): void } }).Tanggap.signIn(jwt), await token(secret));
    await expect.poll(() => section(page).locator('form p.nt').first().textContent()).toBe('Masuk sebagai Rina Wartawati Keluar');
    expect(await login.isVisible()).toBe(false);
    expect(await section(page).getByLabel('Nama').isVisible()).toBe(false);
    const agree = section(page).getByLabel(/Saya setuju dengan aturan komentar/);
    expect(await agree.isVisible()).toBe(true);
    expect(await section(page).getByRole('link', { name: 'selengkapnya' }).getAttribute('href')).toBe(RULES.url);

    await page.waitForTimeout(HUMAN_PAUSE_MS);
    await section(page).getByLabel('Komentar Anda').fill('Terima kasih, liputannya berimbang.');
    await section(page).locator('button.sb').click();
    // The rules box is required: an unticked form is not sent.
    expect(await agree.evaluate((box) => (box as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(await status(page).textContent()).toBe('Belum ada komentar.');
    await agree.check();
    await section(page).locator('button.sb').click();
    await expect.poll(() => status(page).textContent()).toBe('Komentar terkirim.');
    const name = section(page).locator('li.m', { hasText: 'liputannya berimbang' }).locator('p.hd b');
    expect(await name.textContent()).toBe('Rina Wartawati');
    expect(await name.evaluate((node) => getComputedStyle(node, '::after').content)).toBe('" ✓ terverifikasi"');

    const stored = (await (await fetch(`${e2e.api}/v1/sites/demo/articles/e2e-sso/comments`)).json()) as { comments: unknown[] };
    expect(stored.comments[0]).toMatchObject({ authorName: 'Rina Wartawati', verified: true });
  });

  it('refuses a forged and an expired token with the server’s own message, and signs out on request', async () => {
    const secret = await ssoSecret();
    const page = await open('/token-buruk', 'demo', 'e2e-sso-bad');
    const signIn = async (jwt: string) => page.evaluate((value) => (window as unknown as { Tanggap: { signIn(token: string): void } }).Tanggap.signIn(value), jwt);

    await signIn(await token('sso_bukan-kunci-situs-ini-0000000000000000000000'));
    await expect.poll(() => status(page).textContent()).toBe('Token masuk ini tidak ditandatangani dengan kunci SSO situs ini, jadi ditolak. Masuk lagi melalui situs.');
    expect(await section(page).locator('form').isVisible()).toBe(false);

    const now = Math.floor(Date.now() / 1000);
    await signIn(await token(secret, { iat: now - 7200, exp: now - 60 }));
    await expect.poll(() => status(page).textContent()).toBe(
      'Token masuk sudah kedaluwarsa saat tiba. Masuk lagi; bila terus terjadi, periksa jam server login situs.',
    );

    await signIn(await token(secret));
    await expect.poll(() => section(page).locator('form').isVisible()).toBe(true);
    await section(page).getByRole('button', { name: 'Keluar' }).click();
    await expect.poll(() => section(page).getByRole('link', { name: 'Masuk untuk berkomentar' }).isVisible()).toBe(true);
    expect(await section(page).locator('form').isVisible()).toBe(false);
  });

  it('takes the token from data-sso-token, and a token handed over before the widget loaded', async () => {
    const secret = await ssoSecret();
    const jwt = await token(secret, { name: 'Dari Atribut' });
    const page = await e2e.open('/atribut', articleHtml(e2e.api, { site: 'demo', article: 'e2e-sso-attr', attrs: `data-sso-token="${jwt}"` }), { timeout: 8_000 });
    await section(page).locator('h3 button').click();
    await expect.poll(() => section(page).locator('form p.nt').first().textContent()).toBe('Masuk sebagai Dari Atribut Keluar');

    // window.Tanggap exists once widget.js has run: a page may call it on the script's load event.
    const early = await token(secret, { name: 'Sebelum Dimuat' });
    const html = articleHtml(e2e.api, { site: 'demo', article: 'e2e-sso-early', attrs: `onload="Tanggap.signIn('${early}')"` });
    const second = await e2e.open('/dini', html, { timeout: 8_000 });
    await section(second).locator('h3 button').click();
    await expect.poll(() => section(second).locator('form p.nt').first().textContent()).toBe('Masuk sebagai Sebelum Dimuat Keluar');
  });

  it('an anonymous site without rules shows the plain form and never fetches account.js', async () => {
    const fetched: string[] = [];
    const page = await open('/anonim', 'contoh', 'e2e-anon', fetched);
    await expect.poll(() => section(page).getByLabel('Nama').isVisible()).toBe(true);
    expect(await section(page).getByRole('link', { name: 'Masuk untuk berkomentar' }).count()).toBe(0);
    expect(fetched.some((path) => path.startsWith('/account'))).toBe(false);
    expect(await page.evaluate(() => typeof (window as unknown as { Tanggap?: object }).Tanggap)).toBe('object');
  });
});

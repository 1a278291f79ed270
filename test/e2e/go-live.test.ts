import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTanggap } from '../helpers/cli';
import { chromiumAvailable, useProductionBrowserStack } from '../helpers/e2e';
import { PRODUCTION_ADMIN_KEY } from '../helpers/prod-server';

/**
 * The first day in a real newsroom, end to end, as a new user would live it: build for
 * production, install with production dependencies only in a directory of its own, start with
 * NODE_ENV=production and the two secrets, create the site with the `tanggap` command, then a
 * reader on the newsroom's own origin votes and comments in Chromium and the newsroom API sees
 * the vote under the page's section and the page under "last seen".
 */

/** The widget's honeypot treats forms sent faster than this as bots. */
const HUMAN_PAUSE_MS = 2_100;

const articlePage = (api: string, article: string) => `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rupiah menguat</title>
<meta property="article:section" content="Ekonomi">
<meta property="article:author" content="Rina Wartawan">
<meta property="article:published_time" content="2026-11-30T08:00:00+07:00">
</head>
<body>
<h1>Rupiah menguat terhadap dolar</h1>
<p>Nilai tukar rupiah menguat pada perdagangan pagi ini.</p>
<script async src="${api}/widget.js" data-site="kabar" data-article="${article}"></script>
</body>
</html>`;

describe.skipIf(!chromiumAvailable())('going live on Node: production build, own domain, no SQL', () => {
  const prod = useProductionBrowserStack();
  let kabarOrigin: string;
  let strangerOrigin: string;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${prod.server.url}/v1/newsroom${path}`, { ...init, headers: { authorization: `Bearer ${PRODUCTION_ADMIN_KEY}`, ...init.headers } });

  beforeAll(() => {
    const hostPort = new URL(prod.host.origin).port;
    kabarOrigin = `http://kabar.localhost:${hostPort}`;
    strangerOrigin = `http://lain.localhost:${hostPort}`;
  });

  /** Opens `path` on `origin` (both names reach the same loopback host server). */
  async function open(origin: string, path: string, html: string): Promise<{ page: Page; problems: string[] }> {
    prod.host.pages.set(path, { html });
    const page = await (await prod.browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${origin}${path}`);
    return { page, problems };
  }

  it('starts with no demo site: the production database is empty of demo data', async () => {
    expect((await fetch(`${prod.server.url}/v1/sites/demo/articles/x/poll`)).status).toBe(404);
    const sites = (await (await admin('/sites')).json()) as { sites: { id: string }[] };
    expect(sites.sites.map((site) => site.id)).not.toContain('demo');
  });

  it('creates the site through the command, then a reader on its origin votes and comments, and the newsroom sees section and page', async () => {
    const created = await runTanggap(['site', 'create', 'kabar', '--name', 'Kabar Kita', '--origin', kabarOrigin], {
      TANGGAP_URL: prod.server.url,
      TANGGAP_ADMIN_KEY: PRODUCTION_ADMIN_KEY,
    });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`data-site="kabar"`);

    const { page, problems } = await open(kabarOrigin, '/ekonomi/rupiah-menguat', articlePage(prod.server.url, 'rupiah-menguat'));
    const poll = page.locator('tanggap-poll');
    await expect.poll(() => page.getByRole('radio', { name: /^Senang, 0 persen$/ }).count()).toBe(1);
    await page.getByRole('radio', { name: /^Senang/ }).click();
    await expect.poll(() => poll.locator('[role="status"]').textContent()).toContain('Anda memilih Senang');

    const comments = poll.locator('section.c');
    const toggle = comments.locator('h3 button');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await page.waitForTimeout(HUMAN_PAUSE_MS);
    await comments.getByLabel('Nama').fill('Dewi');
    await comments.getByLabel('Komentar Anda').fill('Semoga rupiah terus stabil sampai akhir tahun.');
    await comments.locator('button.sb').click();
    await expect.poll(() => comments.locator('p.s').textContent()).toBe('Komentar terkirim.');
    expect(problems).toEqual([]);

    const sections = (await (await admin('/sites/kabar/sections')).json()) as { sections: { section: string | null; votes: number; top: string | null }[] };
    expect(sections.sections).toEqual([expect.objectContaining({ section: 'Ekonomi', votes: 1, top: 'senang' })]);
    const listed = (await (await fetch(`${prod.server.url}/v1/sites/kabar/articles/rupiah-menguat/comments`)).json()) as { comments: { authorName: string; body: string }[] };
    expect(listed.comments).toEqual([expect.objectContaining({ authorName: 'Dewi', body: 'Semoga rupiah terus stabil sampai akhir tahun.' })]);

    const settings = (await (await admin('/sites/kabar/settings')).json()) as { lastSeen: { pages: { origin: string; path: string; lastSeenAt: number }[] } };
    expect(settings.lastSeen.pages).toEqual([expect.objectContaining({ origin: kabarOrigin, path: '/ekonomi/rupiah-menguat' })]);
  });

  it('refuses a page on an origin that is not on the list, clearly, and the settings count it', async () => {
    const refusals: { status: number; code?: string; message?: string }[] = [];
    prod.host.pages.set('/salinan', { html: articlePage(prod.server.url, 'rupiah-menguat') });
    const page = await (await prod.browser.newContext()).newPage();
    page.on('response', async (response) => {
      if (!response.url().includes('/v1/sites/kabar/')) return;
      const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
      refusals.push({ status: response.status(), ...body.error });
    });
    await page.goto(`${strangerOrigin}/salinan`);
    await expect.poll(() => page.locator('tanggap-poll .f').textContent()).toContain('Gagal memuat tanggapan.');
    // The refusal is readable where a developer looks (the console and network panel), naming the origin and the fix.
    await expect.poll(() => refusals).toEqual([expect.objectContaining({ status: 403, code: 'origin_not_allowed', message: expect.stringContaining(strangerOrigin) })]);
    expect(refusals[0]!.message).toContain('/v1/newsroom/sites/kabar');

    const settings = (await (await admin('/sites/kabar/settings')).json()) as { lastSeen: { refusals: { origin: string; count: number }[] } };
    expect(settings.lastSeen.refusals).toEqual([expect.objectContaining({ origin: strangerOrigin, count: 1 })]);
  });
});

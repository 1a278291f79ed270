import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, useProductionBrowserStack } from '../helpers/e2e';
import { PRODUCTION_ADMIN_KEY } from '../helpers/prod-server';

/**
 * Issue 15's done-when on Node: two readers on one article page of a newsroom's own origin,
 * served by the production build `npm start` runs. A vote by one changes the other's bars
 * within two seconds, with no layout shift and no console error; the feed follows the poll
 * only while it is on screen and the tab is visible.
 */

/** How fast the other reader must see a vote (issue 15): the hub sends at most one tally a second. */
const LIVE_WITHIN_MS = 2_000;

const articlePage = (api: string, article: string, below = '') => `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Banjir di pesisir utara</title><link rel="icon" href="data:,"></head>
<body>
<h1>Banjir di pesisir utara</h1>
<p>Ribuan warga mengungsi setelah hujan deras semalam.</p>
<script async src="${api}/widget.js" data-site="warta" data-article="${article}"></script>
${below}
</body>
</html>`;

/** A reader's page, what went wrong on it, and its live feeds: each opened (status) and each closed by the widget. */
type Reader = { page: Page; problems: string[]; feeds: number[]; closed: number };

describe.skipIf(!chromiumAvailable())('live tallies on the production build', () => {
  const prod = useProductionBrowserStack();

  beforeAll(async () => {
    const created = await fetch(`${prod.server.url}/v1/newsroom/sites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PRODUCTION_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'warta', name: 'Warta Pesisir', origins: [prod.host.origin] }),
    });
    expect(created.status).toBe(201);
  });

  /** A reader in a browser context of their own, with layout shifts and console errors recorded. */
  async function reader(path: string, html: string): Promise<Reader> {
    prod.host.pages.set(path, { html });
    const page = await (await prod.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    const watched: Reader = { page, problems: [], feeds: [], closed: 0 };
    page.on('pageerror', (error) => watched.problems.push(String(error)));
    page.on('console', (message) => void (message.type() === 'error' && watched.problems.push(`${message.text()} ${message.location().url}`)));
    page.on('response', (response) => void (response.url().includes('/live?') && watched.feeds.push(response.status())));
    page.on('requestfailed', (request) => void (request.url().includes('/live?') && watched.closed++));
    await page.addInitScript(() => {
      (window as any).__shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as any[]) (window as any).__shifts.push({ value: entry.value, at: entry.startTime });
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${prod.host.origin}${path}`);
    await expect.poll(() => page.getByRole('radio', { name: /^Senang, \d+ persen$/ }).count()).toBe(1);
    // The widget opens the feed once the poll is on screen.
    await expect.poll(() => watched.feeds).toEqual([200]);
    return watched;
  }

  /** Layout shift after `since` (ms on the page's clock): what a live update may cause, which must be none. */
  const shiftSince = (page: Page, since: number) =>
    page.evaluate((from) => (window as any).__shifts.filter((shift: { at: number }) => shift.at >= from).reduce((sum: number, shift: { value: number }) => sum + shift.value, 0), since);

  const percentOf = (page: Page, label: string) =>
    page.getByRole('radio', { name: new RegExp(`^${label},`) }).getAttribute('aria-label');
  const barOf = (page: Page, index: number) =>
    page.evaluate((i) => document.querySelector('tanggap-poll')!.shadowRoot!.querySelectorAll<HTMLElement>('.o i')[i]!.style.getPropertyValue('--p'), index);

  it("a vote by one reader moves the other's bars within two seconds, with no layout shift and no console error", async () => {
    const html = articlePage(prod.server.url, 'banjir-pesisir');
    const first = await reader('/banjir', html);
    const second = await reader('/banjir-2', html);
    const settledAt = await second.page.evaluate(() => performance.now());

    await first.page.getByRole('radio', { name: /^Senang/ }).click();
    await expect.poll(() => percentOf(second.page, 'Senang'), { timeout: LIVE_WITHIN_MS }).toBe('Senang, 100 persen');
    await expect.poll(() => barOf(second.page, 0), { timeout: LIVE_WITHIN_MS }).toBe('100%');
    expect(await second.page.locator('tanggap-poll .f').textContent()).toContain('1 tanggapan');

    await second.page.getByRole('radio', { name: /^Sedih/ }).click();
    await expect.poll(() => percentOf(first.page, 'Sedih'), { timeout: LIVE_WITHIN_MS }).toBe('Sedih, 50 persen');
    expect(await percentOf(first.page, 'Senang')).toBe('Senang, 50 persen');
    // The reader's own choice stays marked while the others' votes arrive.
    expect(await first.page.getByRole('radio', { name: /^Senang/ }).getAttribute('aria-checked')).toBe('true');

    for (const { page } of [first, second]) expect(await shiftSince(page, settledAt)).toBe(0);
    expect([...first.problems, ...second.problems]).toEqual([]);
  });

  it('follows only while the poll is on screen and the tab visible, and picks up what it missed on return', async () => {
    const spacer = '<div style="height: 3000px"></div><p id="end">Akhir halaman.</p>';
    const watcher = await reader('/geser', articlePage(prod.server.url, 'geser', spacer));

    await watcher.page.locator('#end').scrollIntoViewIfNeeded();
    await expect.poll(() => watcher.closed).toBe(1);
    // A vote while nobody watches: the next feed starts from the tally as it is.
    const voted = await fetch(`${prod.server.url}/v1/sites/warta/articles/geser/vote`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reader: 'reader-token-from-elsewhere-0001', reaction: 'marah' }),
    });
    expect(voted.status).toBe(200);
    expect(await percentOf(watcher.page, 'Marah')).toBe('Marah, 0 persen');

    await watcher.page.locator('h1').scrollIntoViewIfNeeded();
    await expect.poll(() => watcher.feeds).toEqual([200, 200]);
    await expect.poll(() => percentOf(watcher.page, 'Marah'), { timeout: LIVE_WITHIN_MS }).toBe('Marah, 100 persen');

    const setHidden = (hidden: boolean) =>
      watcher.page.evaluate((value) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await expect.poll(() => watcher.closed).toBe(2);
    await setHidden(false);
    await expect.poll(() => watcher.feeds).toEqual([200, 200, 200]);
    expect(watcher.problems).toEqual([]);
  });

  it("moves the newsroom's article page too, as the server renders its tally", async () => {
    const voteFrom = async (reader: string, reaction: string) => {
      const response = await fetch(`${prod.server.url}/v1/sites/warta/articles/redaksi/vote`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', origin: prod.host.origin },
        body: JSON.stringify({ reader, reaction, url: `${prod.host.origin}/redaksi`, title: 'Rapat redaksi' }),
      });
      expect(response.status).toBe(200);
    };
    await voteFrom('newsroom-reader-token-00001', 'terhibur');

    const page = await (await prod.browser.newContext({ locale: 'id-ID' })).newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    const feeds: number[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    // The dashboard has no icon: the browser's own request for one is not the page's error.
    page.on('console', (message) => void (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico') && problems.push(message.text())));
    page.on('response', (response) => void (response.url().endsWith('/live') && feeds.push(response.status())));
    await page.goto(`${prod.server.url}/newsroom/login`);
    await page.fill('#key', PRODUCTION_ADMIN_KEY);
    await page.click('button[type=submit].primary');
    await page.waitForURL(/\/newsroom(\/sites)?$/);
    await page.goto(`${prod.server.url}/newsroom/sites/warta/articles/redaksi`);
    const tally = () => page.locator('#tally-desc').textContent();
    expect(await tally()).toContain('Terhibur 1 (100%)');
    await expect.poll(() => feeds).toEqual([200]);

    await voteFrom('newsroom-reader-token-00002', 'cemas');
    await expect.poll(tally, { timeout: LIVE_WITHIN_MS }).toContain('Cemas 1 (50%)');
    expect(await tally()).toContain('Terhibur 1 (50%)');
    expect(problems).toEqual([]);
  });

  it('keeps the poll as loaded, voting as usual, when the feed is refused', async () => {
    prod.host.pages.set('/ditolak', { html: articlePage(prod.server.url, 'ditolak') });
    const page = await (await prod.browser.newContext()).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    let refused = 0;
    await page.route(/\/live\?/, (route) => {
      refused++;
      return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"full","requestId":"x"}}' });
    });
    await page.goto(`${prod.host.origin}/ditolak`);
    await expect.poll(() => refused).toBeGreaterThan(0);
    await page.getByRole('radio', { name: /^Cemas/ }).click();
    await expect.poll(() => page.locator('tanggap-poll [role="status"]').textContent()).toContain('Anda memilih Cemas');
    expect(await page.locator('tanggap-poll .f').textContent()).not.toContain('Gagal');
    expect(pageErrors).toEqual([]);
  });
});

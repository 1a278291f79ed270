import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, useProductionBrowserStack } from '../helpers/e2e';
import { LIVE_WITHIN_MS, liveArticlePage, openLiveReader, percentOf, twoReadersSeeEachOther } from '../helpers/live';
import { PRODUCTION_ADMIN_KEY } from '../helpers/prod-server';

/**
 * Issue 15's done-when on Node: two readers on one article page of a newsroom's own origin,
 * served by the production build `npm start` runs. A vote by one changes the other's bars
 * within two seconds, with no layout shift and no console error; the feed follows the poll
 * only while it is on screen and the tab is visible.
 */

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

  const reader = (path: string, html: string) => openLiveReader(prod.browser, prod.host, path, html, 200);

  it("a vote by one reader moves the other's bars within two seconds, with no layout shift and no console error", async () => {
    await twoReadersSeeEachOther(prod.browser, prod.host, { api: prod.server.url, article: 'banjir-pesisir', site: 'warta', feed: 200 });
  });

  it('follows only while the poll is on screen and the tab visible, and picks up what it missed on return', async () => {
    const spacer = '<div style="height: 3000px"></div><p id="end">Akhir halaman.</p>';
    const watcher = await reader('/geser', liveArticlePage(prod.server.url, 'geser', spacer));

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
    prod.host.pages.set('/ditolak', { html: liveArticlePage(prod.server.url, 'ditolak') });
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

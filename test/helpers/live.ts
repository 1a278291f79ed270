import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Host } from './e2e';

/**
 * The live-tally browser tests' shared parts (issue 15's done-when, on `npm start` and on
 * `npm run dev:worker`): an article page of a newsroom's own origin, and readers whose layout
 * shifts, console errors and live feeds are recorded, whichever transport the poll announces.
 */

/** How fast the other reader must see a vote (issue 15): the feed sends at most one tally a second. */
export const LIVE_WITHIN_MS = 2_000;

/** An article of site `warta` under `api`, with `below` after the widget's script tag. */
export const liveArticlePage = (api: string, article: string, below = '', site = 'warta') => `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Banjir di pesisir utara</title><link rel="icon" href="data:,"></head>
<body>
<h1>Banjir di pesisir utara</h1>
<p>Ribuan warga mengungsi setelah hujan deras semalam.</p>
<script async src="${api}/widget.js" data-site="${site}" data-article="${article}"></script>
${below}
</body>
</html>`;

/** How a feed that opened is recorded: an EventSource by its status, a WebSocket as 101 once its first tally arrives. */
export type FeedOpened = 200 | 101;

/**
 * A reader's page, what went wrong on it, and its live feeds: each one opened (an EventSource's
 * status, or 101 for a WebSocket, see `FeedOpened`) and each one the widget closed.
 */
export type LiveReader = { page: Page; problems: string[]; feeds: number[]; closed: number };

/**
 * Opens `html` at `path` on `host` in a browser context of its own, with layout shifts
 * (`window.__shifts`) and console errors recorded, and waits until the poll shows its results
 * and the widget has opened its live feed (`feed`: which transport the server offers).
 */
export async function openLiveReader(browser: Browser, host: Host, path: string, html: string, feed: FeedOpened): Promise<LiveReader> {
  host.pages.set(path, { html });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
  const watched: LiveReader = { page, problems: [], feeds: [], closed: 0 };
  page.on('pageerror', (error) => watched.problems.push(String(error)));
  page.on('console', (message) => void (message.type() === 'error' && watched.problems.push(`${message.text()} ${message.location().url}`)));
  page.on('response', (response) => void (response.url().includes('/live?') && watched.feeds.push(response.status())));
  page.on('requestfailed', (request) => void (request.url().includes('/live?') && watched.closed++));
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/live?')) return;
    socket.once('framereceived', () => watched.feeds.push(101));
    socket.once('close', () => watched.closed++);
  });
  await page.addInitScript(() => {
    (window as any).__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as any[]) (window as any).__shifts.push({ value: entry.value, at: entry.startTime });
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`${host.origin}${path}`);
  await expect.poll(() => page.getByRole('radio', { name: /^Senang, \d+ persen$/ }).count()).toBe(1);
  // The widget opens the feed once the poll is on screen.
  await expect.poll(() => watched.feeds).toEqual([feed]);
  return watched;
}

/** Layout shift after `since` (ms on the page's clock): what a live update may cause, which must be none. */
export const shiftSince = (page: Page, since: number): Promise<number> =>
  page.evaluate(
    (from) => (window as any).__shifts.filter((shift: { at: number }) => shift.at >= from).reduce((sum: number, shift: { value: number }) => sum + shift.value, 0),
    since,
  );

/** The accessible name of the reaction labelled `label`: "Senang, 42 persen". */
export const percentOf = (page: Page, label: string) => page.getByRole('radio', { name: new RegExp(`^${label},`) }).getAttribute('aria-label');

/** The width the `index`th bar is drawn at (its `--p`). */
export const barOf = (page: Page, index: number) =>
  page.evaluate((i) => document.querySelector('tanggap-poll')!.shadowRoot!.querySelectorAll<HTMLElement>('.o i')[i]!.style.getPropertyValue('--p'), index);

/**
 * Issue 15's done-when, on whichever server `api` is: two readers on one article page; a vote
 * by one moves the other's bars within two seconds, both ways, the reader's own choice stays
 * marked, with no layout shift and no console error on either page.
 */
export async function twoReadersSeeEachOther(
  browser: Browser,
  host: Host,
  { api, article, site, feed }: { api: string; article: string; site: string; feed: FeedOpened },
): Promise<void> {
  const html = liveArticlePage(api, article, '', site);
  const first = await openLiveReader(browser, host, `/${article}`, html, feed);
  const second = await openLiveReader(browser, host, `/${article}-2`, html, feed);
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
  await Promise.all([first.page.context().close(), second.page.context().close()]);
}

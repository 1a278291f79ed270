import { createClient } from '@libsql/client';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { articleHtml, chromiumAvailable, startApi, useBrowserStack } from '../helpers/e2e';

/**
 * When things go wrong, and results the reader may not see yet: the network cap (429), a poll
 * closed under the reader, the server going away, and a site that shows results only after a
 * vote. The demo site here admits one reader per network per article per day, so a second
 * reader from this machine is refused; `contoh` shows results after voting.
 */
describe.skipIf(!chromiumAvailable())('the poll when things go wrong', () => {
  const e2e = useBrowserStack({ demo: { votesPerNetworkPerDay: 1 }, contoh: { resultVisibility: 'after-vote' } });
  const { open } = e2e;

  const footer = (page: Page) => page.locator('tanggap-poll .f').textContent();
  /** The live region speaks only once the server confirmed a vote (the footer updates at once). */
  const announced = (page: Page) => page.locator('tanggap-poll [role="status"]').textContent();

  async function sql(statement: string, args: (string | number)[] = []) {
    const client = createClient({ url: e2e.stack.database.url });
    try {
      await client.execute({ sql: statement, args });
    } finally {
      client.close();
    }
  }

  it("shows the server's message when the network cap refuses a second reader (429)", async () => {
    const html = articleHtml(e2e.api, { article: 'e2e-capped' });
    const first = await open('/capped', html);
    await first.getByRole('radio', { name: /^Senang/ }).click();
    await expect.poll(() => announced(first)).toContain('Anda memilih Senang');

    const second = await open('/capped', html);
    await second.getByRole('radio', { name: /^Sedih/ }).click();
    await expect.poll(() => footer(second)).toContain('Terlalu banyak pembaca dari jaringan yang sama');
    // The optimistic vote is rolled back: the tally reads as the server has it.
    expect(await second.locator('[aria-checked="true"]').count()).toBe(0);
    expect(await footer(second)).toContain('1 tanggapan');
  });

  it('hides percents and bars until the reader votes on an after-vote site', async () => {
    const page = await open('/after-vote', articleHtml(e2e.api, { article: 'e2e-after', site: 'contoh', attrs: 'data-lang="en"' }));
    await expect.poll(() => page.getByRole('radio', { name: 'Happy' }).count()).toBe(1);
    expect(await footer(page)).toContain('Choose to see the results.');
    const barVisibility = () =>
      page.evaluate(() => getComputedStyle(document.querySelector('tanggap-poll')!.shadowRoot!.querySelector('.k')!).visibility);
    expect(await barVisibility()).toBe('hidden');
    await page.getByRole('radio', { name: 'Sad' }).click();
    await expect.poll(() => announced(page)).toContain('You chose Sad');
    expect(await page.getByRole('radio', { name: 'Sad, 100 percent' }).count()).toBe(1);
    expect(await barVisibility()).toBe('visible');
    expect(await footer(page)).toContain('1 reaction');
  });

  it('shows results and says so when the poll is closed', async () => {
    const html = articleHtml(e2e.api, { article: 'e2e-closed' });
    const page = await open('/closed', html);
    await expect.poll(() => page.getByRole('radio').count()).toBe(8);
    // Closed while the reader is looking: the vote is refused (409) and the poll shows closed.
    await sql("UPDATE articles SET poll_open = 0 WHERE site_id = 'demo' AND external_id = ?", ['e2e-closed']);
    await page.getByRole('radio', { name: /^Senang/ }).click();
    await expect.poll(() => footer(page)).toContain('Tanggapan sudah ditutup.');
    expect(await page.locator('[aria-checked="true"]').count()).toBe(0);

    // The row was changed behind the service's back (no event), and a refused vote changes
    // nothing, so the anonymous poll may come from the server's cache or the browser's
    // (max-age 5, stale-while-revalidate) for a few seconds: reload until a fresh answer shows it.
    await expect
      .poll(
        async () => {
          await page.reload();
          await expect.poll(() => page.getByRole('radio').count()).toBe(8);
          return footer(page);
        },
        { timeout: 30_000, interval: 3_000 },
      )
      .toContain('Tanggapan sudah ditutup.');
    expect(await page.getByRole('radio', { name: /^Senang, 0 persen$/ }).count()).toBe(1);
    await page.getByRole('radio', { name: /^Senang/ }).click();
    await page.waitForTimeout(300);
    expect(await page.locator('[aria-checked="true"]').count()).toBe(0);
  });

  it('stays readable when the server goes away, and the retry works once it is back', async () => {
    const html = articleHtml(e2e.api, { article: 'e2e-offline' });
    const page = await open('/offline', html);
    await expect.poll(() => page.getByRole('radio').count()).toBe(8);

    await e2e.stack.api.stop();
    await page.getByRole('radio', { name: /^Senang/ }).click();
    await expect.poll(() => footer(page)).toContain('Gagal menyimpan.');
    expect(await page.getByRole('radio').count()).toBe(8);
    expect(await page.locator('[aria-checked="true"]').count()).toBe(0);

    e2e.stack.api = await startApi(e2e.stack.database.url, e2e.stack.database.dir, e2e.stack.api.port);
    await page.getByRole('button', { name: 'Coba lagi' }).click();
    await expect.poll(() => announced(page)).toContain('Anda memilih Senang');
    expect(await page.getByRole('radio', { name: /^Senang, 100 persen$/ }).count()).toBe(1);
  });

  it('says so and offers a retry when the first read fails, keeping its reserved space', async () => {
    const context = await e2e.browser.newContext();
    await context.route(/\/poll\?/, (route) => route.abort('connectionrefused'));
    const page = await open('/unreachable', articleHtml(e2e.api, { article: 'e2e-unreachable' }), { context });
    await expect.poll(() => footer(page)).toContain('Gagal memuat tanggapan.');
    expect(await page.evaluate(() => document.querySelector('tanggap-poll')!.getBoundingClientRect().height)).toBeGreaterThan(200);
    await context.unroute(/\/poll\?/);
    await page.getByRole('button', { name: 'Coba lagi' }).click();
    await expect.poll(() => page.getByRole('radio').count()).toBe(8);
    await context.close();
  });
});

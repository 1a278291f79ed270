import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { articleHtml, chromiumAvailable, useBrowserStack } from '../helpers/e2e';

/** The widget's honeypot treats forms sent faster than this as bots. */
const HUMAN_PAUSE_MS = 2_100;

/**
 * Issue 13: a reader behind an address already past its soft ceiling (here a ceiling of 0, so
 * every vote and comment from the browser's address needs a proof) votes and comments; the
 * widget fetches and solves the challenge with WebCrypto, showing "Memeriksa…", and the reader
 * types nothing but their comment.
 */
describe.skipIf(!chromiumAvailable())('the proof-of-work challenge in a browser', () => {
  const e2e = useBrowserStack({ demo: { votesPerAddressPerDay: 0, commentsPerAddressPerDay: 0, commentIntervalSeconds: 0 } });

  /** Every text the poll's live region and the comment status line showed, in order. */
  async function recordStatuses(page: Page) {
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { __seen: string[] }).__seen = []);
      const root = document.querySelector('tanggap-poll')!.shadowRoot!;
      new MutationObserver(() => {
        for (const node of root.querySelectorAll('[role="status"], p.s')) {
          const text = node.textContent ?? '';
          if (text && seen.at(-1) !== text) seen.push(text);
        }
      }).observe(root, { subtree: true, childList: true, characterData: true });
    });
    return () => page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  }

  /** How many times the page has fetched the on-demand solver, challenge.js. */
  const solverLoads = (page: Page) =>
    page.evaluate(() => performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === '/challenge.js').length);

  it('votes and comments after the widget solves the challenge', async () => {
    const page = await e2e.open('/challenge', articleHtml(e2e.api, { article: 'e2e-challenge' }), { timeout: 20_000 });
    const senang = page.getByRole('radio', { name: /^Senang/ });
    await expect.poll(() => senang.count()).toBe(1);
    const seen = await recordStatuses(page);
    expect(await solverLoads(page)).toBe(0);

    const refused = await fetch(`${e2e.api}/v1/sites/demo/articles/e2e-challenge/vote`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reader: 'r'.repeat(22), reaction: 'senang' }),
    });
    expect({ status: refused.status, code: ((await refused.json()) as { error: { code: string } }).error.code }).toEqual({ status: 429, code: 'challenge_required' });

    const started = Date.now();
    await senang.click();
    await expect.poll(() => page.locator('tanggap-poll [role="status"]').textContent(), { timeout: 20_000 }).toContain('Anda memilih Senang');
    console.log(`vote with challenge: ${Date.now() - started} ms in Chromium`);
    // The check shows once; the tally beside it may change meanwhile (live updates), so count the state, not the texts.
    expect((await seen()).some((text) => text.startsWith('Memeriksa…'))).toBe(true);
    expect(await solverLoads(page)).toBe(1);
    // What a reader's browser pays per proof: one WebCrypto digest at a time, as the widget does.
    const perSecond = await page.evaluate(async () => {
      const begin = performance.now();
      for (let n = 0; n < 10_000; n++) await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`salt${n}`));
      return Math.round(10_000 / ((performance.now() - begin) / 1000));
    });
    console.log(`Chromium WebCrypto: ${perSecond} SHA-256 digests/s, so ${Math.round(25_000 / perSecond * 1000)} ms for an average proof`);
    const token = await page.evaluate(() => localStorage.getItem('tanggap:reader'));
    const poll = (await (await fetch(`${e2e.api}/v1/sites/demo/articles/e2e-challenge/poll?reader=${token}`)).json()) as { choice: string; total: number };
    expect({ choice: poll.choice, total: poll.total }).toEqual({ choice: 'senang', total: 1 });

    const section = page.locator('tanggap-poll section.c');
    const toggle = section.locator('h3 button');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await page.waitForTimeout(HUMAN_PAUSE_MS);
    await section.getByLabel('Nama').fill('Budi');
    await section.getByLabel('Komentar Anda').fill('Tulisan yang bagus, terima kasih.');
    await section.locator('button.sb').click();
    await expect.poll(() => section.locator('p.s').textContent(), { timeout: 20_000 }).toBe('Komentar terkirim.');
    expect((await seen()).filter((text) => text === 'Memeriksa…')).toHaveLength(1);
    expect(await solverLoads(page)).toBe(1);
    const comments = (await (await fetch(`${e2e.api}/v1/sites/demo/articles/e2e-challenge/comments`)).json()) as { total: number; comments: { body: string }[] };
    expect({ total: comments.total, body: comments.comments[0]?.body }).toEqual({ total: 1, body: 'Tulisan yang bagus, terima kasih.' });
  });
});

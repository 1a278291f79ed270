import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/db/node';
import { createKey } from '../../src/newsroom/access/service';
import type { Poll } from '../../src/widget/types';
import { articleHtml, chromiumAvailable, E2E_SECRET, useBrowserStack } from '../helpers/e2e';

describe.skipIf(!chromiumAvailable())('the poll in a browser', () => {
  const e2e = useBrowserStack();
  const { open } = e2e;

  /** The accessible names of the checked reactions on the page (never waits). */
  const checked = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('tanggap-poll, [data-tanggap-article]')].flatMap((host) =>
        [...(host.shadowRoot?.querySelectorAll('[aria-checked="true"]') ?? [])].map((node) => node.getAttribute('aria-label')),
      ),
    );

  const radio = (page: Page, name: RegExp) => page.getByRole('radio', { name });
  /** What the live region last announced: set only once the server confirmed a vote. */
  const announced = (page: Page) => page.locator('tanggap-poll [role="status"]').textContent();
  const serverPoll = async (article: string, reader?: string): Promise<Poll> =>
    (await fetch(`${e2e.api}/v1/sites/demo/articles/${article}/poll${reader ? `?reader=${reader}` : ''}`)).json() as Promise<Poll>;

  it('votes, moves the vote and withdraws it, with the tally following each step', async () => {
    const page = await open('/vote', articleHtml(e2e.api, { article: 'e2e-vote' }));
    await expect.poll(() => radio(page, /^Senang, 0 persen$/).count()).toBe(1);

    await radio(page, /^Senang/).click();
    await expect.poll(() => checked(page)).toEqual(['Senang, 100 persen']);
    await expect.poll(() => page.locator('tanggap-poll .f').textContent()).toContain('1 tanggapan');
    await expect.poll(() => announced(page)).toContain('Anda memilih Senang');

    await radio(page, /^Sedih/).click();
    await expect.poll(() => announced(page)).toContain('Anda memilih Sedih');
    expect(await checked(page)).toEqual(['Sedih, 100 persen']);
    expect(await radio(page, /^Senang, 0 persen$/).getAttribute('aria-checked')).toBe('false');

    const token = await page.evaluate(() => localStorage.getItem('tanggap:reader'));
    expect(token).toMatch(/^[A-Za-z0-9_-]{22,64}$/);
    expect((await serverPoll('e2e-vote', token!)).choice).toBe('sedih');

    await radio(page, /^Sedih/).click();
    await expect.poll(() => announced(page)).toContain('Tanggapan dibatalkan');
    expect(await page.locator('[aria-checked="true"]').count()).toBe(0);
    expect((await serverPoll('e2e-vote', token!)).total).toBe(0);
  });

  it('sends the page\'s section, byline and publication time with the vote, and the newsroom sees them', async () => {
    const head = `<meta property="article:section" content="Ekonomi">
<meta name="author" content="Siti Rahma">
<meta property="article:published_time" content="2026-05-01T10:30:00+07:00">`;
    const page = await open('/metadata', articleHtml(e2e.api, { article: 'e2e-meta', head }));
    const votes: Record<string, unknown>[] = [];
    page.on('request', (request) => void (request.method() === 'PUT' && votes.push(request.postDataJSON())));
    await radio(page, /^Senang/).click();
    await expect.poll(() => announced(page)).toContain('Anda memilih Senang');
    expect(votes[0]).toMatchObject({ section: 'Ekonomi', author: 'Siti Rahma', publishedAt: '2026-05-01T03:30:00.000Z' });

    const overridden = await open(
      '/metadata-override',
      articleHtml(e2e.api, { article: 'e2e-meta-2', head: '<meta property="article:section" content="Ekonomi"><meta name="author" content="Budi">', attrs: 'data-section="Bisnis" data-author=""' }),
    );
    const sent: Record<string, unknown>[] = [];
    overridden.on('request', (request) => void (request.method() === 'PUT' && sent.push(request.postDataJSON())));
    await radio(overridden, /^Sedih/).click();
    await expect.poll(() => announced(overridden)).toContain('Anda memilih Sedih');
    expect(sent[0]!.section).toBe('Bisnis');
    expect(sent[0]!.author || undefined).toBeUndefined(); // "" reaches the server as none
    expect(sent[0]).not.toHaveProperty('publishedAt');

    const { client, db } = await openNodeDatabase(e2e.stack.database.url);
    const { key } = await createKey({ db, secret: E2E_SECRET, siteId: 'demo', role: 'viewer', name: 'e2e desk' });
    client.close();
    const sections: { sections: { section: string | null }[] } = await (await fetch(`${e2e.api}/v1/newsroom/sites/demo/sections?period=today`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(sections.sections).toEqual(expect.arrayContaining([expect.objectContaining({ section: 'Ekonomi', votes: 1, top: 'senang' })]));
    const authors: { authors: { author: string | null }[] } = await (await fetch(`${e2e.api}/v1/newsroom/sites/demo/authors?period=today`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(authors.authors.map((entry) => entry.author)).toContain('Siti Rahma');
    expect(authors.authors.map((entry) => entry.author)).not.toContain('Budi');
  });

  it('sends rapid taps one at a time and ends on the last one', async () => {
    const page = await open('/rapid', articleHtml(e2e.api, { article: 'e2e-rapid' }));
    await expect.poll(() => radio(page, /^Senang/).count()).toBe(1);
    await page.route(/\/vote/, async (route) => {
      await new Promise((done) => setTimeout(done, 300));
      await route.continue();
    });
    await radio(page, /^Senang/).click();
    await radio(page, /^Sedih/).click();
    await radio(page, /^Marah/).click();
    expect(await checked(page)).toEqual(['Marah, 100 persen']);
    await expect.poll(() => announced(page)).toContain('Anda memilih Marah');
    const token = await page.evaluate(() => localStorage.getItem('tanggap:reader'));
    const server = await serverPoll('e2e-rapid', token!);
    expect(server.choice).toBe('marah');
    expect(server.total).toBe(1);
  });

  it('keeps the choice highlighted after a reload', async () => {
    const context = await e2e.browser.newContext();
    const page = await open('/reload', articleHtml(e2e.api, { article: 'e2e-reload' }), { context });
    await radio(page, /^Cemas/).click();
    await expect.poll(() => announced(page)).toContain('Anda memilih Cemas');
    await page.reload();
    await expect.poll(() => checked(page)).toEqual(['Cemas, 100 persen']);
    await context.close();
  });

  it('votes with the keyboard alone: one Tab stop, arrows move, Space chooses, focus is visible', async () => {
    const page = await open('/keyboard', articleHtml(e2e.api, { article: 'e2e-keyboard', attrs: 'data-lang="en"' }));
    await expect.poll(() => radio(page, /^Happy, 0 percent$/).count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label'))).toBe(
      'Happy, 0 percent',
    );
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const focused = () => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label'));
    expect(await focused()).toBe('Inspired, 0 percent');
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement!.shadowRoot!.activeElement!).outlineStyle,
    );
    expect(outline).toBe('solid');
    await page.keyboard.press('Space');
    await expect.poll(focused).toBe('Inspired, 100 percent');
    expect(await checked(page)).toEqual(['Inspired, 100 percent']);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => checked(page)).toEqual(['Amused, 100 percent']);
    // Tab leaves the group after one stop (for the comment section's toggle, or the page)
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('role') ?? null)).not.toBe('radio');
  });

  it('has no axe violations in either theme, before and after voting', async () => {
    const page = await open('/axe', articleHtml(e2e.api, { article: 'e2e-axe' }));
    await expect.poll(() => radio(page, /^Senang/).count()).toBe(1);
    await page.addScriptTag({ content: axe.source });
    const scan = () =>
      page.evaluate(async () => {
        const result = await (window as any).axe.run(document.querySelector('tanggap-poll'));
        return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.failureSummary).join(' | ')}`);
      });
    const background = () =>
      page.evaluate(() => getComputedStyle(document.querySelector('tanggap-poll')!.shadowRoot!.querySelector('.t')!).backgroundColor);

    // The widget follows the colour scheme through its change event, so the switch lands a task later.
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => background()).toBe('rgb(255, 255, 255)');
    expect(await scan()).toEqual([]);
    await radio(page, /^Marah/).click();
    await expect.poll(() => checked(page)).toEqual(['Marah, 100 persen']);
    expect(await scan()).toEqual([]);

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => background()).toBe('rgb(31, 31, 31)');
    expect(await scan()).toEqual([]);
    await radio(page, /^Marah/).click();
    await expect.poll(() => checked(page)).toEqual([]);
    expect(await scan()).toEqual([]);
  });

  it('keeps the same height from placeholder to poll: no layout shift when the data arrives', async () => {
    for (const width of [320, 1280]) {
      const context = await e2e.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        (window as any).__shifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as any[]) (window as any).__shifts.push({ value: entry.value, at: entry.startTime });
        }).observe({ type: 'layout-shift', buffered: true });
      });
      // Hold the poll back until the placeholder has been measured.
      let release!: () => void;
      const held = new Promise<void>((done) => (release = done));
      await page.route(/\/poll\?/, async (route) => {
        await held;
        await route.continue();
      });
      e2e.host.pages.set(`/cls-${width}`, { html: articleHtml(e2e.api, { article: 'e2e-cls' }) });
      await page.goto(`${e2e.host.origin}/cls-${width}`);
      const widgetHeight = () => page.evaluate(() => document.querySelector('tanggap-poll')?.getBoundingClientRect().height ?? 0);
      await expect.poll(widgetHeight).toBeGreaterThan(100);
      await page.waitForTimeout(100);
      const placeholderHeight = await widgetHeight();
      expect(await radio(page, /^Senang/).count()).toBe(0);
      release();
      await expect.poll(() => radio(page, /^Senang/).count()).toBe(1);
      expect(await widgetHeight()).toBe(placeholderHeight);
      const shiftAfterData = await page.evaluate(() => {
        const poll = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/poll?')) as PerformanceResourceTiming;
        return (window as any).__shifts
          .filter((shift: { at: number }) => shift.at >= poll.responseEnd)
          .reduce((sum: number, shift: { value: number }) => sum + shift.value, 0);
      });
      expect(shiftAfterData).toBe(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
      await context.close();
    }
  });

  it('shifts nothing at all when the page reserves the slot (container with min-height)', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      (window as any).__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as any[]) (window as any).__cls += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    e2e.host.pages.set('/cls-slot', {
      html: `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Slot</title>
<style>.tanggap-slot{min-height:26rem}</style></head><body>
<h1>Artikel</h1><p>Isi artikel.</p>
<div class="tanggap-slot" data-tanggap-article="e2e-cls-slot"></div>
<p id="below">Teks di bawah widget.</p>
<script async src="${e2e.api}/widget.js" data-site="demo"></script></body></html>`,
    });
    await page.goto(`${e2e.host.origin}/cls-slot`);
    await expect.poll(() => radio(page, /^Senang/).count()).toBe(1);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as any).__cls)).toBe(0);
    await context.close();
  });

  it('serves several widgets from one script load on an index page', async () => {
    const page = await open(
      '/index',
      `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Indeks</title></head><body>
<h1>Indeks</h1>
<div data-tanggap-article="e2e-index-1"></div>
<div data-tanggap-article="e2e-index-2" data-lang="en"></div>
<script async src="${e2e.api}/widget.js" data-site="demo"></script>
</body></html>`,
    );
    await expect.poll(() => page.getByRole('radiogroup').count()).toBe(2);
    await radio(page, /^Senang/).click();
    await expect.poll(() => page.locator('[data-tanggap-article="e2e-index-1"] [role="status"]').textContent()).toContain(
      'Anda memilih Senang',
    );
    expect(await checked(page)).toEqual(['Senang, 100 persen']);
    expect((await serverPoll('e2e-index-1')).total).toBe(1);
    expect((await serverPoll('e2e-index-2')).total).toBe(0);
    // One global only, the sign-in handle pages call (`Tanggap.signIn`), however many polls the script mounted.
    expect(await page.evaluate(() => Object.keys(window).filter((key) => /tanggap/i.test(key)))).toEqual(['Tanggap']);
  });

  it('sizes the /embed iframe through origin-checked messages', async () => {
    const page = await open(
      '/iframe',
      `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>AMP-ish</title></head><body>
<iframe id="f" title="Tanggapan pembaca" height="50" style="width:100%;border:0"
  src="${e2e.api}/embed/demo/e2e-iframe?parent=${encodeURIComponent(e2e.host.origin)}"></iframe>
<script>
addEventListener('message', function (e) {
  var f = document.getElementById('f');
  if (e.origin !== '${e2e.api}' || e.source !== f.contentWindow) return;
  if (e.data && e.data.type === 'tanggap:resize') f.height = String(e.data.height);
});
</script></body></html>`,
    );
    const frame = page.frameLocator('#f');
    await expect.poll(() => frame.getByRole('radio', { name: /^Senang/ }).count()).toBe(1);
    await expect.poll(async () => Number(await page.locator('#f').getAttribute('height'))).toBeGreaterThan(150);
    await frame.getByRole('radio', { name: /^Senang/ }).click();
    await expect.poll(() => frame.getByRole('radio', { name: /^Senang, 100 persen$/ }).count()).toBe(1);
  });
});

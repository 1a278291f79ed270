import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { articleHtml, chromiumAvailable, useBrowserStack } from '../helpers/e2e';

/**
 * Issue 15, "compact on phones": at 360-414 px the 8-reaction poll fits in 320 px (it was a
 * 4-row grid of about 600 px), every reaction's label fully visible and every tap target at
 * least 44 px; a wide slot keeps its one row of four-by-two tall cells.
 */

/** The most the poll (question, reactions, total) may take on a phone. */
const PHONE_POLL_MAX_PX = 320;
/** The smallest tap target the platforms' guidelines allow. */
const TAP_TARGET_MIN_PX = 44;

type Measured = {
  /** The widget without its comment section: the poll itself. */
  poll: number;
  targets: { label: string; width: number; height: number }[];
  /** Labels whose text does not fit their box (clipped or ellipsised). */
  clipped: string[];
  columns: number;
};

const measure = (page: Page): Promise<Measured> =>
  page.evaluate(() => {
    const root = document.querySelector('tanggap-poll')!.shadowRoot!;
    const widget = root.querySelector('.t')!.getBoundingClientRect().height;
    const comments = root.querySelector('section.c')?.getBoundingClientRect().height ?? 0;
    const cells = [...root.querySelectorAll<HTMLElement>('[role="radio"]')];
    return {
      poll: widget - comments,
      targets: cells.map((cell) => ({ label: cell.getAttribute('aria-label')!, ...cell.getBoundingClientRect().toJSON() })),
      clipped: [...root.querySelectorAll<HTMLElement>('.n')].filter((label) => label.scrollWidth > label.clientWidth).map((label) => label.textContent!),
      columns: new Set(cells.map((cell) => Math.round(cell.getBoundingClientRect().left))).size,
    };
  });

describe.skipIf(!chromiumAvailable())('the poll on a phone', () => {
  const e2e = useBrowserStack();

  for (const width of [390, 360, 414]) {
    it(`at ${width} px keeps the 8-reaction poll within ${PHONE_POLL_MAX_PX} px, every label whole and every target at least ${TAP_TARGET_MIN_PX} px`, async () => {
      const context = await e2e.browser.newContext({ viewport: { width, height: 844 }, isMobile: true, hasTouch: true });
      for (const comments of ['', 'data-comments="off"']) {
        const page = await e2e.open(`/phone-${width}-${comments ? 'off' : 'on'}`, articleHtml(e2e.api, { article: 'e2e-phone', attrs: comments }), { context });
        await expect.poll(() => page.getByRole('radio').count()).toBe(8);
        const measured = await measure(page);
        expect(measured.poll).toBeLessThanOrEqual(PHONE_POLL_MAX_PX);
        expect(measured.clipped).toEqual([]);
        expect(measured.columns).toBe(2);
        for (const target of measured.targets) {
          expect(target.height, target.label).toBeGreaterThanOrEqual(TAP_TARGET_MIN_PX);
          expect(target.width, target.label).toBeGreaterThanOrEqual(TAP_TARGET_MIN_PX);
        }
        // Percentages are there to read, not hidden behind the bars.
        expect(await page.getByRole('radio', { name: 'Terinspirasi, 0 persen' }).locator('.p').isVisible()).toBe(true);
      }
      await context.close();
    });
  }

  it('keeps wide slots as they were: one row of four tall cells, emoji above the label', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await e2e.open('/phone-wide', articleHtml(e2e.api, { article: 'e2e-phone' }), { context });
    await expect.poll(() => page.getByRole('radio').count()).toBe(8);
    const measured = await measure(page);
    expect(measured.columns).toBe(4);
    const layout = await page.evaluate(() => {
      const cell = document.querySelector('tanggap-poll')!.shadowRoot!.querySelector('[role="radio"]')!;
      const [emoji, label] = [cell.querySelector('.e')!, cell.querySelector('.n')!].map((part) => part.getBoundingClientRect());
      return { stacked: emoji!.bottom <= label!.top, display: getComputedStyle(cell).display };
    });
    // A grid item, so blockified; on phones the cell is a grid of its own.
    expect(layout).toEqual({ stacked: true, display: 'block' });
    await context.close();
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { articleHtml, chromiumAvailable, useBrowserStack } from '../helpers/e2e';

/** Host pages that try to break the widget: hostile CSS and a strict CSP. */
describe.skipIf(!chromiumAvailable())('the poll on hostile host pages', () => {
  const e2e = useBrowserStack();

  /** Opens a host page served with `headers`, recording the CSP violations it causes. */
  const open = (path: string, html: string, headers?: Record<string, string>): Promise<Page> =>
    e2e.open(path, html, {
      headers,
      prepare: (page) =>
        page.addInitScript(() => {
          (window as any).__violations = [];
          document.addEventListener('securitypolicyviolation', (event) =>
            (window as any).__violations.push(`${event.violatedDirective} ${event.blockedURI}`),
          );
        }),
    });

  /** The live region speaks only once the server confirmed a vote. */
  const announced = (page: Page) => page.locator('tanggap-poll [role="status"]').textContent();

  /** Computed style of a part inside the widget's shadow root. */
  const partStyle = (page: Page, selector: string, property: string) =>
    page.evaluate(
      ([selector, property]) =>
        getComputedStyle(document.querySelector('tanggap-poll')!.shadowRoot!.querySelector(selector!)!).getPropertyValue(property!),
      [selector, property],
    );

  it('stays styled and usable under `* { all: unset }`, hidden buttons and huge fonts', async () => {
    const page = await open(
      '/hostile',
      articleHtml(e2e.api, {
        article: 'e2e-hostile',
        head: `<style>
* { all: unset !important; }
button { display: none !important; }
div, p, span, h2 { color: red !important; font-size: 40px !important; letter-spacing: 1em; text-transform: uppercase; }
html { font-size: 32px; }
</style>`,
      }),
    );
    const senang = page.getByRole('radio', { name: /^Senang, 0 persen$/ });
    await expect.poll(() => senang.count()).toBe(1);
    expect(await senang.isVisible()).toBe(true);
    expect(await partStyle(page, '.g', 'display')).toBe('grid');
    expect(await partStyle(page, '.o', 'display')).not.toBe('none');
    expect(await partStyle(page, '.n', 'text-transform')).toBe('none');
    await senang.click();
    await expect.poll(() => announced(page)).toContain('Anda memilih Senang');
    expect(await page.getByRole('radio', { name: /^Senang, 100 persen$/ }).getAttribute('aria-checked')).toBe('true');
  });

  it('is fully styled and votes under a strict CSP (no inline styles, no unsafe-inline)', async () => {
    const csp = `default-src 'none'; script-src ${e2e.api}; connect-src ${e2e.api}; style-src 'self'; img-src 'self'`;
    const page = await open('/csp', articleHtml(e2e.api, { article: 'e2e-csp' }), { 'Content-Security-Policy': csp });
    const senang = page.getByRole('radio', { name: /^Senang, 0 persen$/ });
    await expect.poll(() => senang.count()).toBe(1);
    expect(await partStyle(page, '.g', 'display')).toBe('grid');
    await senang.click();
    await expect.poll(() => announced(page)).toContain('Anda memilih Senang');
    expect(await partStyle(page, '.k i', 'width')).not.toBe('0px');
    expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  });

  it('takes its colours from the documented custom properties set on the host element', async () => {
    const page = await open(
      '/themed',
      articleHtml(e2e.api, {
        article: 'e2e-themed',
        attrs: 'data-theme="dark"',
        head: '<style>tanggap-poll { --tanggap-accent: rgb(255, 200, 0); --tanggap-bg: rgb(0, 0, 64); }</style>',
      }),
    );
    await expect.poll(() => page.getByRole('radio').count()).toBe(8);
    expect(await partStyle(page, '.t', 'background-color')).toBe('rgb(0, 0, 64)');
    expect(await partStyle(page, '.t', 'color')).toBe('rgb(227, 227, 227)');
    expect(await partStyle(page, '.k i', 'background-color')).toBe('rgb(255, 200, 0)');
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, startStack } from '../helpers/e2e';

type Stack = Awaited<ReturnType<typeof startStack>>;

/** The pages `npm start` shows a new user: the widget must render under their own strict CSP. */
describe.skipIf(!chromiumAvailable())('the demo pages in a browser', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('renders the poll under the demo article, votes, and breaks no CSP rule', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(5_000);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${stack.api.url}/`);
    const radios = page.locator('tanggap-poll [role="radio"]');
    await expect.poll(() => radios.count()).toBe(8);
    await radios.first().click();
    await expect.poll(() => radios.first().getAttribute('aria-checked')).toBe('true');
    expect(violations).toEqual([]);
  });

  it('renders both container widgets and the iframe embed on the index page', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(5_000);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${stack.api.url}/demo/index`);
    await expect.poll(() => page.locator('[data-tanggap-article] [role="radio"]').count()).toBe(16);
    const frame = page.frameLocator('#tanggap-frame');
    await expect.poll(() => frame.locator('[role="radio"]').count()).toBe(8);
    expect(violations).toEqual([]);
  });
});

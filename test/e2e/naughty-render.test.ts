import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/db/node';
import { reactions, sites } from '../../src/db/schema';
import { chromiumAvailable, useBrowserStack } from '../helpers/e2e';
import { naughty } from '../helpers/openapi-fuzz';

/**
 * The Big List of Naughty Strings rendered in Chromium wherever readers see text: as reaction
 * labels and emoji in the widget, the /embed iframe and the no-JS fragment, and
 * as article ids and titles given by the page. Every string must show up as the same text and
 * nothing may execute: alert/confirm/prompt are trapped in every frame, CSP violations
 * (injected markup that a policy had to stop) are collected, and the widget's shadow roots
 * must hold no element the widget did not create. A raw control proves the traps fire.
 */

const CHUNK = 60;
/** Labels are non-empty and at most what an editor could type; the server stores them as given. */
const labels = naughty.filter((text) => text.trim().length > 0 && text.length <= 200);
const chunks = Array.from({ length: Math.ceil(labels.length / CHUNK) }, (_, index) => labels.slice(index * CHUNK, (index + 1) * CHUNK));
const figures = { strings: labels.length, pages: 0, renderedTexts: 0 };

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const WIDGET_TAGS = ['div', 'h2', 'h3', 'p', 'span', 'button', 'i', 'section', 'form', 'label', 'input', 'textarea', 'select', 'option', 'ul', 'li'];

describe.skipIf(!chromiumAvailable())('naughty strings rendered in Chromium', () => {
  const e2e = useBrowserStack();
  const siteIds: string[] = [];

  beforeAll(async () => {
    const { client, db } = await openNodeDatabase(e2e.stack.database.url);
    for (const [index, chunk] of chunks.entries()) {
      const id = `naughty-${index}`;
      siteIds.push(id);
      await db.insert(sites).values({ id, name: chunk[0]!, origins: ['http://localhost:*', 'http://127.0.0.1:*'], defaultLocale: 'id', settings: {} });
      await db.insert(reactions).values(
        chunk.map((label, position) => ({
          siteId: id,
          key: `r${position}`,
          labels: { id: label, en: label },
          emoji: chunk[(position + 1) % chunk.length]!,
          position,
        })),
      );
    }
    client.close();
  }, 60_000);

  afterAll(() => {
    console.log(
      `naughty render: ${figures.strings} naughty strings in ${figures.pages} Chromium pages (widget, /embed iframes, fragment): ${figures.renderedTexts} rendered texts compared, no script executed`,
    );
  });

  /** A page whose every frame traps dialogs and records CSP violations. */
  async function trappedPage(): Promise<{ page: Page; executed: string[]; violations: () => Promise<string[]> }> {
    const page = await e2e.browser.newPage();
    page.setDefaultTimeout(10_000);
    const executed: string[] = [];
    page.on('dialog', (dialog) => {
      executed.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.addInitScript(() => {
      (window as any).__violations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as any).__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
      );
    });
    const violations = async () =>
      (await Promise.all(page.frames().map((frame) => frame.evaluate(() => (window as any).__violations as string[]).catch(() => [])))).flat();
    figures.pages++;
    return { page, executed, violations };
  }

  /** Texts of the widgets' labels and emoji, and any element inside them the widget does not make. */
  const widgetContents = (page: Page) =>
    page.evaluate((widgetTags) => {
      const hosts = [...document.querySelectorAll('tanggap-poll, [data-tanggap-article]')];
      const roots = hosts.map((element) => element.shadowRoot).filter((root): root is ShadowRoot => root !== null);
      return {
        labels: roots.map((root) => [...root.querySelectorAll('.n')].map((node) => node.textContent)),
        emoji: roots.map((root) => [...root.querySelectorAll('.e')].map((node) => node.textContent)),
        // Only the elements the widget itself builds (the poll, and the comments section with
        // its form): anything else in a shadow root came from a string.
        foreign: roots
          .flatMap((root) => [...root.querySelectorAll('*')].map((node) => node.tagName.toLowerCase()))
          .filter((tag) => !widgetTags.includes(tag)),
      };
    }, WIDGET_TAGS);

  it('the traps catch a string rendered unsafely (control)', async () => {
    const { page, executed } = await trappedPage();
    e2e.host.pages.set('/control', { html: '<!doctype html><div id="x"></div>' });
    await page.goto(`${e2e.host.origin}/control`);
    await page.evaluate((text) => (document.getElementById('x')!.innerHTML = text), '<img src=x onerror="alert(1)">');
    await expect.poll(() => executed.length).toBeGreaterThan(0);
    await page.close();
  });

  it('as reaction labels and emoji in the widget: shown as text, nothing runs', async () => {
    for (const [index, chunk] of chunks.entries()) {
      const { page, executed, violations } = await trappedPage();
      e2e.host.pages.set(`/labels-${index}`, {
        html: `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>t</title></head><body>
<script async src="${e2e.api}/widget.js" data-site="${siteIds[index]}" data-article="labels" data-reactions="${chunk.length}"></script></body></html>`,
      });
      await page.goto(`${e2e.host.origin}/labels-${index}`);
      await expect.poll(async () => (await widgetContents(page)).labels[0], { timeout: 20_000 }).toEqual(chunk);
      const contents = await widgetContents(page);
      expect(contents.emoji[0]).toEqual(chunk.map((_, position) => chunk[(position + 1) % chunk.length]));
      figures.renderedTexts += chunk.length * 2;
      expect(contents.foreign).toEqual([]);
      expect(executed).toEqual([]);
      expect(await violations()).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('as article ids and titles the page gives, on an index page of widgets: nothing runs', async () => {
    for (const [index, chunk] of chunks.entries()) {
      const { page, executed, violations } = await trappedPage();
      const containers = chunk
        .map((text) => `<div data-tanggap-article="${escapeAttribute(text.slice(0, 128))}" data-title="${escapeAttribute(text.slice(0, 300))}"></div>`)
        .join('\n');
      e2e.host.pages.set(`/index-${index}`, {
        html: `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>index</title></head><body>
${containers}
<script async src="${e2e.api}/widget.js" data-site="demo"></script></body></html>`,
      });
      await page.goto(`${e2e.host.origin}/index-${index}`);
      await page.waitForLoadState('networkidle');
      const contents = await widgetContents(page);
      expect(contents.labels.length).toBeGreaterThan(chunk.length / 2);
      expect(contents.foreign).toEqual([]);
      expect(executed).toEqual([]);
      expect(await violations()).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it('in the /embed iframe (labels, article ids, titles) and the no-JS fragment: shown as text, nothing runs', async () => {
    for (const [index, chunk] of chunks.entries()) {
      const { page, executed, violations } = await trappedPage();
      const frames = chunk
        .slice(0, 6)
        .map(
          (text) =>
            `<iframe width="400" height="300" src="${escapeAttribute(`${e2e.api}/embed/${siteIds[index]}/${encodeURIComponent(text.slice(0, 128))}?${new URLSearchParams({ title: text.slice(0, 300) })}`)}"></iframe>`,
        )
        .join('\n');
      e2e.host.pages.set(`/embed-${index}`, { html: `<!doctype html><html><head><meta charset="utf-8"><title>embed</title></head><body>${frames}</body></html>` });
      await page.goto(`${e2e.host.origin}/embed-${index}`);
      // The polls follow their tallies live (an open feed each), so the network never idles:
      // wait until every frame's widget has rendered its poll or its refusal instead.
      const rendered = () =>
        Promise.all(
          page.frames().slice(1).map((frame) =>
            frame.evaluate(() => [...document.querySelectorAll('*')].some((node) => node.shadowRoot?.querySelector('[role="radio"], .f button'))).catch(() => false),
          ),
        );
      await expect.poll(rendered).toEqual(Array.from({ length: Math.min(6, chunk.length) }, () => true));
      expect(executed).toEqual([]);
      expect(await violations()).toEqual([]);

      await page.goto(`${e2e.api}/v1/sites/${siteIds[index]}/articles/fragment-${index}/fragment`);
      const shown = await page.evaluate(() => ({
        items: [...document.querySelectorAll('li')].map((item) => item.textContent ?? ''),
        elements: [...document.body.querySelectorAll('*')].map((node) => node.tagName.toLowerCase()),
      }));
      chunk.forEach((label, position) => expect(shown.items[position]).toContain(label));
      figures.renderedTexts += chunk.length;
      // The fragment's own elements (tally list, and the comments section's heading and note);
      // these articles have no comments, so no links or line breaks may appear.
      const fragmentTags = ['section', 'h2', 'small', 'ul', 'ol', 'li', 'article', 'header', 'footer', 'time', 'span', 'strong', 'p'];
      expect(shown.elements.filter((tag) => !fragmentTags.includes(tag))).toEqual([]);
      expect(executed).toEqual([]);
      expect(await violations()).toEqual([]);
      await page.close();
    }
  }, 180_000);
});

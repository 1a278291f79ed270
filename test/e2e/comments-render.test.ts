import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, renderCommentHtml } from '../../src/comments/render';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { chromiumAvailable, launchChromium } from '../helpers/e2e';
import { createArticle, createSite } from '../helpers/factories';
import { xssPayloads } from '../fixtures/xss';

const NONCE = 'e2e-nonce';

/**
 * The server-side renderer (used by the iframe page, the no-JS fragment and the dashboard) in
 * real Chromium: every XSS payload is posted through the API, read back, rendered with
 * `renderCommentHtml`, and shown on a page whose CSP only *reports* — so anything that
 * escaped the renderer would actually run and be caught by the alert/console hooks and by
 * the CSP report endpoint. A control page with the raw payloads proves the hooks catch it.
 */
describe.skipIf(!chromiumAvailable())('comment bodies rendered in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let server: Server;
  let origin: string;
  const pages = new Map<string, string>();
  const cspReports: string[] = [];
  let stored: { authorName: string; body: string }[] = [];

  beforeAll(async () => {
    t = await testApp();
    const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0, commentsPerDay: 1000 } });
    const article = await createArticle(t.db, site.id);
    const base = `/v1/sites/${site.id}/articles/${article.externalId}/comments`;
    for (const body of xssPayloads) {
      const answer = await t.call('POST', base, { reader: readerToken(), name: '<b onmouseover=alert(0)>Nama</b>', body });
      expect(answer.status, body).toBe(201);
    }
    stored = (await t.call('GET', `${base}?limit=50&sort=oldest`)).body.comments;
    server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/csp') {
        let text = '';
        req.on('data', (chunk) => (text += chunk));
        req.on('end', () => {
          cspReports.push(text);
          res.writeHead(204).end();
        });
        return;
      }
      if (req.url === '/favicon.ico') return void res.writeHead(204).end();
      const html = pages.get(req.url ?? '');
      if (!html) return void res.writeHead(404).end();
      res
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy-report-only': `default-src 'self'; script-src 'nonce-${NONCE}'; report-uri /csp`,
        })
        .end(html);
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  });

  function page(list: string): string {
    return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Komentar</title>
<script nonce="${NONCE}">
  window.__ran = [];
  for (const name of ['alert', 'confirm', 'prompt']) window[name] = (...args) => window.__ran.push(name + ':' + args.join(','));
  const log = console.log.bind(console);
  console.log = (...args) => { window.__ran.push('console:' + args.join(',')); log(...args); };
  document.addEventListener('securitypolicyviolation', (event) => window.__ran.push('csp:' + event.violatedDirective));
</script></head><body><ol>${list}</ol></body></html>`;
  }

  /** Loads a page, pokes every element the way a reader might, and returns what ran. */
  async function run(path: string, html: string) {
    pages.set(path, html);
    const tab = await browser.newPage();
    const console: string[] = [];
    tab.on('console', (message) => console.push(message.text()));
    tab.on('dialog', (dialog) => {
      console.push(`dialog:${dialog.message()}`);
      void dialog.dismiss();
    });
    await tab.goto(`${origin}${path}`, { waitUntil: 'load' });
    await tab.evaluate(() => {
      for (const element of document.querySelectorAll('body *')) {
        for (const type of ['mouseover', 'focus', 'click', 'toggle']) element.dispatchEvent(new Event(type));
      }
    });
    await tab.waitForTimeout(300);
    const ran = await tab.evaluate(() => (window as unknown as { __ran: string[] }).__ran);
    const text = await tab.locator('ol').innerText();
    const links = await tab.locator('ol a').evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]));
    await tab.close();
    return { ran, console, text, links };
  }

  it('runs nothing a reader wrote, and shows it as the text they typed', async () => {
    expect(stored).toHaveLength(xssPayloads.length);
    const list = stored.map((c) => `<li><b>${escapeHtml(c.authorName)}</b><p>${renderCommentHtml(c.body)}</p></li>`).join('');
    const reportsBefore = cspReports.length;
    const { ran, console, text, links } = await run('/rendered', page(list));
    expect(ran).toEqual([]);
    expect(console).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cspReports.slice(reportsBefore)).toEqual([]);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('<img src=x onerror=alert(4)>');
    for (const [href, rel] of links) {
      expect(href).toMatch(/^https?:\/\//);
      expect(rel).toBe('nofollow ugc noopener');
    }
    expect(links.length).toBeGreaterThan(3);
  });

  it('would have caught the payloads had they been rendered as HTML (the hooks work)', async () => {
    const raw = xssPayloads.map((body) => `<li>${body}</li>`).join('');
    const { ran, console } = await run('/raw', page(raw));
    expect(ran.filter((entry) => entry.startsWith('alert:')).length).toBeGreaterThan(3);
    expect(ran.some((entry) => entry.startsWith('csp:'))).toBe(true);
    expect(console.some((line) => line.includes('xss-41'))).toBe(true);
  });
});

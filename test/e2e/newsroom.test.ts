import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleHtml, chromiumAvailable, launchChromium, startHost } from '../helpers/e2e';

/**
 * The newsroom in a real browser against the real server, started the way `npm start` starts
 * it: the admin key it prints once signs in, the overview shows fresh votes, an article opens
 * with its chart, and approving a pending comment makes it public.
 *
 * The server is spawned here rather than with the shared `startApi` because the test needs
 * what it prints on first start (no TANGGAP_ADMIN_KEY, no TANGGAP_SECRET), as `npm start` does.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const available = chromiumAvailable();
const dataDir = mkdtempSync(join(tmpdir(), 'tanggap-newsroom-e2e-'));
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let host: Awaited<ReturnType<typeof startHost>> | undefined;
let baseUrl = '';
let adminKey = '';

beforeAll(async () => {
  if (!available) return;
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', TANGGAP_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  for (const name of ['TANGGAP_ADMIN_KEY', 'TANGGAP_SECRET', 'DATABASE_URL', 'PUBLIC_URL']) delete env[name];
  server = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not print the newsroom key:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /Newsroom: (http:\/\/[\d.]+:\d+)\/newsroom — admin key \(shown once[^)]*\): (tgp_\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        baseUrl = match[1]!;
        adminKey = match[2]!;
        ready();
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', onData);
    server!.on('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
  });
  [browser, host] = await Promise.all([launchChromium(), startHost()]);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  if (server && server.exitCode === null) {
    await new Promise<void>((done) => {
      server!.once('exit', () => done());
      server!.kill('SIGTERM');
    });
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function vote(reaction: string, reader: string) {
  const response = await fetch(`${baseUrl}/v1/sites/demo/articles/e2e-banjir/vote`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
    body: JSON.stringify({ reader, reaction, url: 'http://localhost:3000/banjir', title: 'Banjir melanda Jakarta', section: 'metro' }),
  });
  expect(response.status).toBe(200);
}

/** Adds comments held for review straight to the server's database, two at once for the queue. */
async function holdComments(bodies: string[]) {
  const client = createClient({ url: `file:${join(dataDir, 'tanggap.db')}` });
  try {
    for (const body of bodies) {
      await client.execute({
        sql: `INSERT INTO comments (article_id, reader_hash, author_name, body, status, held_reason)
          SELECT id, 'e2e-reader-hash', 'Sari', ?, 'pending', 'pre-moderation' FROM articles WHERE site_id = 'demo' AND external_id = 'e2e-banjir'`,
        args: [body],
      });
    }
  } finally {
    client.close();
  }
}

async function publicCommentCount(): Promise<number> {
  const response = await fetch(`${baseUrl}/v1/sites/demo/articles/e2e-banjir/poll`);
  return ((await response.json()) as { article: { commentCount: number } }).article.commentCount;
}

describe.skipIf(!available)('newsroom dashboard in Chromium', () => {
  it('signs in with the printed key, shows votes, opens an article, and approves pending comments', async () => {
    for (const [i, reaction] of ['marah', 'marah', 'sedih'].entries()) await vote(reaction, `e2eReaderToken000000000${i}`);
    await holdComments(['Semoga cepat surut, warga butuh bantuan.', 'Pemerintah harus bertindak.']);

    const context = await browser!.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });

    await page.goto(`${baseUrl}/newsroom`);
    expect(new URL(page.url()).pathname).toBe('/newsroom/login');
    await page.fill('#key', adminKey);
    await page.click('button[type=submit].primary');
    await page.click('text=Tanggap Demo');
    await page.waitForURL(/\/newsroom\/sites\/demo/);
    await page.click('a[href$="period=today"]');
    expect(await page.textContent('[data-testid=votes]')).toBe('3');
    expect(await page.locator('svg[aria-labelledby="mix-title mix-desc"] desc').textContent()).toContain('Marah 2 (67%)');
    await expect.poll(() => page.locator('[data-testid=top-articles]').textContent()).toContain('Banjir melanda Jakarta');

    await page.click('text=Banjir melanda Jakarta');
    await page.waitForURL(/\/articles\/e2e-banjir/);
    expect(await page.locator('svg[aria-labelledby="series-title series-desc"]').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('Banjir melanda Jakarta');

    await page.click('nav >> text=Moderasi');
    await page.waitForURL(/\/moderation/);
    expect(await page.locator('.queue-item').count()).toBe(2);
    expect(await publicCommentCount()).toBe(0);
    await page.locator('.queue-item', { hasText: 'Semoga cepat surut' }).locator('button[value^="approve:"]').click();
    await page.waitForURL(/done=approve/);
    expect(await page.locator('.flash').textContent()).toContain('Komentar disetujui');
    expect(await publicCommentCount()).toBe(1);

    // Keyboard moderation (the enhancement script runs under the strict CSP): "a" approves the current item.
    await expect.poll(() => page.locator('.queue-item.current').count()).toBe(1);
    await page.keyboard.press('a');
    await page.waitForSelector('[data-testid=queue-empty]');
    expect(await publicCommentCount()).toBe(2);
    expect(cspErrors).toEqual([]);
    await context.close();
  });

  it('a viewer key cannot reach moderation', async () => {
    const login = await fetch(`${baseUrl}/v1/newsroom/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: adminKey }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const created = await fetch(`${baseUrl}/v1/newsroom/sites/demo/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'Viewer', role: 'viewer' }),
    });
    const { key } = (await created.json()) as { key: string };
    const context = await browser!.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/newsroom/login`);
    await page.fill('#key', key);
    await page.click('button[type=submit].primary');
    await page.waitForURL(/\/newsroom\/sites\/demo/);
    expect(await page.locator('nav >> text=Moderasi').count()).toBe(0);
    const response = await page.goto(`${baseUrl}/newsroom/sites/demo/moderation`);
    expect(response!.status()).toBe(403);
    await context.close();
  });

  it('a comment held for review appears in the widget once a moderator approves it in the dashboard', async () => {
    const session = await fetch(`${baseUrl}/v1/newsroom/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: adminKey }),
    });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const settings = await fetch(`${baseUrl}/v1/newsroom/sites/contoh/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ settings: { moderationMode: 'pre', commentIntervalSeconds: 0 } }),
    });
    expect(settings.status).toBe(200);
    const posted = await fetch(`${baseUrl}/v1/sites/contoh/articles/e2e-approve/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: host!.origin },
      body: JSON.stringify({ reader: 'e2eCommenterToken0000000', name: 'Dewi', body: 'Terima kasih atas liputannya.', elapsedMs: 8_000, title: 'Liputan banjir' }),
    });
    expect(posted.status).toBeLessThan(300);

    host!.pages.set('/approve', { html: articleHtml(baseUrl, { article: 'e2e-approve', site: 'contoh' }) });
    const reader = await (await browser!.newContext({ locale: 'id-ID' })).newPage();
    reader.setDefaultTimeout(10_000);
    await reader.goto(`${host!.origin}/approve`);
    const comments = reader.locator('tanggap-poll section.c');
    await expect.poll(() => comments.locator('h3').textContent()).toMatch(/\(0\)/);
    expect(await comments.locator('li.m', { hasText: 'Terima kasih atas liputannya.' }).count()).toBe(0);

    const editor = await (await browser!.newContext({ locale: 'id-ID' })).newPage();
    editor.setDefaultTimeout(10_000);
    await editor.goto(`${baseUrl}/newsroom/login`);
    await editor.fill('#key', adminKey);
    await editor.click('button[type=submit].primary');
    await editor.goto(`${baseUrl}/newsroom/sites/contoh/moderation`);
    await editor.locator('.queue-item', { hasText: 'Terima kasih atas liputannya.' }).locator('button[value^="approve:"]').click();
    await editor.waitForURL(/done=approve/);

    await expect
      .poll(
        async () => {
          await reader.reload();
          return comments.locator('li.m', { hasText: 'Terima kasih atas liputannya.' }).count();
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toBe(1);
  });
});

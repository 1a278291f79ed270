import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { migrateNodeDatabase, openNodeDatabase } from '../../src/db/node';
import { freePort } from './cli';
import { installProductionBuild, type ProductionInstall, type ProductionServer, startProductionServer } from './prod-server';
import { whenListening } from './server-process';
import { seedDemo } from '../../src/demo/seed';

/** The server secret the e2e servers run with, for tests that make keys directly in their database. */
export const E2E_SECRET = 'e2e-secret-that-is-at-least-32-characters-long';

/**
 * Helpers for the browser suite: the real Node server as a child process on a free port with
 * its own database file, a static "newsroom" host on a different origin, and Chromium.
 */

const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser suite can run. Under CI a missing Chromium fails the run; locally the
 * suite is skipped, loudly.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must run the browser suite (apt-get install chromium).`);
  console.warn(`\n!!! ${CHROMIUM} not found: SKIPPING the browser (e2e) tests. Install it with apt-get install chromium.\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type SiteSettings = Record<string, Record<string, unknown>>;

/**
 * A migrated database file with the demo sites (seeded here, since `settings` may patch them
 * before the server's own development seed would run); `settings` are merged into the named
 * sites' settings JSON.
 */
export async function prepareDatabase(settings: SiteSettings = {}): Promise<{ url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-e2e-'));
  const url = `file:${join(dir, 'e2e.db')}`;
  const { client, db } = await openNodeDatabase(url);
  await migrateNodeDatabase(db);
  await seedDemo(db);
  for (const [siteId, patch] of Object.entries(settings)) {
    await client.execute({
      sql: 'UPDATE sites SET settings = json_patch(settings, ?) WHERE id = ?',
      args: [JSON.stringify(patch), siteId],
    });
  }
  client.close();
  return { url, dir };
}

export type ApiServer = { url: string; port: number; stop: () => Promise<void> };

/** Starts `src/node.ts` as a child process (the same code `npm start` runs). Port 0 picks a free port. */
export async function startApi(databaseUrl: string, dataDir: string, port = 0): Promise<ApiServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      TANGGAP_DATA_DIR: dataDir,
      TANGGAP_SECRET: E2E_SECRET,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test run that dies (timeout, Ctrl-C) must not leave servers behind.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  const url = await whenListening(child).url;
  return {
    url,
    port: Number(new URL(url).port),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** The API plus a database that is deleted afterwards. */
export async function startStack(settings: SiteSettings = {}) {
  const database = await prepareDatabase(settings);
  const stack = {
    /** Replace it to restart the server (same database, same port); `stop` stops the current one. */
    api: await startApi(database.url, database.dir),
    database,
    stop: async () => {
      await stack.api.stop();
      rmSync(database.dir, { recursive: true, force: true });
    },
  };
  return stack;
}

export type HostPage = { html: string; headers?: Record<string, string> };

/**
 * A static newsroom on `http://localhost:<port>`, a different origin from the API on
 * 127.0.0.1, serving whatever pages a test registers.
 */
export async function startHost(): Promise<{ origin: string; pages: Map<string, HostPage>; stop: () => Promise<void> }> {
  const pages = new Map<string, HostPage>();
  const server: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers }).end(page.html);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    pages,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
export type Host = Awaited<ReturnType<typeof startHost>>;

export type OpenOptions = {
  /** The browser context to open the page in (a new one by default). */
  context?: BrowserContext;
  /** Response headers the host page is served with (e.g. a CSP). */
  headers?: Record<string, string>;
  /** Default timeout of the page's actions and waits. */
  timeout?: number;
  /** Runs on the page before it navigates: exposed functions, init scripts. */
  prepare?: (page: Page) => Promise<unknown>;
};

export type BrowserStack = {
  stack: Stack;
  host: Host;
  browser: Browser;
  /** The API's origin, for `articleHtml(api, …)`. */
  api: string;
  /** Serves `html` at `path` on the host origin and opens it in Chromium. */
  open: (path: string, html: string, options?: OpenOptions) => Promise<Page>;
};

/**
 * What a browser test file needs: the API on a fresh database with `settings`, a host origin
 * of its own for article pages, and Chromium, started before the file's tests and stopped after.
 * Call it inside the `describe`; the fields are filled in by its `beforeAll`.
 */
export function useBrowserStack(settings: SiteSettings = {}): BrowserStack {
  const e2e = {} as BrowserStack;
  beforeAll(async () => {
    [e2e.stack, e2e.host, e2e.browser] = await Promise.all([startStack(settings), startHost(), launchChromium()]);
    e2e.api = e2e.stack.api.url;
  });
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.host?.stop();
    await e2e.stack?.stop();
  });
  e2e.open = async (path, html, { context, headers, timeout = 5_000, prepare } = {}) => {
    e2e.host.pages.set(path, { html, headers });
    const page = await (context ?? (await e2e.browser.newContext())).newPage();
    page.setDefaultTimeout(timeout);
    await prepare?.(page);
    await page.goto(`${e2e.host.origin}${path}`);
    return page;
  };
  return e2e;
}

/** The production build's server, its install directory, a host origin and Chromium, as `useProductionBrowserStack` fills them in. */
export type ProductionBrowserStack = { install: ProductionInstall; server: ProductionServer; host: Host; browser: Browser };

/**
 * What a browser test of the production build needs: the build `npm start` runs, installed
 * with production dependencies only and started on a free loopback port, a host origin of its
 * own for article pages, and Chromium. Call it inside the `describe`; the fields are filled in
 * by its `beforeAll`, so a file's own `beforeAll` registered after it can use them.
 */
export function useProductionBrowserStack(): ProductionBrowserStack {
  const e2e = {} as ProductionBrowserStack;
  beforeAll(async () => {
    [e2e.install, e2e.host, e2e.browser] = await Promise.all([Promise.resolve().then(installProductionBuild), startHost(), launchChromium()]);
    const port = await freePort();
    e2e.server = await startProductionServer(e2e.install, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  }, 240_000);
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.host?.stop();
    await e2e.server?.stop();
    e2e.install?.remove();
  });
  return e2e;
}

/** An article page as a newsroom would publish it, with the widget's script tag under the text. */
export function articleHtml(
  api: string,
  options: { article: string; site?: string; attrs?: string; head?: string; body?: string },
): string {
  return `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Artikel ${options.article}</title>${options.head ?? ''}</head>
<body>
<h1>Artikel uji ${options.article}</h1>
<p>Paragraf pembuka artikel yang cukup panjang untuk menjadi isi halaman.</p>
<script async src="${api}/widget.js" data-site="${options.site ?? 'demo'}" data-article="${options.article}" ${options.attrs ?? ''}></script>
${options.body ?? '<p id="below">Teks di bawah widget.</p>'}
</body>
</html>`;
}

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startNodeServer } from '../../src/node';
import { TEST_SECRET } from '../helpers/app';

/**
 * The `tanggap` command as a user runs it: a child process talking HTTP to a real Node server
 * on loopback (fresh data directory), configured by TANGGAP_URL / TANGGAP_ADMIN_KEY or flags.
 */

const ADMIN_KEY = 'cli-test-instance-admin-key-0123456789abcdef';
const CLI = resolve(import.meta.dirname, '../../src/cli/tanggap.ts');
const dir = mkdtempSync(join(tmpdir(), 'tanggap-cli-'));
const server: RunningServer = await startNodeServer({
  HOST: '127.0.0.1',
  PORT: '0',
  TANGGAP_DATA_DIR: dir,
  TANGGAP_SECRET: TEST_SECRET,
  TANGGAP_ADMIN_KEY: ADMIN_KEY,
  LOG_LEVEL: 'silent',
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

type Run = { code: number; stdout: string; stderr: string };

function tanggap(args: string[], env: Record<string, string> = { TANGGAP_URL: server.url, TANGGAP_ADMIN_KEY: ADMIN_KEY }): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('tanggap site …', () => {
  it('creates a site with repeated --origin, prints it plainly with its script tag, and the site works', async () => {
    const run = await tanggap(['site', 'create', 'kabar', '--name', 'Kabar Kita', '--origin', 'https://www.kabarkita.id', '--origin', 'http://kabar.localhost:9123', '--reactions', 'seed-4', '--lang', 'en', '--time-zone', 'Asia/Makassar']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created site kabar.');
    expect(run.stdout).toMatch(/^origins: +https:\/\/www\.kabarkita\.id, http:\/\/kabar\.localhost:9123$/m);
    expect(run.stdout).toMatch(/^time zone: +Asia\/Makassar$/m);
    expect(run.stdout).toMatch(/^reactions: +😀 happy, ✨ inspire, 😕 confuse, 😢 sad$/m);
    expect(run.stdout).toContain(`<script async src="${server.url}/widget.js" data-site="kabar" data-article="ARTICLE-ID"></script>`);
    const poll = await fetch(`${server.url}/v1/sites/kabar/articles/first/poll`, { headers: { origin: 'http://kabar.localhost:9123' } });
    expect(poll.status).toBe(200);
    expect(poll.headers.get('access-control-allow-origin')).toBe('http://kabar.localhost:9123');
  });

  it('lists sites as a table and shows one, or raw JSON with --json', async () => {
    const list = await tanggap(['site', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID +NAME +ORIGINS$/);
    expect(list.stdout).toMatch(/^kabar +Kabar Kita +https:\/\/www\.kabarkita\.id, http:\/\/kabar\.localhost:9123$/m);
    const show = await tanggap(['site', 'show', 'kabar']);
    // The poll read in the first test registered article "first".
    expect(show.stdout).toMatch(/^holds: +1 articles, 0 votes, 0 comments, 0 keys$/m);
    const json = await tanggap(['--json', 'site', 'show', 'kabar']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'kabar', holds: { articles: 1 } });
  });

  it('prints the API error envelope plainly, field by field, and exits non-zero', async () => {
    const duplicate = await tanggap(['site', 'create', 'kabar', '--name', 'Again', '--origin', 'https://x.example']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toBe('');
    expect(duplicate.stderr).toMatch(/^error: conflict \(HTTP 409\): Site "kabar" already exists\. Choose another id\.$/m);
    expect(duplicate.stderr).toContain('  - id: already used by another site');
    const bad = await tanggap(['site', 'create', 'Bad Id', '--name', 'x', '--origin', 'www.no-scheme.example']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: invalid_input \(HTTP 400\)/m);
    expect(bad.stderr).toMatch(/^ {2}- id: id must be 1–63 lowercase/m);
    expect(bad.stderr).toMatch(/^ {2}- origins\.0: each origin must look like/m);
    const missing = await tanggap(['site', 'show', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: not_found \(HTTP 404\)/m);
  });
});

describe('tanggap key create', () => {
  it('creates a key through the API with --url/--key flags, and the key works for its site only', async () => {
    const run = await tanggap(['--url', server.url, '--key', ADMIN_KEY, 'key', 'create', '--site', 'kabar', '--role', 'moderator', '--label', 'Meja moderasi'], {});
    expect(run.code).toBe(0);
    const key = /^key: +(tgp_\S+)$/m.exec(run.stdout)?.[1];
    expect(key).toBeDefined();
    expect(run.stdout).toMatch(/^role: +moderator$/m);
    expect(run.stdout).toMatch(/^label: +Meja moderasi$/m);
    const mine = await fetch(`${server.url}/v1/newsroom/sites`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await mine.json()) as { sites: { id: string }[] }).sites.map((site) => site.id)).toEqual(['kabar']);
    const asModerator = await tanggap(['site', 'create', 'other', '--name', 'x', '--origin', 'https://x.example'], { TANGGAP_URL: server.url, TANGGAP_ADMIN_KEY: key! });
    expect(asModerator.code).toBe(1);
    expect(asModerator.stderr).toMatch(/^error: forbidden \(HTTP 403\)/m);
  });
});

describe('tanggap usage', () => {
  it('refuses a bad role, a missing origin or missing settings before calling anything, with exit 2', async () => {
    const role = await tanggap(['key', 'create', '--site', 'kabar', '--role', 'owner']);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('Allowed choices are viewer, moderator, admin');
    const origin = await tanggap(['site', 'create', 'x', '--name', 'X']);
    expect(origin.code).toBe(2);
    expect(origin.stderr).toContain("required option '--origin <origin>' not specified");
    const unset = await tanggap(['site', 'list'], {});
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('Set TANGGAP_URL');
  });

  it('says plainly when the server cannot be reached', async () => {
    const run = await tanggap(['site', 'list'], { TANGGAP_URL: 'http://127.0.0.1:9', TANGGAP_ADMIN_KEY: ADMIN_KEY });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runTanggap } from '../helpers/cli';

/**
 * `npm run dev:worker` is as ready as `npm start`: on the Worker under wrangler dev with its
 * local D1, the same `tanggap` command creates a site with the admin key that dev:worker wrote
 * to `.dev.vars`, and a vote on that site is counted.
 */

const ROOT = resolve(import.meta.dirname, '../..');

describe('going live on Workers: npm run dev:worker', () => {
  let worker: ChildProcess;
  let url: string;
  let output = '';
  const siteId = `kabar-${randomBytes(4).toString('hex')}`;
  const origin = 'http://kabar.localhost:8080';

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // Its own process group, so wrangler and workerd stop with it.
    worker = spawn('npm', ['run', 'dev:worker', '--', '--port', String(port)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stopGroup = () => worker.pid && process.kill(-worker.pid, 'SIGKILL');
    process.once('exit', stopGroup);
    worker.stdout!.on('data', (chunk) => (output += chunk));
    worker.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (worker.exitCode !== null) throw new Error(`dev:worker exited with ${worker.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`dev:worker did not answer /healthz:\n${output}`);
      const healthy = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
      if (healthy) break;
      await new Promise((wait) => setTimeout(wait, 500));
    }
  }, 180_000);

  afterAll(async () => {
    if (!worker?.pid || worker.exitCode !== null) return;
    const exited = new Promise((done) => worker.once('exit', done));
    process.kill(-worker.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((wait) => setTimeout(wait, 10_000))]);
    if (worker.exitCode === null) process.kill(-worker.pid, 'SIGKILL');
  });

  it('creates a site with the command and the key from .dev.vars, and counts a vote on it', async () => {
    const adminKey = /^TANGGAP_ADMIN_KEY\s*=\s*"?([^"\n]+)"?$/m.exec(readFileSync(resolve(ROOT, '.dev.vars'), 'utf8'))?.[1];
    expect(adminKey).toMatch(/^\S{24,}$/);
    const env = { TANGGAP_URL: url, TANGGAP_ADMIN_KEY: adminKey! };

    const created = await runTanggap(['site', 'create', siteId, '--name', 'Kabar Kita', '--origin', origin], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`data-site="${siteId}"`);
    const shown = await runTanggap(['site', 'show', siteId, '--json'], env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: siteId, origins: [origin], defaultLocale: 'id', timeZone: 'Asia/Jakarta' });

    const reader = randomBytes(16).toString('base64url');
    const vote = await fetch(`${url}/v1/sites/${siteId}/articles/pertama/vote`, {
      method: 'PUT',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ reader, reaction: 'marah' }),
    });
    expect(vote.status).toBe(200);
    const poll = (await (await fetch(`${url}/v1/sites/${siteId}/articles/pertama/poll?reader=${reader}`, { headers: { origin } })).json()) as {
      total: number;
      choice: string | null;
    };
    expect(poll).toMatchObject({ total: 1, choice: 'marah' });

    const deleted = await fetch(`${url}/v1/newsroom/sites/${siteId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ confirm: siteId }),
    });
    expect(deleted.status).toBe(200);
  });

  it('seeds the demo like npm start does', async () => {
    expect((await fetch(`${url}/v1/sites/demo/articles/contoh/poll`)).status).toBe(200);
  });
});

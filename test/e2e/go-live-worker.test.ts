import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTanggap } from '../helpers/cli';
import { type DevWorker, startDevWorker } from '../helpers/dev-worker';

/**
 * `npm run dev:worker` is as ready as `npm start`: on the Worker under wrangler dev with its
 * local D1, the same `tanggap` command creates a site with the admin key that dev:worker wrote
 * to `.dev.vars`, and a vote on that site is counted.
 */

describe('going live on Workers: npm run dev:worker', () => {
  let worker: DevWorker;
  let url: string;
  const siteId = `kabar-${randomBytes(4).toString('hex')}`;
  const origin = 'http://kabar.localhost:8080';

  beforeAll(async () => {
    worker = await startDevWorker();
    url = worker.url;
  }, 180_000);

  afterAll(() => worker?.stop());

  it('creates a site with the command and the key from .dev.vars, and counts a vote on it', async () => {
    const adminKey = worker.adminKey();
    expect(adminKey).toMatch(/^\S{24,}$/);
    const env = { TANGGAP_URL: url, TANGGAP_ADMIN_KEY: adminKey };

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

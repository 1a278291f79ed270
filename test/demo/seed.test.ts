import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { reactions, sites } from '../../src/db/schema';
import { seedDemo } from '../../src/demo/seed';
import { type RunningServer, startNodeServer } from '../../src/node';
import { TEST_SECRET } from '../helpers/app';
import { freshDb } from '../helpers/db';

const dir = mkdtempSync(join(tmpdir(), 'tanggap-demo-seed-'));
const servers: RunningServer[] = [];

/** The Node server as `npm start` (development) or a deployment (production) starts it, on its own database file. */
async function start(name: string, nodeEnv: 'development' | 'production'): Promise<RunningServer> {
  const server = await startNodeServer({
    NODE_ENV: nodeEnv,
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: `file:${join(dir, `${name}.db`)}`,
    TANGGAP_DATA_DIR: join(dir, name),
    TANGGAP_SECRET: TEST_SECRET,
    TANGGAP_ADMIN_KEY: 'demo-seed-test-admin-key-0123456789',
    PUBLIC_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  servers.push(server);
  return server;
}

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo seed', () => {
  it('creates demo (8 reactions, Indonesian) and contoh (4 reactions, English) once, and leaves later edits alone', async () => {
    const { db } = await freshDb({ demo: false });
    expect(await db.select().from(sites)).toEqual([]);
    await seedDemo(db);
    await db.update(sites).set({ name: 'Renamed by an editor' }).where(eq(sites.id, 'demo'));
    await seedDemo(db);
    const seeded = await db.select({ id: sites.id, name: sites.name, locale: sites.defaultLocale }).from(sites).orderBy(sites.id);
    expect(seeded).toEqual([
      { id: 'contoh', name: 'Contoh Media', locale: 'en' },
      { id: 'demo', name: 'Renamed by an editor', locale: 'id' },
    ]);
    const keys = async (siteId: string) =>
      (await db.select({ key: reactions.key }).from(reactions).where(eq(reactions.siteId, siteId)).orderBy(reactions.position)).map((row) => row.key);
    expect(await keys('demo')).toEqual(['senang', 'terhibur', 'terinspirasi', 'tidak-peduli', 'terganggu', 'sedih', 'cemas', 'marah']);
    expect(await keys('contoh')).toEqual(['happy', 'inspire', 'confuse', 'sad']);
  });

  it('is there on a development start: both demo sites answer and / is the demo article', async () => {
    const server = await start('development', 'development');
    for (const site of ['demo', 'contoh']) expect((await fetch(`${server.url}/v1/sites/${site}/articles/a/poll`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/`)).text()).toContain('data-site="demo"');
    expect((await fetch(`${server.url}/demo/index`)).status).toBe(200);
  });

  it('is absent on a production start: no demo site, / is the small page naming the service and linking /docs', async () => {
    const server = await start('production', 'production');
    for (const site of ['demo', 'contoh']) expect((await fetch(`${server.url}/v1/sites/${site}/articles/a/poll`)).status).toBe(404);
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toContain("script-src 'none'");
    const page = await home.text();
    expect(page).toContain('<h1>Tanggap</h1>');
    expect(page).toContain('<a href="/docs">');
    expect(page).not.toContain('widget.js');
    expect((await fetch(`${server.url}/demo/index`)).status).toBe(404);
  });
});

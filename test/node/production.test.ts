import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateNodeDatabase, openNodeDatabase } from '../../src/db/node';
import { seedDemo } from '../../src/demo/seed';
import { MIGRATIONS_DIR } from '../../src/node-layout';
import { installProductionBuild, PRODUCTION_ADMIN_KEY, type ProductionInstall, startProductionServer } from '../helpers/prod-server';

/**
 * Migration 0002 as it was before the demo became a development seed: databases created then
 * ran it and hold its rows (cut down here to one site and one reaction).
 */
const LEGACY_0002 = `INSERT INTO sites (id, name, origins, default_locale, time_zone, settings) VALUES
  ('demo', 'Tanggap Demo', '["http://localhost:*"]', 'id', 'Asia/Jakarta', '{}');
--> statement-breakpoint
INSERT INTO reactions (site_id, key, labels, emoji, position, active) VALUES
  ('demo', 'senang', '{"id":"Senang","en":"Happy"}', '😊', 0, 1);`;

let install: ProductionInstall;
beforeAll(() => {
  install = installProductionBuild();
}, 300_000);
afterAll(() => install?.remove());

/** A database file in the installation, prepared by `prepare` and closed before a server opens it. */
async function databaseWith(name: string, prepare: (db: Awaited<ReturnType<typeof openNodeDatabase>>['db']) => Promise<void>): Promise<string> {
  const url = `file:${join(install.dir, `${name}.db`)}`;
  const { client, db } = await openNodeDatabase(url);
  await prepare(db);
  client.close();
  return url;
}

describe('the production build (dist/server.mjs with production dependencies only)', () => {
  it('starts with NODE_ENV=production on a fresh database: healthy, no demo site, / names the service, the newsroom answers the admin key', async () => {
    const server = await startProductionServer(install);
    try {
      expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok', db: 'ok' });
      const home = await fetch(`${server.url}/`);
      expect(home.status).toBe(200);
      const page = await home.text();
      expect(page).toContain('<h1>Tanggap</h1>');
      expect(page).toContain('href="/docs"');
      expect(page).not.toContain('data-site="demo"');
      expect((await fetch(`${server.url}/demo/index`)).status).toBe(404);
      const poll = await fetch(`${server.url}/v1/sites/demo/articles/x/poll`);
      expect(poll.status).toBe(404);
      expect(((await poll.json()) as { error: { code: string } }).error.code).toBe('not_found');
      expect((await fetch(`${server.url}/docs`)).status).toBe(200);
      const me = await fetch(`${server.url}/v1/newsroom/me`, { headers: { authorization: `Bearer ${PRODUCTION_ADMIN_KEY}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ role: 'admin', sites: [] });
      expect((await fetch(`${server.url}/v1/newsroom/me`, { headers: { authorization: 'Bearer not-the-admin-key-at-all-000' } })).status).toBe(401);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('refuses to start in production without the admin key, naming it', async () => {
    await expect(startProductionServer(install, { TANGGAP_ADMIN_KEY: '' })).rejects.toThrow(/TANGGAP_ADMIN_KEY/);
  });

  it('keeps the demo sites of a database that ran migration 0002 when it still seeded them', async () => {
    const legacyMigrations = mkdtempSync(join(tmpdir(), 'tanggap-legacy-migrations-'));
    try {
      cpSync(MIGRATIONS_DIR, legacyMigrations, { recursive: true });
      writeFileSync(join(legacyMigrations, '0002_demo_sites.sql'), LEGACY_0002);
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
      const url = await databaseWith('legacy', async (db) => {
        await migrateNodeDatabase(db, legacyMigrations);
        // Today's migrations, whose 0002 differs: drizzle goes by timestamp, so nothing re-runs.
        await migrateNodeDatabase(db);
        const [applied] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`);
        expect(applied!.n).toBe(journal.entries.length);
      });
      const server = await startProductionServer(install, { DATABASE_URL: url });
      try {
        const poll = await fetch(`${server.url}/v1/sites/demo/articles/kept/poll`);
        expect(poll.status).toBe(200);
        const body = (await poll.json()) as { reactions: { key: string }[] };
        expect(body.reactions.map((reaction) => reaction.key)).toEqual(['senang']);
        // Production seeds nothing: the second demo site, which this database never had, stays absent.
        expect((await fetch(`${server.url}/v1/sites/contoh/articles/kept/poll`)).status).toBe(404);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    } finally {
      rmSync(legacyMigrations, { recursive: true, force: true });
    }
  });

  it('on SIGTERM stops accepting connections but finishes a vote whose body is still arriving, stores it, then exits', async () => {
    const url = await databaseWith('slow', async (db) => {
      await migrateNodeDatabase(db);
      await seedDemo(db);
    });
    const server = await startProductionServer(install, { DATABASE_URL: url });
    const { hostname, port } = new URL(server.url);
    const reader = randomBytes(16).toString('base64url');
    const body = JSON.stringify({ reader, reaction: 'marah' });
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    const ended = new Promise<void>((done) => socket.once('close', () => done()));
    await new Promise<void>((done) => socket.once('connect', () => done()));
    socket.write(
      `PUT /v1/sites/demo/articles/slow-body/vote HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    // The server has the request's headers (its handler is waiting for the body) when the signal comes.
    await expect.poll(async () => (await fetch(`${server.url}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    await expect.poll(() => server.output()).toContain('SIGTERM received');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    socket.end(body.slice(10));
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"choice":"marah"');
    expect(await server.stop()).toBe(0);

    const { client, db } = await openNodeDatabase(url);
    try {
      const [row] = await db.all<{ count: number }>(sql`
        SELECT c.count AS count FROM reaction_counts c JOIN articles a ON a.id = c.article_id
        WHERE a.site_id = 'demo' AND a.external_id = 'slow-body' AND c.reaction_key = 'marah'`);
      expect(row?.count).toBe(1);
    } finally {
      client.close();
    }
  });

  it('on SIGTERM answers the votes in flight, commits them, then exits: every acknowledged vote is stored, and only those', async () => {
    const url = await databaseWith('drain', async (db) => {
      await migrateNodeDatabase(db);
      await seedDemo(db);
    });
    const server = await startProductionServer(install, { DATABASE_URL: url });
    const readers = Array.from({ length: 200 }, (_, index) => ({ token: randomBytes(16).toString('base64url'), article: `drain-${index}` }));
    let signalled = false;
    let answeredAfterSignal = 0;
    const outcomes = await Promise.all(
      readers.map(async (reader) => {
        try {
          const response = await fetch(`${server.url}/v1/sites/demo/articles/${reader.article}/vote`, {
            method: 'PUT',
            // One network key per reader (address + user agent), as many readers behind one carrier address.
            headers: { 'content-type': 'application/json', 'user-agent': `drain/${reader.token}` },
            body: JSON.stringify({ reader: reader.token, reaction: 'sedih' }),
          });
          const body = (await response.json()) as { choice?: string };
          if (signalled) answeredAfterSignal++;
          if (!signalled) {
            signalled = true;
            server.child.kill('SIGTERM');
          }
          return response.status === 200 && body.choice === 'sedih';
        } catch {
          // Refused or reset: the server had stopped accepting before it read this request.
          return false;
        }
      }),
    );
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('writes committed, database closed');
    const acknowledged = readers.filter((_, index) => outcomes[index]);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Requests were still being served when the signal came, so the drain had work to do.
    expect(answeredAfterSignal).toBeGreaterThan(0);

    const { client, db } = await openNodeDatabase(url);
    try {
      const stored = await db.all<{ article: string; count: number }>(sql`
        SELECT a.external_id AS article, c.count AS count FROM reaction_counts c JOIN articles a ON a.id = c.article_id
        WHERE a.site_id = 'demo' AND c.reaction_key = 'sedih' AND c.count > 0`);
      expect(stored.map((row) => row.article).sort()).toEqual(acknowledged.map((reader) => reader.article).sort());
      expect(stored.every((row) => row.count === 1)).toBe(true);
    } finally {
      client.close();
    }
  });
});

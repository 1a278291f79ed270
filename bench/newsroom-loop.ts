/**
 * In-process timing of `GET /v1/newsroom/sites/demo/top-articles` as `npm run bench` asks it
 * (instance admin key, production config, ~10k votes on 100 articles), without HTTP or a load
 * generator: prints µs per request, sequential and 50 at a time.
 * `npx tsx bench/newsroom-loop.ts` (add `node --cpu-prof` via NODE_OPTIONS for a profile).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app';
import { groupCommit } from '../src/db/group-commit';
import { migrateNodeDatabase, openNodeDatabase } from '../src/db/node';
import { seedDemo } from '../src/demo/seed';
import { nodeStaticFiles } from '../src/http/node-static-files';

const ADMIN_KEY = 'bench-admin-key-that-is-long-enough';
const REACTIONS = ['senang', 'terhibur', 'terinspirasi', 'tidak-peduli', 'terganggu', 'sedih', 'cemas', 'marah'];

const dir = mkdtempSync(join(tmpdir(), 'tanggap-newsroom-loop-'));
const { client, db } = await openNodeDatabase(`file:${join(dir, 'loop.db')}`);
await migrateNodeDatabase(db);
await seedDemo(db);
const now = Date.now();
for (let i = 0; i < 100; i++) {
  await db.run(sql`INSERT INTO articles (site_id, external_id, url, title) VALUES ('demo', ${`bench-${i}`}, ${`http://localhost/bench-${i}`}, ${`Bench ${i}`})`);
}
const ids = (await db.all<{ id: number }>(sql`SELECT id FROM articles WHERE site_id = 'demo' ORDER BY id`)).map((row) => row.id);
const statements = [];
for (let i = 0; i < 10_000; i++) {
  const article = ids[Math.floor(Math.random() * ids.length)]!;
  const reaction = REACTIONS[Math.floor(Math.random() * REACTIONS.length)]!;
  const at = now - Math.floor(Math.random() * 3_600_000);
  statements.push(db.run(sql`INSERT INTO votes (article_id, reader_hash, reaction_key, created_at, updated_at)
    VALUES (${article}, ${`reader-${i}`}, ${reaction}, ${at}, ${at}) ON CONFLICT DO NOTHING`));
}
await db.batch(statements as never);

const app = createApp({
  db,
  writer: groupCommit(db),
  config: { secret: 'bench-secret-that-is-at-least-32-characters-long', production: true, adminKey: ADMIN_KEY, publicUrl: undefined },
  clientInfo: () => ({ ip: '127.0.0.1', userAgent: 'loop' }),
  log: () => {},
  staticFiles: nodeStaticFiles(),
});
const path = '/v1/newsroom/sites/demo/top-articles?limit=20';
const headers = { authorization: `Bearer ${ADMIN_KEY}` };
const once = async () => {
  const response = await app.request(path, { headers });
  if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
  await response.text();
};

for (let i = 0; i < 200; i++) await once();
const rounds = Number(process.env.LOOP_ROUNDS ?? 1000);
let started = performance.now();
for (let i = 0; i < rounds; i++) await once();
console.log(`sequential: ${Math.round(((performance.now() - started) * 1000) / rounds)} µs/request (${rounds} requests)`);
started = performance.now();
const batches = Math.ceil(rounds / 50);
for (let b = 0; b < batches; b++) await Promise.all(Array.from({ length: 50 }, once));
console.log(`50 concurrent: ${Math.round(((performance.now() - started) * 1000) / (batches * 50))} µs/request (${batches * 50} requests)`);
client.close();
rmSync(dir, { recursive: true, force: true });

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments } from '../../src/db/schema';
import { migrateNodeDatabase, openNodeDatabase } from '../../src/db/node';
import { TEST_SECRET } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { type ServerProcess, startServerProcess } from '../helpers/server-process';

/**
 * The anonymous memory attack of issue 12, against the server process `npm start` runs (its
 * heap flags included): long comments on one article, then thousands of anonymous reads that
 * each ask for a different page, language and junk query. Every answer must stay bounded by
 * the one cache's byte budget, so the process keeps answering within its memory.
 */

const COMMENTS = 200;
const BODY_CHARS = 1_990;
const READS = 2_000;
const CONCURRENCY = 8;
const RSS_LIMIT_MB = 250;

const dir = mkdtempSync(join(tmpdir(), 'tanggap-attack-'));
let server: ServerProcess;
let path = '';
let firstId = 0;

beforeAll(async () => {
  const databaseUrl = `file:${join(dir, 'attack.db')}`;
  const { client, db } = await openNodeDatabase(databaseUrl);
  await migrateNodeDatabase(db);
  const site = await createSite(db);
  const article = await createArticle(db, site.id);
  const now = Date.now();
  const rows = await db
    .insert(comments)
    .values(
      Array.from({ length: COMMENTS }, (_, i) => ({
        articleId: article.id,
        readerHash: `reader-${i}`,
        authorName: `Pembaca ${i}`,
        body: `${i} `.padEnd(BODY_CHARS, 'panjang sekali '),
        status: 'approved' as const,
        createdAt: now + i,
        updatedAt: now + i,
      })),
    )
    .returning({ id: comments.id });
  firstId = rows[0]!.id;
  client.close();
  path = `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/comments`;
  server = await startServerProcess({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    TANGGAP_DATA_DIR: dir,
    TANGGAP_SECRET: TEST_SECRET,
    TANGGAP_ADMIN_KEY: 'attack-test-admin-key-0123456789',
    LOG_LEVEL: 'error',
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A valid `newest` cursor: the page after comment `id`; `likes` is ignored by that sort. */
function cursor(id: number, likes: number): string {
  return Buffer.from(JSON.stringify(['newest', likes, id])).toString('base64url');
}

const languages = (i: number) => [`en-US,en;q=0.${i % 10}`, `id-ID,id;q=0.9,x-${i};q=0.1`, `fr-${i % 97},en;q=0.5`][i % 3]!;

describe('anonymous reads with distinct cursors, languages and junk queries', () => {
  it(`keep the server answering under ${RSS_LIMIT_MB} MB with the cache inside its byte budget`, async () => {
    let next = 0;
    let peakRss = server.rssMb();
    const statuses = new Map<number, number>();
    const worker = async () => {
      while (next < READS) {
        const i = next++;
        // Page sizes vary too, so the distinct pages asked for hold more than the budget.
        const query = `limit=${30 + (i % 21)}&cursor=${cursor(firstId + COMMENTS - (i % (COMMENTS - 50)), i)}&junk${i}=${i}`;
        const response = await fetch(`${server.url}${path}?${query}`, { headers: { 'accept-language': languages(i) } });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (i % 50 === 0) peakRss = Math.max(peakRss, server.rssMb());
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    peakRss = Math.max(peakRss, server.rssMb());

    expect(server.alive()).toBe(true);
    expect(Object.fromEntries(statuses)).toEqual({ 200: READS });
    expect(peakRss).toBeLessThan(RSS_LIMIT_MB);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const { cache } = (await health.json()) as { cache: { bytes: number; maxBytes: number; entries: number; evictions: number } };
    expect(cache.entries).toBeGreaterThan(0);
    expect(cache.evictions).toBeGreaterThan(0);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
  }, 120_000);
});

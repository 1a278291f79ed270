import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { tursoDb } from '../../src/db/turso-web';
import worker from '../../src/worker-turso';
import { invariantViolations } from '../helpers/invariants';
import { db as d1, readerToken } from './helpers';

// The Turso deployment's bindings: no D1, the database is TURSO_DATABASE_URL (the Hrana test server).
const { DB: _unused, ...common } = env;
const tursoEnv = { ...common, TURSO_DATABASE_URL: inject('tursoUrl'), TURSO_AUTH_TOKEN: inject('tursoToken') };
/** The same database, read directly (not through the Worker) to check what the Worker wrote. */
const turso = tursoDb(inject('tursoUrl'), inject('tursoToken'));

/** A request through src/worker-turso.ts's own `fetch`, as Cloudflare would deliver it. */
async function call(method: string, path: string, body?: unknown, bindings: Record<string, unknown> = tursoEnv) {
  const ctx = createExecutionContext();
  const init: RequestInit = { method, headers: { 'cf-connecting-ip': '203.0.113.9', 'content-type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const request = new Request(`https://tanggap.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return { status: response.status, body: (await response.json()) as any };
}

const article = `turso-${crypto.randomUUID().slice(0, 8)}`;
const poll = (query = '') => `/v1/sites/demo/articles/${article}/poll${query}`;
const vote = `/v1/sites/demo/articles/${article}/vote`;

describe('the Turso Worker entry (src/worker-turso.ts) against a Hrana server', () => {
  afterEach(() => vi.restoreAllMocks());

  it('serves the poll and counts a vote in the Turso database, not in D1', async () => {
    const before = await call('GET', poll());
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ question: 'Bagaimana tanggapan anda mengenai artikel ini?', total: 0 });

    const reader = readerToken();
    const cast = await call('PUT', vote, { reader, reaction: 'senang', title: 'Berita Turso' });
    expect(cast.status).toBe(200);
    expect(cast.body).toMatchObject({ choice: 'senang', total: 1 });
    expect((await call('GET', poll(`?reader=${reader}`))).body).toMatchObject({ choice: 'senang', total: 1 });

    const stored = await turso.all<{ title: string; votes: number }>(
      sql`SELECT a.title, a.vote_count AS votes FROM articles a WHERE a.site_id = 'demo' AND a.external_id = ${article}`,
    );
    expect(stored).toEqual([{ title: 'Berita Turso', votes: 1 }]);
    expect(await invariantViolations(turso)).toEqual([]);
    expect(await d1.all(sql`SELECT id FROM articles WHERE external_id = ${article}`)).toEqual([]);
  });

  it('fails with the 500 envelope, logged, when Turso refuses its token, and writes nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const refused = await call('PUT', vote, { reader: readerToken(), reaction: 'sedih' }, { ...tursoEnv, TURSO_AUTH_TOKEN: 'not-the-token' });
    expect(refused.status).toBe(500);
    expect(refused.body.error.code).toBe('internal');
    expect(errors).toHaveBeenCalled();
    expect(await turso.all(sql`SELECT reaction_key FROM votes v JOIN articles a ON a.id = v.article_id WHERE a.external_id = ${article} AND v.reaction_key = 'sedih'`)).toEqual([]);
  });
});

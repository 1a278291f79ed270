import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import worker from '../../src/worker';
import { db } from './helpers';

/** Calls the Worker's entry with a fresh bindings object: a fresh isolate's first requests. */
async function callWith(bindings: Record<string, unknown>, path: string) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`https://tanggap.test${path}`) as Request<unknown, IncomingRequestCfProperties>, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return { status: response.status, text: await response.text() };
}

const demoSites = async () => (await db.all<{ id: string }>(sql`SELECT id FROM sites ORDER BY id`)).map((row) => row.id);

describe('the demo sites on Workers', () => {
  beforeEach(async () => {
    await db.run(sql`DELETE FROM sites WHERE id IN ('demo', 'contoh')`);
  });

  // Production first: it must not find a demo site that an earlier test's requests left in the
  // isolate's short-lived site cache after the rows were deleted behind the app's back.
  it('are never seeded in production, where / is the small page naming the service', async () => {
    const bindings = { ...env, ENVIRONMENT: 'production' };
    expect((await callWith(bindings, '/v1/sites/demo/articles/first/poll')).status).toBe(404);
    expect(await demoSites()).toEqual([]);
    const home = await callWith(bindings, '/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<a href="/docs">');
    expect(home.text).not.toContain('data-site="demo"');
  });

  it('are seeded by a development Worker (wrangler dev) before its first answer', async () => {
    const bindings = { ...env, ENVIRONMENT: 'development' };
    const poll = await callWith(bindings, '/v1/sites/demo/articles/first/poll');
    expect(poll.status).toBe(200);
    expect(await demoSites()).toEqual(['contoh', 'demo']);
    expect((await callWith(bindings, '/')).text).toContain('data-site="demo"');
  });
});

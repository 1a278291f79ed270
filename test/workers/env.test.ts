import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/worker';

/** Calls the Worker's entry with bindings of the test's choosing (a fresh object: a fresh parse). */
async function callWith(bindings: Record<string, unknown>, path = '/healthz') {
  const ctx = createExecutionContext();
  const request = new Request(`https://tanggap.test${path}`) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return { status: response.status, body: (await response.json()) as any };
}

describe('fail-closed environment', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers every request with a 500 misconfigured envelope naming a short TANGGAP_SECRET, never its value, and logs once', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bindings = { ...env, TANGGAP_SECRET: 'short-secret-value' };
    const first = await callWith(bindings);
    expect(first.status).toBe(500);
    expect(first.body.error).toMatchObject({ code: 'misconfigured', requestId: expect.any(String) });
    expect(first.body.error.message).toContain('TANGGAP_SECRET');
    expect(first.body.error.message).toContain('Tanggap belum dikonfigurasi');
    expect(JSON.stringify(first.body)).not.toContain('short-secret-value');
    const second = await callWith(bindings, '/v1/sites/demo/articles/x/poll?lang=en');
    expect(second.status).toBe(500);
    expect(second.body.error.message).toContain('Tanggap is not configured correctly');
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[0])).toContain('TANGGAP_SECRET');
    expect(String(errors.mock.calls[0]?.[0])).not.toContain('short-secret-value');
  });

  it('names a missing TANGGAP_SECRET and a missing database', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { TANGGAP_SECRET: _secret, ...withoutSecret } = env;
    const missing = await callWith(withoutSecret);
    expect(missing.status).toBe(500);
    expect(missing.body.error.message).toContain('TANGGAP_SECRET is missing');
    const { DB: _db, ...withoutDb } = env;
    const noDb = await callWith(withoutDb);
    expect(noDb.body.error).toMatchObject({ code: 'misconfigured' });
    expect(noDb.body.error.message).toContain('DB');
    const { ASSETS: _assets, ...withoutAssets } = env;
    const noAssets = await callWith(withoutAssets);
    expect(noAssets.body.error).toMatchObject({ code: 'misconfigured' });
    expect(noAssets.body.error.message).toContain('ASSETS');
  });

  it('serves normally with valid bindings', async () => {
    const ok = await callWith({ ...env });
    expect(ok).toMatchObject({ status: 200, body: { status: 'ok', db: 'ok' } });
  });

  it('sizes the isolate\'s cache from CACHE_MAX_BYTES, and refuses a budget that is not a number of bytes', async () => {
    const sized = await callWith({ ...env, CACHE_MAX_BYTES: '1048576' });
    expect(sized.body.cache.maxBytes).toBe(1_048_576);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const refused = await callWith({ ...env, CACHE_MAX_BYTES: '32MB' });
    expect(refused.status).toBe(500);
    expect(refused.body.error.message).toContain('CACHE_MAX_BYTES');
  });
});

import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../src/http/accept-encoding';
import { nodeCompression } from '../../src/http/compression';

const big = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ i, text: 'Tanggapan pembaca' })) });

function app() {
  const app = new Hono();
  app.use(nodeCompression());
  app.get('/big', (c) => {
    c.header('ETag', '"abc"');
    return c.body(big, 200, { 'Content-Type': 'application/json; charset=UTF-8' });
  });
  app.get('/small', (c) => c.json({ ok: true }));
  app.get('/varied', (c) => {
    c.header('Vary', 'Origin');
    return c.body(big, 200, { 'Content-Type': 'application/json' });
  });
  app.get('/raw', (c) => c.body(big, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'public, no-transform' }));
  app.get('/png', (c) => c.body(big, 200, { 'Content-Type': 'image/png' }));
  return app;
}

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1, gzip;q=0.5', true],
    ['GZIP', true],
    ['gzip;q=0', false],
    ['*', true],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['identity', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('nodeCompression', () => {
  it('gzips a large compressible body for a client that accepts gzip, weakening a strong ETag', async () => {
    const response = await app().request('/big', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(response.headers.get('etag')).toBe('W/"abc"');
    expect(gunzipSync(new Uint8Array(await response.arrayBuffer())).toString('utf8')).toBe(big);
  });

  it('sends the body as is, still varying on Accept-Encoding, to a client that does not accept gzip', async () => {
    const response = await app().request('/big', { headers: { 'accept-encoding': 'identity' } });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(response.headers.get('etag')).toBe('"abc"');
    expect(await response.text()).toBe(big);
  });

  it('leaves bodies under 1 KB uncompressed', async () => {
    const response = await app().request('/small', { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.json()).toEqual({ ok: true });
  });

  it('keeps an existing Vary and adds Accept-Encoding to it', async () => {
    const response = await app().request('/varied', { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('vary')).toBe('Origin, Accept-Encoding');
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });

  it('respects no-transform and skips content types that do not compress', async () => {
    for (const path of ['/raw', '/png']) {
      const response = await app().request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.headers.get('content-encoding')).toBeNull();
      expect(await response.text()).toBe(big);
    }
  });

  it('does not compress HEAD responses', async () => {
    const response = await app().request('/big', { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBeNull();
  });
});

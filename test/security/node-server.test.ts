import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startNodeServer } from '../../src/node';
import { readerToken, TEST_SECRET } from '../helpers/app';
import { createSite } from '../helpers/factories';

/**
 * What only the real Node server can show: how it learns the client's address (socket, or
 * X-Forwarded-For only behind TRUST_PROXY) and how it treats slow and oversized requests.
 * Servers listen on 127.0.0.1 on a free port, each on a fresh database file.
 */

const dir = mkdtempSync(join(tmpdir(), 'tanggap-node-'));
const servers: RunningServer[] = [];

async function start(name: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startNodeServer({
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: `file:${join(dir, `${name}.db`)}`,
    TANGGAP_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  });
  servers.push(server);
  return server;
}

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes and collects what comes back until the server closes the socket. */
function rawExchange(url: string, chunks: { text: string; afterMs: number }[], giveUpMs = 8_000): Promise<{ reply: string; closedByServer: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let reply = '';
    const timers: NodeJS.Timeout[] = [];
    const giveUp = setTimeout(() => {
      timers.forEach(clearTimeout);
      socket.destroy();
      resolve({ reply, closedByServer: false });
    }, giveUpMs);
    socket.on('data', (data) => (reply += data.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(giveUp);
      timers.forEach(clearTimeout);
      resolve({ reply, closedByServer: true });
    });
    socket.on('connect', () => {
      for (const chunk of chunks) timers.push(setTimeout(() => socket.writable && socket.write(chunk.text), chunk.afterMs));
    });
  });
}

async function vote(server: RunningServer, siteId: string, headers: Record<string, string>) {
  const response = await fetch(`${server.url}/v1/sites/${siteId}/articles/xff/vote`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ reader: readerToken(), reaction: 'a' }),
  });
  await response.body?.cancel();
  return response.status;
}

describe('client address and X-Forwarded-For', () => {
  let direct: RunningServer;
  let proxied: RunningServer;
  beforeAll(async () => {
    direct = await start('direct');
    proxied = await start('proxied', { TRUST_PROXY: '1' });
  });

  it('without TRUST_PROXY a spoofed X-Forwarded-For changes nothing: the cap still bites', async () => {
    const site = await createSite(direct.db, { settings: { votesPerNetworkPerDay: 2 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await vote(direct, site.id, { 'x-forwarded-for': `198.51.100.${i + 1}` }));
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
  });

  it('with TRUST_PROXY each address the proxy appended is its own network', async () => {
    const site = await createSite(proxied.db, { settings: { votesPerNetworkPerDay: 2 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await vote(proxied, site.id, { 'x-forwarded-for': `198.51.100.${i + 1}` }));
    expect(statuses).toEqual([200, 200, 200, 200]);
  });

  it('with TRUST_PROXY only the last hop counts: hops a client prepends change nothing', async () => {
    const site = await createSite(proxied.db, { settings: { votesPerNetworkPerDay: 2 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await vote(proxied, site.id, { 'x-forwarded-for': `10.0.0.${i + 1}, 203.0.113.50` }));
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});

describe('production configuration', () => {
  it('refuses to start in production without PUBLIC_URL, saying what to set', async () => {
    await expect(start('no-public-url', { NODE_ENV: 'production', TANGGAP_ADMIN_KEY: 'an-admin-key-of-at-least-24-chars' })).rejects.toThrow(
      /PUBLIC_URL is required when NODE_ENV=production: .*PUBLIC_URL=https:\/\//,
    );
  });

  it('in production a forged Host equal to Origin is still a foreign origin', async () => {
    const server = await start('public-url', { NODE_ENV: 'production', TANGGAP_ADMIN_KEY: 'an-admin-key-of-at-least-24-chars', PUBLIC_URL: 'https://tanggap.example' });
    const site = await createSite(server.db, { origins: ['https://news.example'] });
    const vote = (headers: Record<string, string>) =>
      fetch(`${server.url}/v1/sites/${site.id}/articles/host-1/vote`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ reader: readerToken(), reaction: 'a' }),
      });
    const { port } = new URL(server.url);
    const body = JSON.stringify({ reader: readerToken(), reaction: 'a' });
    const forged = await rawExchange(server.url, [{
      text: `PUT /v1/sites/${site.id}/articles/host-1/vote HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://evil.example\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      afterMs: 0,
    }]);
    expect(forged.reply).toMatch(/^HTTP\/1\.1 403/);
    expect((await vote({ origin: `http://127.0.0.1:${port}` })).status).toBe(403);
    expect((await vote({ origin: 'https://tanggap.example' })).status).toBe(200);
  });
});

describe('slow and oversized requests', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // Short timeouts only here, where slow clients are the point: elsewhere a loaded machine
    // could trip them.
    server = await start('limits', { HEADERS_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '600' });
  });

  it('cuts off a client that never finishes its headers (slowloris) with a 408', async () => {
    const { reply, closedByServer } = await rawExchange(server.url, [
      { text: 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', afterMs: 0 },
      { text: 'X-Slow: 1\r\n', afterMs: 200 },
      { text: 'X-Slow: 2\r\n', afterMs: 400 },
    ]);
    expect(closedByServer).toBe(true);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a client that trickles its body', async () => {
    const trickle = Array.from({ length: 30 }, (_, i) => ({ text: 'x', afterMs: 100 + i * 200 }));
    const { reply, closedByServer } = await rawExchange(server.url, [
      {
        text: 'PUT /v1/sites/demo/articles/slow/vote HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
        afterMs: 0,
      },
      ...trickle,
    ]);
    expect(closedByServer).toBe(true);
    expect(reply).not.toMatch(/^HTTP\/1\.1 200/);
  });

  it('refuses request headers over 16 KB with a 431', async () => {
    const { reply } = await rawExchange(server.url, [
      { text: `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`, afterMs: 0 },
    ]);
    expect(reply).toMatch(/^HTTP\/1\.1 431/);
  });

  it('refuses a body over the limit with 413 and the envelope, whatever Content-Length claims', async () => {
    const big = JSON.stringify({ reader: readerToken(), reaction: 'senang', title: 'x'.repeat(9000) });
    const response = await fetch(`${server.url}/v1/sites/demo/articles/big/vote`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    const chunked = await fetch(`${server.url}/v1/sites/demo/articles/big/vote`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });
});

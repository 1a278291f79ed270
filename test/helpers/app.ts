import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { nodeCompression } from '../../src/http/compression';
import { createApp } from '../../src/app';
import type { AppConfig } from '../../src/config';
import type { Db } from '../../src/db/client';
import { groupCommit } from '../../src/db/group-commit';
import type { AppDeps } from '../../src/http/context';
import { nodeStaticFiles } from '../../src/http/node-static-files';
import { freshDb, type TestDb } from './db';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/** A reader token as the widget makes one: 16 random bytes, base64url. */
export function readerToken(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The client address a test request pretends to come from. Tests choose it with the
 * `x-test-ip` header, which only this harness reads; the real runtimes never do.
 */
function testClientInfo(c: Context) {
  return { ip: c.req.header('x-test-ip') ?? '203.0.113.7', userAgent: c.req.header('user-agent') ?? 'vitest' };
}

export type TestApp = TestDb & {
  app: ReturnType<typeof createApp>;
  logs: Record<string, unknown>[];
  /** `app.request` with JSON encoding and a parsed JSON answer. */
  call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any; headers: Headers }>;
};

/** An app on a fresh migrated database, as every route test uses it. */
export async function testApp(overrides: Omit<Partial<AppDeps>, 'config'> & { config?: Partial<AppConfig>; db?: Db } = {}): Promise<TestApp> {
  const testDb = overrides.db ? { db: overrides.db } as TestDb : await freshDb();
  const logs: Record<string, unknown>[] = [];
  const app = createApp({
    clientInfo: testClientInfo,
    log: (line) => logs.push(line),
    // As on Node: responses are compressed for clients that accept it.
    compression: nodeCompression(),
    staticFiles: nodeStaticFiles(),
    ...overrides,
    db: testDb.db,
    // As on Node: concurrent writes share group commits, so every route test exercises them.
    writer: overrides.writer ?? groupCommit(testDb.db),
    config: { secret: TEST_SECRET, production: false, adminKey: undefined, publicUrl: undefined, ...overrides.config },
  });
  const call: TestApp['call'] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return { ...testDb, app, logs, call };
}

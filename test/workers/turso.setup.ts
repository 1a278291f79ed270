import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateNodeDatabase, openNodeDatabase } from '../../src/db/node';
import { startHranaServer } from '../helpers/hrana-server';

/** The token the Turso Worker must send; the server refuses requests without it. */
export const TURSO_TEST_TOKEN = 'workers-turso-test-token';

declare module 'vitest' {
  interface ProvidedContext {
    /** TURSO_DATABASE_URL of the Hrana test server (a migrated libsql file) for the Turso entry. */
    tursoUrl: string;
    tursoToken: string;
  }
}

/**
 * Runs in Node, before the workerd suite: a migrated libsql file served over Hrana/HTTP on
 * loopback, so `src/worker-turso.ts` inside workerd reaches a real database through the same
 * `@libsql/client/web` requests it sends to Turso. Closed and deleted after the suite.
 */
export default async function tursoServer(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-turso-'));
  const server = await startHranaServer(join(dir, 'turso.db'), { authToken: TURSO_TEST_TOKEN });
  // Migrated over HTTP, as `npm run db:migrate` migrates a Turso database.
  const { client, db } = await openNodeDatabase(server.url, TURSO_TEST_TOKEN);
  await migrateNodeDatabase(db);
  client.close();
  project.provide('tursoUrl', server.libsqlUrl);
  project.provide('tursoToken', TURSO_TEST_TOKEN);
  return async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
}

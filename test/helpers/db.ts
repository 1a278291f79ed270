import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { afterAll } from 'vitest';
import type { Db } from '../../src/db/client';
import { migrateNodeDatabase, openNodeDatabase } from '../../src/db/node';

export type TestDb = { db: Db; client: Client; url: string; dir: string };

/**
 * A fresh, migrated libsql file database (WAL, like production) that is closed and deleted
 * after the test file. Call it at the top of a test file or in `beforeAll`.
 */
export async function freshDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-test-'));
  const url = `file:${join(dir, 'test.db')}`;
  const { client, db } = await openNodeDatabase(url);
  await migrateNodeDatabase(db);
  afterAll(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, client, url, dir };
}

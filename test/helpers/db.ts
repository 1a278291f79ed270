import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, InStatement } from '@libsql/client';
import { afterAll } from 'vitest';
import type { Db } from '../../src/db/client';
import { libsqlDb } from '../../src/db/libsql';
import { migrateNodeDatabase, openNodeDatabase } from '../../src/db/node';
import { seedDemo } from '../../src/demo/seed';

export type TestDb = { db: Db; client: Client; url: string; dir: string };

/**
 * A fresh, migrated libsql file database (WAL, like production) that is closed and deleted
 * after the test file. Call it at the top of a test file or in `beforeAll`. It holds the demo
 * sites (`demo`, `contoh`) that most tests use, as a development server's database does;
 * `{ demo: false }` gives the empty database a production start gets.
 */
export async function freshDb({ demo = true }: { demo?: boolean } = {}): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-test-'));
  const url = `file:${join(dir, 'test.db')}`;
  const { client, db } = await openNodeDatabase(url);
  await migrateNodeDatabase(db);
  if (demo) await seedDemo(db);
  afterAll(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, client, url, dir };
}

/**
 * A fresh database whose client records the SQL of every statement it is sent, for tests that
 * count the queries a request or a service call runs. Clear `statements` between measurements.
 */
export async function recordingDb(): Promise<TestDb & { statements: string[] }> {
  const testDb = await freshDb();
  const statements: string[] = [];
  const sqlOf = (stmt: InStatement | string) => (typeof stmt === 'string' ? stmt : stmt.sql);
  const recording = new Proxy(testDb.client, {
    get(target, key, receiver) {
      if (key === 'execute') return (stmt: InStatement, args?: never) => (statements.push(sqlOf(stmt)), target.execute(stmt as never, args));
      if (key === 'batch') return (stmts: InStatement[], mode?: never) => (stmts.forEach((stmt) => statements.push(sqlOf(stmt))), target.batch(stmts, mode));
      return Reflect.get(target, key, receiver);
    },
  });
  return { ...testDb, db: libsqlDb(recording), statements };
}

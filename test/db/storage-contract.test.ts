import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll } from 'vitest';
import { libsqlDb } from '../../src/db/libsql';
import { migrateNodeDatabase, openNodeDatabase } from '../../src/db/node';
import { tursoDb } from '../../src/db/turso-web';
import { freshDb } from '../helpers/db';
import { startHranaServer } from '../helpers/hrana-server';
import { storageContract } from '../helpers/storage-contract';

const dir = mkdtempSync(join(tmpdir(), 'tanggap-contract-'));
const closers: (() => unknown)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  rmSync(dir, { recursive: true, force: true });
});

/** A migrated libsql file under this test file's directory, closed again so another client can open it. */
async function migratedFile(name: string): Promise<string> {
  const path = join(dir, name);
  const { client, db } = await openNodeDatabase(`file:${path}`);
  await migrateNodeDatabase(db);
  client.close();
  return path;
}

// What `npm start` runs on: the embedded client over a WAL file (src/db/node.ts).
storageContract('embedded client (src/db/embedded.ts)', async () => (await freshDb()).db);

// The client embedded.ts stands in for, on the same kind of file: the suite holds them to the same behaviour.
storageContract('@libsql/client on a file', async () => {
  const client = createClient({ url: `file:${await migratedFile('libsql-file.db')}` });
  closers.push(() => client.close());
  await client.execute('PRAGMA foreign_keys = ON');
  return libsqlDb(client);
});

// The Turso path of the Workers build (src/db/turso-web.ts), over Hrana/HTTP to a local server,
// on a database migrated over HTTP too, as `npm run db:migrate` migrates Turso.
storageContract('@libsql/client/web over Hrana HTTP (src/db/turso-web.ts)', async () => {
  const server = await startHranaServer(join(dir, 'turso.db'), { authToken: 'contract-token' });
  closers.push(() => server.close());
  const { client, db } = await openNodeDatabase(server.url, 'contract-token');
  await migrateNodeDatabase(db);
  client.close();
  return tursoDb(server.url, 'contract-token');
});

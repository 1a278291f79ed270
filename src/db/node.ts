import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Db } from './client';
import { embeddedClient } from './embedded';
import { libsqlDb } from './libsql';
import { MIGRATIONS_DIR } from '../node-layout';

/**
 * Opens the Node database: an embedded libsql file by default, or Turso when the URL is
 * remote. A file database runs in WAL mode with synchronous=NORMAL: a commit survives a killed
 * process (the WAL is written before the commit returns) without an fsync per commit blocking
 * the event loop; only an OS crash or power loss can drop the last commits.
 */
export async function openNodeDatabase(url: string, authToken?: string): Promise<{ client: Client; db: Db }> {
  if (!url.startsWith('file:')) {
    const client = createClient({ url, authToken });
    await client.execute('PRAGMA foreign_keys = ON');
    return { client, db: libsqlDb(client) };
  }
  const path = filePath(url);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = embeddedClient(path, {
    pragmas: ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL', 'PRAGMA busy_timeout = 5000', 'PRAGMA foreign_keys = ON'],
  });
  return { client, db: libsqlDb(client) };
}

/** `file:data/x.db`, `file:/abs/x.db` or `file:///abs/x.db` to a path (query parameters dropped). */
function filePath(url: string): string {
  const bare = url.replace(/\?.*$/, '');
  return bare.startsWith('file://') ? decodeURIComponent(new URL(bare).pathname) : bare.slice('file:'.length);
}

/**
 * Applies every migration in `migrations/` newer than the newest one this database has seen.
 * drizzle's libsql migrator goes by each journal entry's timestamp (`when`), not by the file's
 * contents, so a migration edited after it ran (0002, once the demo seed) is not run again.
 */
export async function migrateNodeDatabase(db: Db, migrationsFolder: string = MIGRATIONS_DIR): Promise<void> {
  await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder });
}

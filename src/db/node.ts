import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Db } from './client';
import { libsqlDb } from './libsql';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/**
 * Opens the Node database: an embedded libsql file by default, or Turso when the URL is
 * remote. A file database runs in WAL mode with synchronous=NORMAL: a commit survives a killed
 * process (the WAL is written before the commit returns) without an fsync per commit blocking
 * the event loop; only an OS crash or power loss can drop the last commits.
 */
export async function openNodeDatabase(url: string, authToken?: string): Promise<{ client: Client; db: Db }> {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/\?.*$/, '');
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  // One connection for a file: every statement of the embedded client runs synchronously, so a
  // pool buys no parallelism, and the per-connection pragmas below would not reach the others
  // (a second connection silently commits with synchronous=FULL).
  const client = createClient({ url, authToken, ...(url.startsWith('file:') ? { concurrency: 1 } : {}) });
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
    await client.execute('PRAGMA busy_timeout = 5000');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  return { client, db: libsqlDb(client) };
}

/** Applies every migration in `migrations/` that this database has not seen yet. */
export async function migrateNodeDatabase(db: Db): Promise<void> {
  await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_DIR });
}

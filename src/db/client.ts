import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

/**
 * The one database type every service takes. libsql (embedded file or Turso over HTTP) and
 * D1 both satisfy it: they share the async SQLite query builder and both offer `batch`, which
 * runs its statements atomically. Interactive transactions are deliberately absent: D1 has
 * none and on a remote libsql they cost a round trip per statement.
 */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema> & {
  batch: LibSQLDatabase<typeof schema>['batch'];
};

/** A statement that can go into `db.batch`. */
export type BatchItem = Parameters<Db['batch']>[0][number];

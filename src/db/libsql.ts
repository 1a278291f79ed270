import type { Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql/node';
import type { Db } from './client';
import * as schema from './schema';

/** Wraps a libsql client (a `file:` database or Turso) as the shared `Db`. */
export function libsqlDb(client: Client): Db {
  return drizzle(client, { schema }) as unknown as Db;
}

import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Db } from './client';
import * as schema from './schema';

/** Turso over HTTP, for Workers deployments that keep their data in Turso instead of D1. */
export function tursoDb(url: string, authToken: string | undefined): Db {
  return drizzle(createClient({ url, authToken }), { schema }) as unknown as Db;
}

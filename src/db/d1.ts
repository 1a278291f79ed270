import { drizzle } from 'drizzle-orm/d1';
import type { Db } from './client';
import * as schema from './schema';

/** Wraps a Cloudflare D1 binding as the shared `Db`. */
export function d1Db(binding: D1Database): Db {
  return drizzle(binding, { schema }) as unknown as Db;
}

import { drizzle } from 'drizzle-orm/d1';
import type { Db } from './client';
import * as schema from './schema';

/** The part of a drizzle query that `batch` uses: its SQL and how to read a batch result. */
type BatchableQuery = {
  _prepare(): {
    getQuery(): { sql: string; params: unknown[] };
    mapResult(result: unknown, isFromBatch: boolean): unknown;
  };
};

/**
 * Wraps a Cloudflare D1 binding as the shared `Db`.
 *
 * `batch` is replaced because drizzle's D1 batch crashes on raw `db.run(sql\`…\`)` items with
 * parameters (drizzle-orm#2277, open: it calls `.stmt.bind` and raw queries have no `.stmt`),
 * and our atomic writes are exactly such statements. This does what drizzle does for its own
 * query builders — prepare each statement on the binding, one `D1Database.batch` (atomic), map
 * each result with the query's own mapper — for every item alike.
 */
export function d1Db(binding: D1Database): Db {
  const db = drizzle(binding, { schema });
  const batch = async (queries: readonly BatchableQuery[]) => {
    const prepared = queries.map((query) => query._prepare());
    const statements = prepared.map((query) => {
      const { sql, params } = query.getQuery();
      return binding.prepare(sql).bind(...params);
    });
    const results = await binding.batch(statements);
    return results.map((result, index) => prepared[index]!.mapResult(result, true));
  };
  return Object.assign(db, { batch }) as unknown as Db;
}

import { drizzle } from 'drizzle-orm/d1';
import type { Db } from './client';
import * as schema from './schema';

/** A statement ready for `D1Database.batch`: its SQL, and how to read its batch result. */
type Prepared = {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(result: unknown, isFromBatch?: boolean): unknown;
};

/**
 * A batch item through drizzle's public API only: query builders have `prepare()`, which
 * returns a prepared query with `getQuery()` and `mapResult()`; raw `db.run/all(sql\`…\`)`
 * items (`SQLiteRaw`) carry those two methods themselves.
 */
type BatchableQuery = Prepared | { prepare(): Prepared };

/**
 * Wraps a Cloudflare D1 binding as the shared `Db`.
 *
 * `batch` is replaced because drizzle's D1 batch crashes on raw `db.run(sql\`…\`)` items with
 * parameters (drizzle-orm#2277, still so in 0.45: it calls `.stmt.bind` and raw queries have
 * no `.stmt`), and our atomic writes are exactly such statements. This does what drizzle does
 * for its own query builders — prepare each statement on the binding, one `D1Database.batch`
 * (atomic), map each result with the query's own mapper — for every item alike.
 */
export function d1Db(binding: D1Database): Db {
  const db = drizzle(binding, { schema });
  const batch = async (queries: readonly BatchableQuery[]) => {
    const prepared = queries.map((query) => ('prepare' in query ? query.prepare() : query));
    const statements = prepared.map((query) => {
      const { sql, params } = query.getQuery();
      return binding.prepare(sql).bind(...params);
    });
    const results = await binding.batch(statements);
    return results.map((result, index) => prepared[index]!.mapResult(result, true));
  };
  return Object.assign(db, { batch }) as unknown as Db;
}

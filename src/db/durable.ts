import type { SQLWrapper } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import type { Db } from './client';
import * as schema from './schema';

/** A raw statement (`db.run/all/get/values(sql`…`)`) held back until it is awaited or batched. */
type Deferred = PromiseLike<unknown> & { runNow(): unknown };

/** A query builder in a batch: drizzle's public `prepare()`, whose sync `execute()` has `sync()`. */
type Builder = { prepare(): { execute(): { sync(): unknown } } };

function deferred(runNow: () => unknown): Deferred {
  return {
    runNow,
    then(onFulfilled, onRejected) {
      return new Promise((resolve) => resolve(runNow())).then(onFulfilled, onRejected);
    },
  };
}

/**
 * Wraps a Durable Object's SQLite storage as the shared `Db`, so an `ArticlePoll` runs the
 * vote service's own statements (src/polls/article-poll.ts).
 *
 * drizzle's durable-sqlite driver is synchronous: `db.run/all(sql\`…\`)` execute the moment
 * they are called, and it has no `batch`. Here those raw calls return deferred statements
 * instead, which run when awaited or inside `batch`, and `batch` runs its statements in one
 * `storage.transactionSync`, so a batch is atomic exactly as it is on D1 and libsql.
 *
 * @example
 * const db = durableDb(ctx.storage);
 * const [before, reads] = await db.batch([db.all(sql`SELECT …`), db.all(sql`SELECT …`)]);
 */
export function durableDb(storage: DurableObjectStorage): Db {
  const db = drizzle(storage, { schema });
  const immediate: Record<'all' | 'run' | 'get' | 'values', (query: SQLWrapper | string) => unknown> = {
    all: db.all.bind(db),
    run: db.run.bind(db),
    get: db.get.bind(db),
    values: db.values.bind(db),
  };
  const lazy = (method: keyof typeof immediate) => (query: SQLWrapper | string) => deferred(() => immediate[method](query));
  const batch = async (items: readonly unknown[]) =>
    storage.transactionSync(() =>
      items.map((item) => ('runNow' in (item as object) ? (item as Deferred).runNow() : (item as Builder).prepare().execute().sync())),
    );
  return Object.assign(db, { all: lazy('all'), run: lazy('run'), get: lazy('get'), values: lazy('values'), batch }) as unknown as Db;
}

import type { BatchItem, Db } from './client';

/**
 * Runs a request's atomic `db.batch([...])`, possibly together with other requests' batches in
 * one transaction. Same call shape and results as `db.batch`.
 */
export type Writer = Pick<Db, 'batch'>;

/** A group-commit writer, which can also say when everything handed to it has committed. */
export type GroupCommitWriter = Writer & {
  /**
   * Resolves once no batch is queued or committing: what a shutdown waits for before it closes
   * the database, so every write a request was promised is settled first.
   */
  drain: () => Promise<void>;
};

export type GroupCommitOptions = {
  /**
   * Longest a request waits for company before its group is flushed. 0 (the default) flushes
   * on the next turn of the event loop: everything that arrived while the previous group was
   * committing goes into the next one, so batches grow with load and cost nothing when idle.
   */
  windowMs?: number;
  /** A group is flushed as soon as it holds this many statements (D1 caps statements per invocation). */
  maxStatements?: number;
};

type Pending = {
  items: readonly BatchItem[];
  resolve: (results: unknown[]) => void;
  reject: (error: unknown) => void;
};

const defer: (run: () => void) => void =
  typeof setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

/**
 * Group commit: coalesces the batches of concurrent requests into one transaction, so a burst
 * of votes costs one commit instead of one each. A request's statements stay contiguous and in
 * order inside the group, so the group behaves exactly as if the requests had run one after
 * another; each request gets back only its own results, and only after the whole group has
 * committed. When a group fails, nothing of it was committed (a batch is atomic), and each
 * request is re-run on its own, so one bad request fails alone.
 *
 * At most one group is in flight per writer: while it commits, the next one collects. On a
 * remote database (Turso) this turns N round trips into one; on the embedded libsql file it
 * turns N commits into one. Not for Workers: workerd forbids one request completing I/O that
 * another request started, so there each request keeps its own `db.batch`.
 *
 * Re-running after a failed group assumes the failure left nothing committed. That is certain
 * on the embedded file; over a network a lost reply can hide a commit, so a request's
 * statements should be safe to run twice (the vote batch is: every write is an upsert or a
 * conditional delete). Writes that are not, like a new comment, need a uniqueness guard.
 *
 * @example
 * const writer = groupCommit(db);
 * const [, counts] = await writer.batch([db.run(insertVote), db.select().from(reactionCounts)]);
 */
export function groupCommit(db: Db, options: GroupCommitOptions = {}): GroupCommitWriter {
  const windowMs = options.windowMs ?? 0;
  const maxStatements = options.maxStatements ?? 400;
  let queue: Pending[] = [];
  let queuedStatements = 0;
  let scheduled = false;
  let inFlight = false;
  let drained: (() => void)[] = [];

  function settleDrains(): void {
    if (queue.length > 0 || inFlight) return;
    const waiting = drained;
    drained = [];
    for (const done of waiting) done();
  }

  async function runAlone(request: Pending): Promise<void> {
    try {
      request.resolve(await db.batch(request.items as [BatchItem, ...BatchItem[]]));
    } catch (error) {
      request.reject(error);
    }
  }

  async function commit(group: Pending[]): Promise<void> {
    if (group.length === 1) return runAlone(group[0]!);
    const statements = group.flatMap((request) => request.items) as [BatchItem, ...BatchItem[]];
    let results: unknown[];
    try {
      results = await db.batch(statements);
    } catch {
      for (const request of group) await runAlone(request);
      return;
    }
    let offset = 0;
    for (const request of group) {
      request.resolve(results.slice(offset, offset + request.items.length));
      offset += request.items.length;
    }
  }

  function take(): Pending[] {
    let count = 0;
    let taken = 0;
    while (taken < queue.length && (taken === 0 || count + queue[taken]!.items.length <= maxStatements)) {
      count += queue[taken]!.items.length;
      taken++;
    }
    const group = queue.slice(0, taken);
    queue = queue.slice(taken);
    queuedStatements -= count;
    return group;
  }

  /**
   * Commits one group, then yields to the event loop before the next: with the embedded
   * (synchronous) libsql, requests that arrived during the commit are still unread on their
   * sockets, and one turn lets them join the next group instead of trickling in one by one.
   */
  async function flush(): Promise<void> {
    scheduled = false;
    if (inFlight || queue.length === 0) return;
    inFlight = true;
    try {
      await commit(take());
    } finally {
      inFlight = false;
    }
    if (queue.length > 0) schedule();
    else settleDrains();
  }

  function schedule(): void {
    if (scheduled || inFlight) return;
    scheduled = true;
    if (windowMs > 0) setTimeout(() => void flush(), windowMs);
    else defer(() => void flush());
  }

  return {
    batch: ((items: readonly BatchItem[]) =>
      new Promise<unknown[]>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        queuedStatements += items.length;
        if (queuedStatements >= maxStatements && !inFlight) void flush();
        else schedule();
      })) as Writer['batch'],
    drain: () =>
      new Promise<void>((done) => {
        drained.push(done);
        settleDrains();
      }),
  };
}

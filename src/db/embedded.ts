import type { Client, InArgs, InStatement, InValue, Replicated, ResultSet, Row, Transaction, TransactionMode } from '@libsql/client';
import { LibsqlBatchError, LibsqlError } from '@libsql/client';
import Database from 'libsql';
import { BoundedMap, type BoundedMapStats } from '../lib/cache';

type Statement = ReturnType<Database.Database['prepare']>;

/** A prepared statement kept for reuse, with what its results look like and what its SQL text counts against the cache. */
type Prepared = { statement: Statement; returnsData: boolean; columns: string[]; columnTypes: string[]; makeRow: (values: unknown[]) => Row };

/**
 * The statement cache's budget when none is given, counted as the UTF-8 length of the SQL
 * texts it holds: room for every statement Tanggap sends several times over, so only texts a
 * request shapes (a list of placeholders as long as its input) ever age out, and however many
 * of those requests arrive, the prepared statements they leave behind stay bounded.
 */
const STATEMENT_CACHE_MAX_BYTES = 512 * 1024;

/** The embedded client: a `@libsql/client` Client that can also report its statement cache (`bytes` never exceeds `maxBytes`). */
export type EmbeddedClient = Client & { statementCacheStats(): BoundedMapStats };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

function fromSql(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value > MAX_SAFE || value < MIN_SAFE) throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(value);
  }
  if (value instanceof Buffer) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return value;
}

function toSql(value: InValue | undefined): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

function bindArgs(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (!args) return [];
  if (Array.isArray(args)) return args.map(toSql);
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) named[/^[@$:]/.test(name) ? name.slice(1) : name] = toSql(value);
  return named;
}

/**
 * Rows as libsql's own client shapes them (values by index and by column name, only the names
 * enumerable), but built by one class per statement instead of a defineProperty per cell.
 */
function rowFactory(columns: string[]): (values: unknown[]) => Row {
  const names = columns.filter((name, index) => columns.indexOf(name) === index);
  const firstIndex = names.map((name) => columns.indexOf(name));
  class ResultRow {
    readonly #values: unknown[];
    constructor(values: unknown[]) {
      this.#values = values;
      for (let i = 0; i < names.length; i++) (this as Record<string, unknown>)[names[i]!] = values[firstIndex[i]!];
    }
    get length() {
      return this.#values.length;
    }
    static valueAt(row: ResultRow, index: number) {
      return row.#values[index];
    }
  }
  for (let index = 0; index < columns.length; index++) {
    Object.defineProperty(ResultRow.prototype, index, {
      get(this: ResultRow) {
        return ResultRow.valueAt(this, index);
      },
    });
  }
  return (values) => new ResultRow(values) as unknown as Row;
}

function resultSet(columns: string[], columnTypes: string[], rows: Row[], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, columnTypes, rows: rows.map((row) => Array.from(row as ArrayLike<unknown>)), rowsAffected, lastInsertRowid: lastInsertRowid?.toString() ?? null }),
  };
}

function toLibsqlError(error: unknown): unknown {
  if (error instanceof Database.SqliteError) {
    const raw = (error as { rawCode?: number }).rawCode;
    const code = raw === undefined ? 'SQLITE_UNKNOWN' : (BASE_CODES[raw & 0xff] ?? `SQLITE_UNKNOWN_${raw & 0xff}`);
    return new LibsqlError(error.message, code, error.code, raw, error);
  }
  return error;
}

const BASE_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM', 8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 16: 'SQLITE_EMPTY',
  17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT', 20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT', 25: 'SQLITE_RANGE', 26: 'SQLITE_NOTADB',
};

const BEGIN: Record<TransactionMode, string> = { write: 'BEGIN IMMEDIATE', read: 'BEGIN TRANSACTION READONLY', deferred: 'BEGIN DEFERRED' };

/**
 * The embedded libsql file as a `@libsql/client` Client, on one connection with a cache of
 * prepared statements. libsql's own file client prepares every statement on every call, and
 * preparing is most of the cost of a write here: the vote INSERT compiles its three counter
 * triggers each time, which costs several times more than running it. Reusing the statement
 * makes a vote a fraction of the work. The cache is bounded in bytes of SQL text, as every
 * cache here is bounded in bytes: a count would let long texts (a placeholder list per input
 * item) hold any amount of memory.
 *
 * Every call runs synchronously on the one connection, so calls never interleave: a batch is
 * a transaction nobody else can see into until it commits, exactly as with libsql's client.
 * Interactive transactions are refused, as on D1: Tanggap's writes are batches (see client.ts).
 */
export function embeddedClient(
  path: string,
  { pragmas = [], cacheBytes = STATEMENT_CACHE_MAX_BYTES }: { pragmas?: string[]; cacheBytes?: number } = {},
): EmbeddedClient {
  const connect = () => {
    const connection = new Database(path);
    for (const pragma of pragmas) connection.prepare(pragma).all();
    return connection;
  };
  let db = connect();
  // Counted by the UTF-8 length of each SQL text; the least recently used goes first.
  const statements = new BoundedMap<string, Prepared>(cacheBytes, (sql) => Buffer.byteLength(sql));

  function prepare(sql: string): Prepared {
    const cached = statements.get(sql);
    if (cached) return cached;
    const statement = db.prepare(sql);
    statement.safeIntegers(true);
    let returnsData = true;
    try {
      statement.raw(true);
    } catch {
      returnsData = false;
    }
    const definitions = returnsData ? statement.columns() : [];
    const columns = definitions.map((column) => column.name);
    const prepared: Prepared = {
      statement,
      returnsData,
      columns,
      columnTypes: definitions.map((column) => column.type ?? ''),
      makeRow: rowFactory(columns),
    };
    statements.set(sql, prepared);
    return prepared;
  }

  function run(stmt: InStatement | [string, InArgs?]): ResultSet {
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: undefined } : Array.isArray(stmt) ? { sql: stmt[0], args: stmt[1] } : stmt;
    try {
      const prepared = prepare(sql);
      const bound = bindArgs(args);
      if (prepared.returnsData) {
        const raw = prepared.statement.all(bound) as unknown[][];
        const rows = raw.map((values) => prepared.makeRow(values.map(fromSql)));
        return resultSet(prepared.columns, prepared.columnTypes, rows, 0, undefined);
      }
      const info = prepared.statement.run(bound);
      return resultSet([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (error) {
      throw toLibsqlError(error);
    }
  }

  function inTransaction(mode: TransactionMode, stmts: readonly (InStatement | [string, InArgs?])[]): ResultSet[] {
    run(BEGIN[mode]);
    try {
      const results: ResultSet[] = [];
      for (let index = 0; index < stmts.length; index++) {
        try {
          results.push(run(stmts[index]!));
        } catch (error) {
          if (error instanceof LibsqlError) throw new LibsqlBatchError(error.message, index, error.code, error.extendedCode, error.rawCode, error);
          throw error;
        }
      }
      run('COMMIT');
      return results;
    } finally {
      if (db.inTransaction) run('ROLLBACK');
    }
  }

  function open(): void {
    if (!client.closed) return;
    throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
  }

  const client: EmbeddedClient = {
    closed: false,
    protocol: 'file',
    async execute(stmtOrSql: InStatement | string, args?: InArgs) {
      open();
      return run(typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql);
    },
    async batch(stmts, mode = 'deferred') {
      open();
      return inTransaction(mode, stmts);
    },
    async migrate(stmts) {
      open();
      run('PRAGMA foreign_keys=off');
      try {
        return inTransaction('deferred', stmts);
      } finally {
        run('PRAGMA foreign_keys=on');
        statements.clear();
      }
    },
    async executeMultiple(sql) {
      open();
      try {
        db.exec(sql);
      } catch (error) {
        throw toLibsqlError(error);
      } finally {
        if (db.inTransaction) run('ROLLBACK');
        statements.clear();
      }
    },
    async transaction(): Promise<Transaction> {
      throw new LibsqlError(
        'Interactive transactions are not available on the embedded client; write with batch() (one atomic transaction), as on D1.',
        'TRANSACTION_UNSUPPORTED',
      );
    },
    async sync(): Promise<Replicated> {
      return undefined;
    },
    close() {
      if (client.closed) return;
      client.closed = true;
      statements.clear();
      db.close();
    },
    reconnect() {
      client.close();
      db = connect();
      client.closed = false;
    },
    statementCacheStats: () => statements.stats(),
  } as EmbeddedClient;
  return client;
}

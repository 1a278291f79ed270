import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'libsql';

/**
 * A Hrana-over-HTTP server (protocol v2, JSON: `POST /v2/pipeline`) on a libsql file, for
 * testing `@libsql/client/web` and the Turso Worker entry offline, where no sqld binary exists.
 *
 * It implements what that client sends (execute, batch with step conditions, sequence,
 * store_sql/close_sql, close) and behaves like sqld where Tanggap can tell: a stream is one
 * SQL connection that lives from its first request to `close`, carried between HTTP requests
 * by a baton, and — as on sqld (libsql/sqld#764) — each connection starts with the engine's
 * defaults (libsql's build enforces foreign keys), so a `PRAGMA` sent on one stream does not
 * reach the next. A pipeline runs to the end before the next request is read, so pipelines
 * never interleave; a transaction left open by one stream makes writers on other streams fail
 * with SQLITE_BUSY, as on a real file.
 */
export type HranaServer = {
  /** `http://127.0.0.1:<port>`, for `createClient({ url })`. */
  url: string;
  /** The same server as a Turso-style `libsql://` URL (`?tls=0`), as TURSO_DATABASE_URL takes it. */
  libsqlUrl: string;
  /** Pipeline requests answered so far (with any status). */
  readonly pipelines: number;
  /** Streams currently open (each holds a connection). */
  readonly openStreams: number;
  close(): Promise<void>;
};

type Value = { type: 'null' } | { type: 'integer'; value: string } | { type: 'float'; value: number } | { type: 'text'; value: string } | { type: 'blob'; base64: string };
type Stmt = { sql?: string; sql_id?: number; args?: Value[]; named_args?: { name: string; value: Value }[]; want_rows?: boolean };
type Cond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: Cond }
  | { type: 'and' | 'or'; conds: Cond[] }
  | { type: 'is_autocommit' };
type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: Stmt }
  | { type: 'batch'; batch: { steps: { condition?: Cond; stmt: Stmt }[] } }
  | { type: 'sequence'; sql?: string; sql_id?: number }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number };
type StmtResult = { cols: { name: string; decltype: string | null }[]; rows: Value[][]; affected_row_count: number; last_insert_rowid: string | null };
type ProtoError = { message: string; code: string };

type Stream = { connection: Database.Database; sqls: Map<number, string> };

class RequestError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

function fromValue(value: Value): unknown {
  switch (value.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(value.value);
    case 'float':
    case 'text':
      return value.value;
    case 'blob':
      return Buffer.from(value.base64, 'base64');
    default:
      throw new RequestError(`unknown value type ${JSON.stringify((value as { type: unknown }).type)}`, 'HRANA_PROTO_ERROR');
  }
}

function toValue(value: unknown): Value {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(value).toString('base64') };
  throw new Error(`cannot encode ${typeof value} as a Hrana value`);
}

function protoError(error: unknown): ProtoError {
  if (error instanceof RequestError) return { message: error.message, code: error.code };
  if (error instanceof Database.SqliteError) return { message: `SQLite error: ${error.message}`, code: error.code };
  return { message: String(error), code: 'UNKNOWN' };
}

function execute(stream: Stream, stmt: Stmt): StmtResult {
  const sql = stmt.sql ?? (stmt.sql_id === undefined ? undefined : stream.sqls.get(stmt.sql_id));
  if (sql === undefined) throw new RequestError(`SQL text ${stmt.sql_id} was never stored on this stream`, 'SQL_NOT_FOUND');
  const positional = (stmt.args ?? []).map(fromValue);
  const named = Object.fromEntries((stmt.named_args ?? []).map(({ name, value }) => [name.replace(/^[:@$]/, ''), fromValue(value)]));
  const bound = stmt.named_args?.length ? named : positional;
  const statement = stream.connection.prepare(sql);
  statement.safeIntegers(true);
  if (statement.reader) {
    statement.raw(true);
    const cols = statement.columns().map((column) => ({ name: column.name, decltype: column.type ?? null }));
    const rows = (statement.all(bound) as unknown[][]).map((row) => row.map(toValue));
    return { cols, rows: stmt.want_rows === false ? [] : rows, affected_row_count: 0, last_insert_rowid: null };
  }
  const info = statement.run(bound);
  return { cols: [], rows: [], affected_row_count: Number(info.changes), last_insert_rowid: String(info.lastInsertRowid) };
}

function batch(stream: Stream, steps: { condition?: Cond; stmt: Stmt }[]) {
  const outcome: ('ok' | 'error' | undefined)[] = [];
  const holds = (cond: Cond): boolean => {
    switch (cond.type) {
      case 'ok':
      case 'error':
        return outcome[cond.step] === cond.type;
      case 'not':
        return !holds(cond.cond);
      case 'and':
        return cond.conds.every(holds);
      case 'or':
        return cond.conds.some(holds);
      case 'is_autocommit':
        return !stream.connection.inTransaction;
      default:
        throw new RequestError(`unknown batch condition ${JSON.stringify((cond as { type: unknown }).type)}`, 'HRANA_PROTO_ERROR');
    }
  };
  const step_results: (StmtResult | null)[] = [];
  const step_errors: (ProtoError | null)[] = [];
  steps.forEach(({ condition, stmt }, index) => {
    step_results.push(null);
    step_errors.push(null);
    if (condition && !holds(condition)) return;
    try {
      step_results[index] = execute(stream, stmt);
      outcome[index] = 'ok';
    } catch (error) {
      step_errors[index] = protoError(error);
      outcome[index] = 'error';
    }
  });
  return { step_results, step_errors };
}

/**
 * Starts the server on 127.0.0.1 (an OS-assigned port unless one is given) over the libsql
 * file at `path`. With `authToken`, requests without `Authorization: Bearer <authToken>` get
 * 401, as Turso answers a missing or wrong token.
 */
export async function startHranaServer(path: string, { authToken, port = 0 }: { authToken?: string; port?: number } = {}): Promise<HranaServer> {
  const streams = new Map<string, Stream>();
  let pipelines = 0;

  function pipeline(body: { baton?: string | null; requests: StreamRequest[] }) {
    let baton = body.baton ?? null;
    let stream: Stream | undefined;
    if (baton === null) {
      stream = { connection: new Database(path), sqls: new Map() };
    } else {
      stream = streams.get(baton);
      streams.delete(baton);
      if (!stream) throw new RequestError('The stream for this baton has expired or never existed', 'STREAM_EXPIRED');
    }
    const results = body.requests.map((request) => {
      try {
        return { type: 'ok', response: respond(stream!, request) };
      } catch (error) {
        return { type: 'error', error: protoError(error) };
      }
    });
    const closed = body.requests.some((request) => request.type === 'close');
    if (closed) {
      stream.connection.close();
      baton = null;
    } else {
      baton = randomBytes(12).toString('base64url');
      streams.set(baton, stream);
    }
    return { baton, base_url: null, results };
  }

  function respond(stream: Stream, request: StreamRequest): Record<string, unknown> {
    switch (request.type) {
      case 'execute':
        return { type: 'execute', result: execute(stream, request.stmt) };
      case 'batch':
        return { type: 'batch', result: batch(stream, request.batch.steps) };
      case 'sequence': {
        const sql = request.sql ?? (request.sql_id === undefined ? undefined : stream.sqls.get(request.sql_id));
        if (sql === undefined) throw new RequestError(`SQL text ${request.sql_id} was never stored on this stream`, 'SQL_NOT_FOUND');
        stream.connection.exec(sql);
        return { type: 'sequence' };
      }
      case 'store_sql':
        stream.sqls.set(request.sql_id, request.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        stream.sqls.delete(request.sql_id);
        return { type: 'close_sql' };
      case 'close':
        return { type: 'close' };
      default:
        throw new RequestError(`this test server does not implement ${JSON.stringify((request as { type: unknown }).type)} requests`, 'HRANA_PROTO_ERROR');
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (authToken !== undefined && request.headers.authorization !== `Bearer ${authToken}`) {
      return send(401, { message: 'Authentication required', code: 'UNAUTHORIZED' });
    }
    if (request.method === 'GET' && request.url === '/v2') return response.writeHead(200).end();
    if (request.method !== 'POST' || request.url !== '/v2/pipeline') {
      return send(404, { message: `${request.method} ${request.url} is not served here (Hrana v2 over HTTP only)`, code: 'NOT_FOUND' });
    }
    pipelines++;
    try {
      send(200, pipeline(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    } catch (error) {
      send(400, protoError(error));
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => response.destroy(error as Error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    libsqlUrl: `libsql://127.0.0.1:${bound}?tls=0`,
    get pipelines() {
      return pipelines;
    },
    get openStreams() {
      return streams.size;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const stream of streams.values()) stream.connection.close();
        streams.clear();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

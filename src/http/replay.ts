import type { Context, MiddlewareHandler } from 'hono';
import { TtlCache } from '../lib/ttl-cache';
import type { AppEnv } from './context';
import { requestIdFor } from './request-id';

/** Upper bound on how long an answer is replayed; its own `stillCurrent` usually ends it sooner. */
const REPLAY_TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;
/** Headers that belong to one exchange, never to a replayed one. */
const PER_REQUEST = new Set(['x-request-id', 'set-cookie', 'content-length']);

type Entry = { body: Uint8Array<ArrayBuffer>; headers: Record<string, string>; etag: string | null; stillCurrent: () => boolean };

/**
 * Everything a public answer can depend on besides the database: the URL, the browser origin
 * (CORS headers), the languages asked for, and whether the client takes gzip (a large body is
 * sent compressed to those that do).
 */
function replayKey(c: Context): string {
  const accepts = c.req.header('accept-encoding') ?? '';
  return `${c.req.url}\n${c.req.header('origin') ?? ''}\n${c.req.header('accept-language') ?? ''}\n${/gzip|\*/i.test(accepts) ? 1 : 0}`;
}

/**
 * Marks the answer being built as the same for everyone who sends the same request, for as
 * long as `stillCurrent` says the data it came from is unchanged. The handler that calls
 * this must answer from public data only (no reader, no session, no rate limit).
 */
export function replayWhile(c: Context<AppEnv>, stillCurrent: () => boolean): void {
  c.set('replayWhile', stillCurrent);
}

/**
 * Serves repeated anonymous GETs (a hot article's poll, read by every page view) by replaying
 * the last complete answer, headers included, before any other middleware or handler runs.
 * Only answers whose handler called `replayWhile` are stored, and only while their data is
 * current, so a replay is byte for byte what the full path would answer now, except for its
 * own request id. A matching If-None-Match gets the 304 the full path would give. Measured in
 * `npm run bench`: it is what keeps an anonymous read near a bare route's cost.
 */
export function replayPublicReads(): MiddlewareHandler<AppEnv> {
  const entries = new TtlCache<string, Entry>(REPLAY_TTL_MS, MAX_ENTRIES);
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const key = replayKey(c);
    const entry = entries.get(key);
    if (entry?.stillCurrent()) {
      const headers: Record<string, string> = { ...entry.headers, 'x-request-id': requestIdFor(c.req.header('x-request-id')) };
      const match = c.req.header('if-none-match');
      if (entry.etag && match?.split(',').some((candidate) => candidate.trim() === entry.etag)) {
        delete headers['content-type'];
        delete headers['content-encoding'];
        return new Response(null, { status: 304, headers });
      }
      return new Response(entry.body, { status: 200, headers });
    }
    if (entry) entries.delete(key);
    await next();
    const stillCurrent = c.get('replayWhile');
    const res = c.res;
    if (!stillCurrent || res.status !== 200 || res.headers.has('set-cookie')) return;
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (!PER_REQUEST.has(name)) headers[name] = value;
    });
    entries.set(key, { body: new Uint8Array(await res.clone().arrayBuffer()), headers, etag: res.headers.get('etag'), stillCurrent });
  };
}

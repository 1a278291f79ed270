import type { Context, Hono, MiddlewareHandler } from 'hono';
import { TtlCache } from '../lib/ttl-cache';
import { acceptsGzip } from './accept-encoding';
import type { AppEnv } from './context';
import { requestIdFor } from './request-id';

/** Upper bound on how long an answer is replayed; its own `stillCurrent` usually ends it sooner. */
const REPLAY_TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;
/** Headers that belong to one exchange, never to a replayed one. */
const PER_REQUEST = new Set(['x-request-id', 'set-cookie', 'content-length']);
/** Headers whose replayed value differs: a replay is served from memory, so the edge cache's verdict is a hit. */
const REPLAYED_VALUE: Record<string, string> = { 'x-tanggap-cache': 'hit' };

type Entry = { body: Uint8Array<ArrayBuffer>; headers: Record<string, string>; etag: string | null; stillCurrent: () => boolean };

/**
 * Everything a public answer can depend on besides the database: the URL, the browser origin
 * (CORS headers), the languages asked for, and whether the client takes gzip (a large body is
 * sent compressed to those that do).
 */
function replayKey(url: string, headers: Headers): string {
  const gzip = acceptsGzip(headers.get('accept-encoding') ?? undefined);
  return `${url}\n${headers.get('origin') ?? ''}\n${headers.get('accept-language') ?? ''}\n${gzip ? 1 : 0}`;
}

/**
 * Marks the answer being built as the same for everyone who sends the same request, for as
 * long as `stillCurrent` says the data it came from is unchanged. The handler that calls
 * this must answer from public data only (no reader, no session, no rate limit).
 */
export function replayWhile(c: Context<AppEnv>, stillCurrent: () => boolean): void {
  c.set('replayWhile', stillCurrent);
}

export type PublicReplay = {
  /** The replayed answer to a request, or undefined when it must go through the app. */
  answer: (request: Request) => Response | undefined;
  /** Middleware (outermost) that stores the answers their handlers marked with `replayWhile`. */
  capture: MiddlewareHandler<AppEnv>;
};

/**
 * Serves repeated anonymous GETs (a hot article's poll, read by every page view) by replaying
 * the last complete answer, headers included, before routing or any middleware runs. Only
 * answers whose handler called `replayWhile` are stored, and only while their data is current,
 * so a replay is byte for byte what the full path would answer now, except for its own request
 * id. A matching If-None-Match gets the 304 the full path would give. Measured in
 * `npm run bench`: it is what keeps an anonymous read near a bare route's cost.
 */
export function publicReplay(): PublicReplay {
  const entries = new TtlCache<string, Entry>(REPLAY_TTL_MS, MAX_ENTRIES);
  return {
    answer(request) {
      if (request.method !== 'GET') return undefined;
      const headers = request.headers;
      const key = replayKey(request.url, headers);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (!entry.stillCurrent()) {
        entries.delete(key);
        return undefined;
      }
      const answer: Record<string, string> = { ...entry.headers, 'x-request-id': requestIdFor(headers.get('x-request-id') ?? undefined) };
      const match = headers.get('if-none-match');
      if (entry.etag && match?.split(',').some((candidate) => candidate.trim() === entry.etag)) {
        delete answer['content-type'];
        delete answer['content-encoding'];
        return new Response(null, { status: 304, headers: answer });
      }
      return new Response(entry.body, { status: 200, headers: answer });
    },
    async capture(c, next) {
      await next();
      const stillCurrent = c.get('replayWhile');
      const res = c.res;
      if (c.req.method !== 'GET' || !stillCurrent || res.status !== 200 || res.headers.has('set-cookie')) return;
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        if (!PER_REQUEST.has(name)) headers[name] = REPLAYED_VALUE[name] ?? value;
      });
      const key = replayKey(c.req.url, c.req.raw.headers);
      entries.set(key, { body: new Uint8Array(await res.clone().arrayBuffer()), headers, etag: res.headers.get('etag'), stillCurrent });
    },
  };
}

/**
 * Wires a replay into an app: `capture` as its outermost middleware (call before any other
 * `use`), and `answer` in front of its `fetch`, so before routing (`app.request` goes through
 * `fetch` too).
 */
export function withPublicReplay<A extends Hono<AppEnv>>(app: A): A {
  const replay = publicReplay();
  app.use(replay.capture);
  const dispatch = app.fetch;
  app.fetch = (request, env, executionCtx) => replay.answer(request) ?? dispatch(request, env, executionCtx);
  return app;
}

import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Db } from '../db/client';
import { appCache, BoundedMap, type BoundedMapStats, type CacheKeyParts, cacheKey, type Serialized, siteSubject } from '../lib/cache';
import { acceptsGzip } from './accept-encoding';
import { matchesEtag, privateSerialized, type SharedAnswer, sendShared } from './cache';
import type { AppEnv } from './context';
import { requestIdFor } from './request-id';

/** Headers that belong to one exchange, never to a replayed one. */
const PER_REQUEST = new Set(['x-request-id', 'set-cookie', 'content-length']);
/** Headers whose replayed value differs: a replay is served from memory, so the edge cache's verdict is a hit. */
const REPLAYED_VALUE: Record<string, string> = { 'x-tanggap-cache': 'hit' };

/**
 * A public GET whose shared answers may be replayed: `path` matches its URL path (groups are
 * its parameters, still URL-encoded) and `key` names the answer from them, the query and the
 * request's `KEY_HEADERS` the way the route itself would (its own valibot schemas, the same
 * `cacheKey` parts its service uses), or null when the request must take the full path (it is
 * invalid and will be refused there). A request with a `reader` parameter never reaches `key`:
 * it names a reader.
 */
export type ReplayRoute = {
  path: RegExp;
  key: (params: string[], query: Record<string, string | string[]>, headers: Pick<Headers, 'get'>) => CacheKeyParts | null;
};

/**
 * The only headers a replayed answer's key may depend on (a route's `key` sees no others), so
 * the URL and these name the key exactly, and `withReplay` can remember it.
 */
const KEY_HEADERS = ['origin', 'accept-encoding', 'accept-language'] as const;

type NamedAnswer = { key: string; siteId: string };

/** What `withReplay` remembers of requests' keys at most (see `nameOf` there). */
export const REQUEST_KEYS_MAX_BYTES = 512 * 1024;
const requestKeyStats = new WeakMap<object, () => BoundedMapStats>();

/** What an app's remembered request keys hold now, for tests: `bytes` never exceeds `maxBytes`. */
export const replayRequestKeyStats = (app: object): BoundedMapStats | undefined => requestKeyStats.get(app)?.();

/** The path of an absolute request URL, as `URL.pathname` gives it for the URLs a `Request` holds, without parsing the URL. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.indexOf('?', start);
  return url.slice(start, end < 0 ? url.length : end);
}

/** A query that names a reader token, as the widget sends it. */
const NAMES_READER = /[?&]reader=/;

type Entry = { body: Uint8Array<ArrayBuffer>; headers: Record<string, string>; etag: string | null };

/** The query as Hono's validator sees it: one value, or all of them when a name repeats. */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

/**
 * The answer's key: the route's parts, plus what the headers of the answer depend on — the
 * browser origin it was granted to ('' for none: any origin the site does not list gets the
 * same answer as no origin) and whether it was gzipped.
 */
function replayKeyOf(routes: readonly ReplayRoute[], request: Request, origin: string): NamedAnswer | null {
  const url = new URL(request.url);
  // A reader's answer is never shared: said before any parsing, since every returning reader's bootstrap asks.
  if (url.searchParams.has('reader')) return null;
  for (const route of routes) {
    const match = route.path.exec(url.pathname);
    if (!match) continue;
    let params: string[];
    try {
      params = match.slice(1).map((param) => decodeURIComponent(param));
    } catch {
      return null;
    }
    const parts = route.key(params, queryOf(url), { get: (name) => (KEY_HEADERS.includes(name.toLowerCase() as (typeof KEY_HEADERS)[number]) ? request.headers.get(name) : null) });
    if (!parts) return null;
    const gzip = acceptsGzip(request.headers.get('accept-encoding') ?? undefined) ? 'gzip' : '';
    return { key: cacheKey({ ...parts, kind: `replay:${parts.kind}`, page: [...(parts.page ?? []), origin, gzip] }), siteId: parts.siteId };
  }
  return null;
}

/**
 * Marks the answer being sent as the same for everyone who sends the same request, for as long
 * as the cached answer it came from is current (`answer.subject`). The handler must answer
 * from public data only (no reader, no session, no rate limit).
 */
export function replayable(c: Context<AppEnv>, answer: Serialized): void {
  if (answer.subject) c.set('replayable', answer);
}

/**
 * Answers a read that is the reader's own when it names a reader token (sent privately, never
 * kept) and everyone's otherwise (the shared answer, sent conditionally and marked replayable).
 */
export async function sendReaderOrShared(
  c: Context<AppEnv>,
  readerToken: string | undefined,
  { own, shared }: { own: (readerToken: string) => Promise<Pick<Serialized, 'json'>>; shared: () => Promise<Serialized> },
  policy: SharedAnswer,
): Promise<Response> {
  if (readerToken) return privateSerialized(c, await own(readerToken));
  const answer = await shared();
  replayable(c, answer);
  return sendShared(c, answer, policy);
}

/**
 * Serves repeated anonymous GETs (a hot article's poll, read by every page view) by replaying
 * the whole answer, headers included, before routing or any middleware runs: measured in
 * `npm run bench` (docs/PERFORMANCE.md), it costs about half the CPU of the full path. Answers
 * live in the app cache (so within its byte budget), under keys built from what they depend on,
 * and end when their article or site is written to (the request's ticket is taken before its
 * handler read anything) or after `CACHE_TTL_MS`. A replay is byte for byte what the full path
 * would answer now, except for its request id; a matching If-None-Match gets the same 304.
 */
export function withReplay<A extends Hono<AppEnv>>(app: A, db: Db, routes: readonly ReplayRoute[]): A {
  const cache = appCache(db);
  const capture: MiddlewareHandler<AppEnv> = async (c, next) => {
    const ticket = cache.ticket();
    await next();
    const answer = c.get('replayable');
    const res = c.res;
    if (!answer?.subject || c.req.method !== 'GET' || res.status !== 200 || res.headers.has('set-cookie')) return;
    const granted = res.headers.get('access-control-allow-origin') ?? '';
    const named = replayKeyOf(routes, c.req.raw, granted);
    if (!named) return;
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (!PER_REQUEST.has(name)) headers[name] = REPLAYED_VALUE[name] ?? value;
    });
    const body = new Uint8Array(await res.clone().arrayBuffer());
    const entry: Entry = { body, headers, etag: res.headers.get('etag') };
    cache.set(named.key, entry, { subject: [answer.subject, siteSubject(named.siteId)], ticket, bytes: body.byteLength + 1024, until: answer.until });
  };
  app.use(capture);
  /**
   * The answer's key for a request to a replayed route, remembered by the request's URL and
   * `KEY_HEADERS` (all a key depends on): a hot article's poll is asked for with the same URL
   * and headers page view after page view, and working its key out again (URL parsing, the
   * route's validation, the key's JSON) was most of a replay's CPU. Not in the one cache, whose
   * entries are answers keyed by what they depend on: these are keyed by the raw request, in a
   * map bounded in bytes of its own. Only keys of answers are kept, never a request that names
   * a reader (its token) or is invalid; a path no replayed route matches is never parsed.
   */
  const requestKeys = new BoundedMap<string, NamedAnswer>(REQUEST_KEYS_MAX_BYTES, (id, named) => 2 * (id.length + named.key.length) + 64);
  requestKeyStats.set(app, () => requestKeys.stats());
  const nameOf = (request: Request): NamedAnswer | null => {
    // A reader's own read (every returning reader's bootstrap) is told apart before anything is
    // parsed; a spelling this misses (`%72eader`) is still refused by `replayKeyOf`.
    const url = request.url;
    if (NAMES_READER.test(url)) return null;
    // The URL and KEY_HEADERS ('\u0000' when absent); a request seen before is found before its path is matched.
    let id = url;
    for (const name of KEY_HEADERS) id += `\n${request.headers.get(name) ?? '\u0000'}`;
    const known = requestKeys.get(id);
    if (known) return known;
    const path = pathOf(url);
    if (!routes.some((route) => route.path.test(path))) return null;
    const named = replayKeyOf(routes, request, request.headers.get('origin') ?? '');
    if (named) requestKeys.set(id, named);
    return named;
  };
  const dispatch = app.fetch;
  app.fetch = (request, env, executionCtx) => {
    if (request.method !== 'GET') return dispatch(request, env, executionCtx);
    const named = nameOf(request);
    const entry = named ? cache.get<Entry>(named.key) : undefined;
    if (!entry) return dispatch(request, env, executionCtx);
    const headers: Record<string, string> = { ...entry.headers, 'x-request-id': requestIdFor(request.headers.get('x-request-id') ?? undefined) };
    if (entry.etag && matchesEtag(request.headers.get('if-none-match') ?? undefined, entry.etag)) {
      delete headers['content-type'];
      delete headers['content-encoding'];
      return new Response(null, { status: 304, headers });
    }
    return new Response(entry.body, { status: 200, headers });
  };
  return app;
}

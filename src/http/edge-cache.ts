import type { Context, MiddlewareHandler } from 'hono';
import { type SharedAnswer, sendConditional } from './cache';
import type { AppEnv } from './context';

/** The Cache API stores by URL: an edge copy lives at its `cacheKey` under this path of the service's origin. */
const EDGE_PATH = '/.edge-cache/';

function edgeRequest(origin: string, key: string): Request {
  return new Request(`${origin}${EDGE_PATH}${encodeURIComponent(key)}`, { method: 'GET' });
}

/**
 * Serves a public GET from the Workers Cache API for `ttlSeconds`, so a hot article's anonymous
 * poll is read from the database at most once per colo per TTL instead of once per isolate.
 * `keyOf` names the copy with `cacheKey` (null: this request is not shared, e.g. it names a
 * reader), so unknown query parameters and header spellings share one copy, and a write can
 * forget exactly the copies readers get. Only 200s are stored; hits answer through the same
 * conditional-response helper as the route, with the route's `Cache-Control` and `Vary`.
 * Responses say `X-Tanggap-Cache: hit` or `miss`. Without `deps.edgeCache` (Node) it does nothing.
 */
export function edgeCached(ttlSeconds: number, keyOf: (c: Context<AppEnv>) => Promise<string | null>, shared: SharedAnswer): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cache = c.get('deps').edgeCache;
    const key = cache && c.req.method === 'GET' ? await keyOf(c) : null;
    if (!cache || key === null) return next();
    const request = edgeRequest(new URL(c.req.url).origin, key);
    const hit = await cache.match(request);
    if (hit) {
      c.header('X-Tanggap-Cache', 'hit');
      return sendConditional(c, { body: await hit.text(), etag: hit.headers.get('etag') ?? '' }, shared);
    }
    await next();
    c.header('X-Tanggap-Cache', 'miss');
    if (c.res.status !== 200 || !c.res.headers.get('cache-control')?.startsWith('public')) return;
    const stored = new Response(await c.res.clone().arrayBuffer(), {
      headers: { ETag: c.res.headers.get('etag') ?? '', 'Cache-Control': `public, max-age=${ttlSeconds}` },
    });
    const put = cache.put(request, stored);
    const { waitUntil } = c.get('deps');
    if (waitUntil) waitUntil(c, put);
    else await put;
  };
}

/**
 * After a write, drops the edge copies named by `keys` (best effort: the Cache API is per colo,
 * so other colos keep theirs until the TTL ends).
 */
export function forgetEdgeCopies(c: Context<AppEnv>, keys: readonly string[]): void {
  const { edgeCache: cache, waitUntil } = c.get('deps');
  if (!cache) return;
  const origin = new URL(c.req.url).origin;
  const deletions = Promise.all(keys.map((key) => cache.delete(edgeRequest(origin, key))));
  if (waitUntil) waitUntil(c, deletions);
}

import type { Context, MiddlewareHandler } from 'hono';
import { type AppEnv, requestedLocale } from './context';

/** The response's own Cache-Control, kept beside the edge copy's (which sets its TTL). */
const ORIGINAL_CACHE_CONTROL = 'x-tanggap-cache-control';

/**
 * The key an anonymous read is stored under: its URL plus the language it was answered in,
 * because the Cache API keys on the URL alone and ignores `Vary: Accept-Language`.
 */
function edgeKey(c: Context<AppEnv>): Request {
  const url = new URL(c.req.url);
  url.searchParams.set('_lang', requestedLocale(c) ?? 'site');
  return new Request(url.toString(), { method: 'GET' });
}

/**
 * Serves a public GET (one `isShared` says is the same for everyone) from the Workers Cache
 * API for `ttlSeconds`, so a hot article's
 * anonymous tally is read from the database at most once per colo per TTL instead of once per
 * isolate. Only 200s are stored; a matching If-None-Match gets a 304 from the stored ETag.
 * Responses say `X-Tanggap-Cache: hit` or `miss`. Without `deps.edgeCache` (Node) it does
 * nothing: there the in-process tally cache, invalidated by every write, does better.
 */
export function edgeCached(ttlSeconds: number, isShared: (c: Context<AppEnv>) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cache = c.var.deps.edgeCache;
    if (!cache || c.req.method !== 'GET' || !isShared(c)) return next();
    const key = edgeKey(c);
    const hit = await cache.match(key);
    if (hit) {
      const etag = hit.headers.get('etag') ?? '';
      c.header('ETag', etag);
      c.header('Cache-Control', hit.headers.get(ORIGINAL_CACHE_CONTROL) ?? `public, max-age=${ttlSeconds}`);
      c.header('X-Tanggap-Cache', 'hit');
      const match = c.req.header('if-none-match');
      if (etag && match?.split(',').some((candidate) => candidate.trim() === etag)) return c.body(null, 304);
      c.header('Content-Type', hit.headers.get('content-type') ?? 'application/json; charset=UTF-8');
      return c.body(await hit.text(), 200);
    }
    await next();
    c.header('X-Tanggap-Cache', 'miss');
    if (c.res.status !== 200 || !c.res.headers.get('cache-control')?.startsWith('public')) return;
    const stored = new Response(await c.res.clone().arrayBuffer(), {
      headers: {
        'Content-Type': c.res.headers.get('content-type') ?? 'application/json; charset=UTF-8',
        ETag: c.res.headers.get('etag') ?? '',
        'Cache-Control': `public, max-age=${ttlSeconds}`,
        [ORIGINAL_CACHE_CONTROL]: c.res.headers.get('cache-control') ?? '',
      },
    });
    const put = cache.put(key, stored);
    if (c.var.deps.waitUntil) c.var.deps.waitUntil(c, put);
    else await put;
  };
}

/**
 * After a vote, drops the edge copies of that article's bare poll URL (every language), best
 * effort: the Cache API is per colo, so other colos keep theirs until the TTL ends.
 */
export function forgetEdgeCopies(c: Context<AppEnv>): void {
  const cache = c.var.deps.edgeCache;
  if (!cache) return;
  const { origin, pathname } = new URL(c.req.url);
  const path = pathname.replace(/\/vote$/, '/poll');
  const deletions = Promise.all(
    ['site', 'id', 'en'].map((lang) => cache.delete(new Request(`${origin}${path}?_lang=${lang}`, { method: 'GET' }))),
  );
  if (c.var.deps.waitUntil) c.var.deps.waitUntil(c, deletions);
}

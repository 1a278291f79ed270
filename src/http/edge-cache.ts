import type { Context, MiddlewareHandler } from 'hono';
import { cacheKey } from '../lib/cache';
import type { Locale } from '../lib/errors';
import type { AppEvent } from '../lib/events';
import { findSite, type Site } from '../sites/service';
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
    const cache = c.var.deps.edgeCache;
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
    if (c.var.deps.waitUntil) c.var.deps.waitUntil(c, put);
    else await put;
  };
}

/**
 * The edge copy of an article's anonymous poll (the only answer kept at the edge): per site
 * version (so a changed or deleted site is not served from an old copy), article and asked-for
 * language (null: the site's default). The same `cacheKey` the app cache uses for it.
 */
export function pollEdgeKey(site: Site, article: string, lang: Locale | null): string {
  return cacheKey({ kind: 'poll', siteId: site.id, siteVersion: site.version, article, lang });
}

/**
 * The edge cache's subscriber: drops every copy of each article's poll the events changed, in
 * every language a reader may have been answered in, before the response that reports the
 * write, so the writer's next read is fresh (best effort beyond this colo: the Cache API is
 * per colo, and other colos keep theirs until the TTL ends).
 */
export async function forgetEdgeCopies<E extends AppEnv>(c: Context<E>, events: readonly AppEvent[]): Promise<void> {
  const cache = c.var.deps.edgeCache;
  if (!cache) return;
  const articles = new Map<string, { siteId: string; article: string }>();
  for (const event of events) if ('articleId' in event) articles.set(JSON.stringify([event.siteId, event.article]), event);
  const origin = new URL(c.req.url).origin;
  await Promise.all(
    [...articles.values()].map(async ({ siteId, article }) => {
      const site = await findSite({ db: c.var.deps.db, siteId });
      if (!site) return;
      await Promise.all(([null, 'id', 'en'] as const).map((lang) => cache.delete(edgeRequest(origin, pollEdgeKey(site, article, lang)))));
    }),
  );
}

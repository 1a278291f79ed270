import type { Context, MiddlewareHandler } from 'hono';
import { findSite, siteAllowsOrigin } from '../sites/service';
import { noteSighting, pagePath, type SightingKind } from '../sites/sightings';
import { loggableError } from '../lib/log';
import { type AppEnv, foreignOrigin, requestTime } from './context';

/** Buffers a sighting; a flush it schedules is kept alive on Workers and logged if it fails. */
export function noteWidgetSighting(c: Context<AppEnv>, siteId: string, kind: SightingKind, origin: string, path?: string): void {
  const { db, log, waitUntil } = c.get('deps');
  const flush = noteSighting(db, { siteId, kind, origin, path, at: requestTime(c) });
  if (!flush) return;
  const logged = flush.catch((error: unknown) => log({ level: 'error', msg: 'site sightings flush failed', ...loggableError(error) }));
  waitUntil?.(c, logged);
}

/**
 * On the poll read, the widget's bootstrap: notes the page (its `Origin` and the path of its
 * `url`) for the site's "last seen" list when the origin is one of the site's. Refusals are
 * noted where they happen, in `siteCors`.
 */
export function pageSightings(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const origin = foreignOrigin(c);
    const siteId = c.req.param('site');
    if (!origin || !siteId || c.req.method !== 'GET' || c.res.status >= 400) return;
    const site = await findSite({ db: c.get('deps').db, siteId });
    if (site && siteAllowsOrigin(site, origin)) noteWidgetSighting(c, site.id, 'page', origin, pagePath(origin, c.req.query('url')));
  };
}

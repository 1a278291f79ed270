import type { MiddlewareHandler } from 'hono';
import { AppError } from '../lib/errors';
import { findSite, siteAllowsOrigin } from '../sites/service';
import { type AppEnv, foreignOrigin } from './context';
import { noteWidgetSighting } from './sightings';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const EXPOSED_HEADERS = 'ETag, Retry-After, X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset';
/** Chromium caps preflight caching at two hours; asking for more buys nothing. */
const PREFLIGHT_MAX_AGE = '7200';

function originNotAllowed(origin: string, siteId: string): AppError {
  return new AppError('origin_not_allowed', {
    id: `Asal permintaan ${origin} tidak terdaftar untuk situs "${siteId}". Tambahkan asal ini di newsroom → Pengaturan situs, atau lewat PATCH /v1/newsroom/sites/${siteId}.`,
    en: `Requests from ${origin} are not allowed for site "${siteId}". Add this origin in the newsroom → site settings, or with PATCH /v1/newsroom/sites/${siteId}.`,
  });
}

/**
 * CORS for the public per-site API: only the site's own origins get CORS headers, preflights
 * are cached, and any request from another browser origin is refused before it reaches a
 * handler: a refused preflight answers 403 with no CORS headers, so the browser never sends the
 * real request; a refused read answers a 403 the page can read. Requests without Origin
 * (servers, curl) pass: CORS protects browsers.
 */
export function siteCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = foreignOrigin(c);
    const siteId = c.req.param('site');
    c.header('Vary', 'Origin', { append: true });
    if (!origin || !siteId) return next();
    const site = await findSite({ db: c.get('deps').db, siteId });
    const allowed = site !== null && siteAllowsOrigin(site, origin);
    // Counted for the site's "last seen" list, so a missing origin shows up instead of failing silently.
    if (site !== null && !allowed) noteWidgetSighting(c, site.id, 'refused', origin);
    if (c.req.method === 'OPTIONS') {
      if (!allowed) throw originNotAllowed(origin, siteId);
      const requested = c.req.header('access-control-request-headers');
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Allow-Headers': requested && /^[\w\-, ]{1,200}$/.test(requested) ? requested : 'Content-Type',
        'Access-Control-Max-Age': PREFLIGHT_MAX_AGE,
        Vary: 'Origin, Access-Control-Request-Headers',
      });
    }
    if (allowed) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    } else if (site !== null) {
      // The refusal itself is readable by the page, so a widget on an origin the site does not
      // list shows a 403 naming the origin and the fix in the console, not an opaque CORS error.
      c.header('Access-Control-Allow-Origin', origin);
      throw originNotAllowed(origin, site.id);
    }
    await next();
  };
}

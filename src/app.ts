import { Hono } from 'hono';
import { commentRoutes, commentsReplay } from './comments/routes';
import { appCache, cacheSubscriber } from './lib/cache';
import { allOf } from './lib/events';
import { consoleLog, reportTo } from './lib/log';
import { limitBody } from './http/body-limit';
import type { AppDeps, AppEnv, ResolvedDeps } from './http/context';
import { notFound, onError } from './http/errors';
import { withReplay } from './http/replay';
import { requestIds } from './http/request-id';
import { jsonDepthLimit } from './http/json-depth';
import { htmlSecurityDefaults } from './http/security-headers';
import { demoRoutes } from './demo/routes';
import { embedRoutes } from './embed/routes';
import { siteCors } from './http/site-cors';
import { pageSightings } from './http/sightings';
import { limiterRoutes } from './ratelimit/routes';
import { dashboardRoutes } from './newsroom/dashboard/routes';
import { newsroomRoutes } from './newsroom/routes';
import { readerComplaintRoutes } from './newsroom/complaints/routes';
import { newsroomEventSink } from './newsroom/webhooks/spike';
import { liveSocketRoutes } from './polls/routes';
import { pollReplay, reactionRoutes } from './reactions/routes';
import { ssoRoutes } from './sso/routes';
import { readerRoutes } from './readers/routes';
import { serviceHomeRoutes } from './system/home';
import { openApiRoute } from './system/openapi';
import { systemRoutes } from './system/routes';

export const VERSION = '0.1.0';

/**
 * The documented API: every route here appears in /openapi.json, which `scripts/openapi.ts`
 * generates from this at build time. Mount new route modules here, one line each.
 */
export function apiRoutes() {
  const api = new Hono<AppEnv>();
  api.use('/v1/sites/:site/*', siteCors());
  api.use('/v1/sites/:site/articles/:article/poll', pageSightings());
  api.route('/v1', liveSocketRoutes());
  api.route('/v1', reactionRoutes());
  api.route('/v1', commentRoutes());
  api.route('/v1', ssoRoutes());
  api.route('/v1', readerRoutes());
  api.route('/v1', limiterRoutes());
  api.route('/v1', readerComplaintRoutes());
  api.route('/v1/newsroom', newsroomRoutes());
  api.route('/', systemRoutes());
  api.route('/', embedRoutes());
  return api;
}

/**
 * Builds the whole HTTP surface for one runtime. The entries (`node.ts`, `worker.ts`) supply
 * the database and how to find the client; everything else is the same code on both.
 */
export function createApp(deps: AppDeps) {
  const log = deps.log ?? consoleLog();
  reportTo(deps.db, log);
  const now = deps.now ?? Date.now;
  const resolved: ResolvedDeps = {
    ...deps,
    log,
    now,
    writer: deps.writer ?? deps.db,
    // The cache hears every event first and at once (a sink's own code runs before its first
    // await); the rest (webhooks, spikes, the live hub) may take time.
    events: allOf(
      cacheSubscriber(deps.db),
      deps.events ?? newsroomEventSink({ db: deps.db, log, now, production: deps.config.production, resolveHost: deps.resolveHost }),
      deps.live?.events,
    ),
  };
  appCache(deps.db).configure({ maxBytes: deps.config.cacheMaxBytes, clock: now });
  // A repeated anonymous read is answered before routing, as the full path last answered it.
  const app = withReplay(new Hono<AppEnv>(), deps.db, [pollReplay, commentsReplay]);
  app.use(requestIds());
  // Outermost after the request id, so error envelopes and 404s are compressed too. It turns a
  // strong ETag weak (W/"…"); the conditional GET handlers accept either form.
  if (deps.compression) app.use(deps.compression);
  app.use(htmlSecurityDefaults());
  app.use(async (c, next) => {
    c.set('deps', resolved);
    const started = performance.now();
    await next();
    if (c.res.status >= 500) {
      log({
        level: 'error',
        msg: 'request failed',
        requestId: c.get('requestId'),
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      });
    }
  });

  // The size limit first (the stricter one for the readers' API), then the depth check, which
  // reads the body and so must only ever see a bounded one.
  app.use(limitBody());
  app.use(jsonDepthLimit());

  app.route('/', apiRoutes());
  app.route('/newsroom', dashboardRoutes());
  app.route('/', openApiRoute());
  // The demo article and index only where the demo sites are seeded: never in production.
  app.route('/', deps.config.production ? serviceHomeRoutes() : demoRoutes());
  app.notFound(notFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;

import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { commentRoutes } from './comments/routes';
import { AppError } from './lib/errors';
import type { AppDeps, AppEnv, ResolvedDeps } from './http/context';
import { notFound, onError } from './http/errors';
import { withPublicReplay } from './http/replay';
import { requestIds } from './http/request-id';
import { jsonDepthLimit } from './http/json-depth';
import { htmlSecurityDefaults } from './http/security-headers';
import { demoRoutes } from './demo/routes';
import { embedRoutes } from './embed/routes';
import { siteCors } from './http/site-cors';
import { limiterRoutes } from './ratelimit/routes';
import { dashboardRoutes } from './newsroom/dashboard/routes';
import { newsroomRoutes } from './newsroom/routes';
import { webhookEventSink } from './newsroom/webhooks/service';
import { reactionSpikeWatch } from './newsroom/webhooks/spike';
import { reactionRoutes } from './reactions/routes';
import { serviceHomeRoutes } from './system/home';
import { openApiRoute } from './system/openapi';
import { systemRoutes } from './system/routes';

export const VERSION = '0.1.0';

/** Public request bodies are small JSON objects; anything larger is refused before parsing. */
const PUBLIC_BODY_LIMIT = 8 * 1024;
/** The most any route accepts (newsroom settings and word lists included). */
const BODY_LIMIT = 64 * 1024;

function tooLarge(kilobytes: number): never {
  throw new AppError('payload_too_large', {
    id: `Isi permintaan terlalu besar (maksimal ${kilobytes} KB).`,
    en: `Request body too large (${kilobytes} KB at most).`,
  });
}

/**
 * Refuses bodies over `maxSize`. A declared Content-Length is enough to decide (Node's parser
 * never delivers more than it declares), which keeps the request on @hono/node-server's fast
 * path: Hono's `bodyLimit` touches `req.raw.body`, and that alone turns every request into a
 * full web Request with a streamed body. Chunked bodies still go through `bodyLimit`.
 */
function limitBody(maxSize: number): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError: () => tooLarge(maxSize / 1024) });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) tooLarge(maxSize / 1024);
      return next();
    }
    return streamed(c, next);
  };
}

function consoleLog(line: Record<string, unknown>): void {
  const text = JSON.stringify({ time: new Date().toISOString(), ...line });
  if (line.level === 'error') console.error(text);
  else console.log(text);
}

/**
 * The documented API: every route here appears in /openapi.json, which `scripts/openapi.ts`
 * generates from this at build time. Mount new route modules here, one line each.
 */
export function apiRoutes() {
  const api = new Hono<AppEnv>();
  api.use('/v1/sites/:site/*', siteCors());
  api.use('/v1/sites/:site/articles/:article/vote', reactionSpikeWatch());
  api.route('/v1', reactionRoutes());
  api.route('/v1', commentRoutes());
  api.route('/v1', limiterRoutes());
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
  const log = deps.log ?? consoleLog;
  const resolved: ResolvedDeps = { ...deps, log, writer: deps.writer ?? deps.db, events: deps.events ?? webhookEventSink({ db: deps.db, log, now: deps.now }) };
  // A repeated anonymous read is answered before routing, as the full path last answered it.
  const app = withPublicReplay(new Hono<AppEnv>());
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
        requestId: c.var.requestId,
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      });
    }
  });

  // Size limits first (the stricter one for the public API), then the depth check, which reads
  // the body and so must only ever see a bounded one.
  app.use('/v1/*', limitBody(PUBLIC_BODY_LIMIT));
  app.use(limitBody(BODY_LIMIT));
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

import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { commentRoutes } from './comments/routes';
import { AppError } from './lib/errors';
import { noEvents } from './lib/events';
import type { AppDeps, AppEnv, ResolvedDeps } from './http/context';
import { notFound, onError } from './http/errors';
import { demoRoutes } from './demo/routes';
import { embedRoutes } from './embed/routes';
import { siteCors } from './http/site-cors';
import { reactionRoutes } from './reactions/routes';
import { openApiRoute } from './system/openapi';
import { systemRoutes } from './system/routes';

export const VERSION = '0.1.0';

/** Public request bodies are small JSON objects; anything larger is refused before parsing. */
const PUBLIC_BODY_LIMIT = 8 * 1024;

function payloadTooLarge(): AppError {
  return new AppError('payload_too_large', {
    id: 'Isi permintaan terlalu besar (maksimal 8 KB).',
    en: 'Request body too large (8 KB at most).',
  });
}

/**
 * Refuses bodies over the limit. A declared Content-Length is enough to decide (Node's parser
 * never delivers more than it declares), which keeps the request on @hono/node-server's fast
 * path: Hono's `bodyLimit` touches `req.raw.body`, and that alone turns every request into a
 * full web Request with a streamed body. Chunked bodies still go through `bodyLimit`.
 */
function publicBodyLimit(): MiddlewareHandler {
  const streamed = bodyLimit({
    maxSize: PUBLIC_BODY_LIMIT,
    onError: () => {
      throw payloadTooLarge();
    },
  });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > PUBLIC_BODY_LIMIT) throw payloadTooLarge();
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
  api.use('/v1/*', publicBodyLimit());
  api.use('/v1/sites/:site/*', siteCors());
  api.route('/v1', reactionRoutes());
  api.route('/v1', commentRoutes());
  api.route('/', systemRoutes());
  return api;
}

/**
 * Builds the whole HTTP surface for one runtime. The entries (`node.ts`, `worker.ts`) supply
 * the database and how to find the client; everything else is the same code on both.
 */
export function createApp(deps: AppDeps) {
  const log = deps.log ?? consoleLog;
  const resolved: ResolvedDeps = { ...deps, log, writer: deps.writer ?? deps.db, events: deps.events ?? noEvents };
  const app = new Hono<AppEnv>();

  app.use(requestId({ headerName: 'X-Request-Id', limitLength: 64 }));
  // Outermost after the request id, so error envelopes and 404s are compressed too. It turns a
  // strong ETag weak (W/"…"); the conditional GET handlers accept either form.
  if (deps.compression) app.use(deps.compression);
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

  app.route('/', apiRoutes());
  app.route('/', openApiRoute());
  app.route('/', embedRoutes());
  app.route('/', demoRoutes());
  app.notFound(notFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;

import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { articleParamsSchema } from '../reactions/schemas';
import { openLiveTally } from './live';

/**
 * `GET /sites/{site}/articles/{article}/live` with `Upgrade: websocket`, on Workers with
 * article objects: the socket goes to the article's coordinator object. Any other request for
 * the path (Server-Sent Events, or no objects) falls through to the live route of
 * src/reactions/routes.ts, which documents the path.
 */
export function liveSocketRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/sites/:site/articles/:article/live', validate('param', articleParamsSchema), async (c, next) => {
    const { db, liveTallies } = c.var.deps;
    if (!liveTallies || c.req.header('upgrade')?.toLowerCase() !== 'websocket') return next();
    const { site, article } = c.req.valid('param');
    return openLiveTally({ db, live: liveTallies, siteId: site, externalId: article, request: c.req.raw });
  });
  return app;
}

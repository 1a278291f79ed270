import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { type AppEnv } from '../http/context';
import { appCache } from '../lib/cache';
import { responses } from '../http/openapi';
import { checkDatabase } from './service';

const cacheStatsSchema = v.object({
  bytes: v.pipe(v.number(), v.description('Bytes the in-process cache holds now; never above maxBytes')),
  maxBytes: v.pipe(v.number(), v.description('Its budget (CACHE_MAX_BYTES)')),
  entries: v.number(),
  evictions: v.pipe(v.number(), v.description('Entries dropped to stay within the budget since start')),
  expirations: v.pipe(v.number(), v.description('Entries dropped as expired or outdated by a write since start')),
});

const healthSchema = v.object({
  status: v.picklist(['ok', 'degraded']),
  db: v.picklist(['ok', 'unreachable']),
  cache: cacheStatsSchema,
});

export function systemRoutes() {
  const app = new Hono<AppEnv>();
  app.get(
    '/healthz',
    describeRoute({
      tags: ['System'],
      summary: 'Health check',
      description:
        "Answers 200 when the service and its database respond, 503 when the database does not. `cache` reports this process's (or isolate's) cache: bytes held against its budget, entries, evictions.",
      responses: responses({ description: 'Healthy', schema: healthSchema }, [503]),
    }),
    async (c) => {
      const dbOk = await checkDatabase(c.get('deps').db);
      c.header('Cache-Control', 'no-store');
      const cache = appCache(c.get('deps').db).stats();
      return c.json({ status: dbOk ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'unreachable', cache }, dbOk ? 200 : 503);
    },
  );
  return app;
}

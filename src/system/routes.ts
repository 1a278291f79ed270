import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { type AppEnv } from '../http/context';
import { responses } from '../http/openapi';
import { checkDatabase } from './service';

const healthSchema = v.object({ status: v.picklist(['ok', 'degraded']), db: v.picklist(['ok', 'unreachable']) });

export function systemRoutes() {
  const app = new Hono<AppEnv>();
  app.get(
    '/healthz',
    describeRoute({
      tags: ['System'],
      summary: 'Health check',
      description: 'Answers 200 when the service and its database respond, 503 when the database does not.',
      responses: responses({ description: 'Healthy', schema: healthSchema }, [503]),
    }),
    async (c) => {
      const dbOk = await checkDatabase(c.var.deps.db);
      c.header('Cache-Control', 'no-store');
      return c.json({ status: dbOk ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'unreachable' }, dbOk ? 200 : 503);
    },
  );
  return app;
}

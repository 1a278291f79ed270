import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../http/cache';
import { type AppEnv, requestTime } from '../http/context';
import { responses } from '../http/openapi';
import { validate } from '../http/validate';
import { exportReader } from './export';
import { readerExportSchema, readerParamsSchema, readerQuerySchema } from './schemas';

/** The reader's own data: what is stored under their token, for them alone. */
export function readerRoutes() {
  const app = new Hono<AppEnv>();

  app.get(
    '/sites/:site/readers/me/export',
    describeRoute({
      tags: ['Readers'],
      summary: 'Export everything stored under a reader token',
      description:
        "Every vote, comment (in every status, with its moderation state), like and report stored under the `reader` token, on every site, exactly as stored; times are ISO 8601 UTC. Nothing of any other reader. After `DELETE /v1/sites/{site}/readers/me` every list is empty. Never cached (`private, no-store`).",
      responses: responses({ description: "The reader's data", schema: readerExportSchema }, [400, 403, 404]),
    }),
    validate('param', readerParamsSchema),
    validate('query', readerQuerySchema),
    async (c) => {
      const { site } = c.req.valid('param');
      const { reader } = c.req.valid('query');
      const { db, config } = c.var.deps;
      c.header('Content-Disposition', 'attachment; filename="tanggap-data.json"');
      return privateJson(c, await exportReader({ db, secret: config.secret, siteId: site, readerToken: reader, now: requestTime(c) }));
    },
  );

  return app;
}

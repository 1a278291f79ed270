import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../http/cache';
import { publish } from '../http/events';
import { type AppEnv, readerWrite } from '../http/context';
import { responses } from '../http/openapi';
import { validate } from '../http/validate';
import { eraseReader } from './erasure';
import { exportReader } from './export';
import { eraseReaderBodySchema, erasureReceiptSchema, readerExportSchema, readerQuerySchema, readerSiteParamsSchema } from './schemas';

/** What a reader can ask about themselves: to see everything stored under their token, and to be forgotten. */
export function readerRoutes() {
  const app = new Hono<AppEnv>();
  app.delete(
    '/sites/:site/readers/me',
    describeRoute({
      tags: ['Readers'],
      summary: "Delete everything stored under a reader token",
      description:
        "Deletes the reader's votes, likes, reports and comments (on every site) and says how many of each went: the votes first, then the rest in one atomic step; tallies and counts follow at once. Replies others wrote to the deleted comments stay, as top-level comments. On Workers with article objects, a vote cast in the last few seconds (not yet rolled up to D1) is not in `deleted.votes`; it is deleted within seconds, when its object's roll-up finds the erasure.",
      responses: responses({ description: 'What was deleted', schema: erasureReceiptSchema }, [400, 403, 404, 413, 429]),
    }),
    validate('param', readerSiteParamsSchema),
    validate('json', eraseReaderBodySchema),
    async (c) => {
      const { site } = c.req.valid('param');
      const body = c.req.valid('json');
      const { receipt, events } = await eraseReader({ ...readerWrite(c, site, body.lang), readerToken: body.reader });
      await publish(c, events);
      return privateJson(c, receipt);
    },
  );

  app.get(
    '/sites/:site/readers/me/export',
    describeRoute({
      tags: ['Readers'],
      summary: 'Export everything stored under a reader token',
      description:
        "Every vote, comment (in every status, with its moderation state), like and report stored under the `reader` token, on every site, exactly as stored; times are ISO 8601 UTC. Nothing of any other reader. On Workers with article objects, a vote cast in the last few seconds appears once its object has rolled up (about 5 s). After `DELETE /v1/sites/{site}/readers/me` every list is empty. Never cached (`private, no-store`).",
      responses: responses({ description: "The reader's data", schema: readerExportSchema }, [400, 403, 404, 429]),
    }),
    validate('param', readerSiteParamsSchema),
    validate('query', readerQuerySchema),
    async (c) => {
      const { site } = c.req.valid('param');
      const { reader } = c.req.valid('query');
      c.header('Content-Disposition', 'attachment; filename="tanggap-data.json"');
      return privateJson(c, await exportReader({ ...readerWrite(c, site, undefined), readerToken: reader }));
    },
  );

  return app;
}

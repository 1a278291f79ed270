import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../http/cache';
import { publish } from '../http/events';
import type { AppEnv } from '../http/context';
import { responses } from '../http/openapi';
import { validate } from '../http/validate';
import { eraseReader } from './erasure';
import { eraseReaderBodySchema, erasureReceiptSchema, readerSiteParamsSchema } from './schemas';

/** What a reader can ask about themselves: for now, to be forgotten. */
export function readerRoutes() {
  const app = new Hono<AppEnv>();
  app.delete(
    '/sites/:site/readers/me',
    describeRoute({
      tags: ['Readers'],
      summary: "Delete everything stored under a reader token",
      description:
        "Deletes the reader's votes, likes, reports and comments (on every site) in one atomic step and says how many of each went; tallies and counts follow at once. Replies others wrote to the deleted comments stay, as top-level comments.",
      responses: responses({ description: 'What was deleted', schema: erasureReceiptSchema }, [400, 403, 404, 413]),
    }),
    validate('param', readerSiteParamsSchema),
    validate('json', eraseReaderBodySchema),
    async (c) => {
      const { site } = c.req.valid('param');
      const body = c.req.valid('json');
      if (body.lang) c.set('locale', body.lang);
      const { db, config } = c.var.deps;
      const { receipt, events } = await eraseReader({ db, secret: config.secret, siteId: site, readerToken: body.reader });
      await publish(c, events);
      return privateJson(c, receipt);
    },
  );

  return app;
}

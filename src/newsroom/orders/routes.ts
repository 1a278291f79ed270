import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../../http/cache';
import { requestTime } from '../../http/context';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { sendTable } from '../analytics/routes';
import { exportSchema } from '../analytics/schemas';
import { siteParamsSchema } from '../schemas';
import { orderBodySchema, orderExportQuerySchema, orderListQuerySchema, orderListSchema, orderSchema } from './schemas';
import { exportOrders, listOrders, recordOrder } from './service';

const tags = ['Newsroom: authority orders'];

/** The authority order log: record, list, export. No route changes or deletes an entry. */
export function orderRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.post(
    '/sites/:site/orders',
    describeRoute({
      tags,
      summary: 'Record an authority order',
      description:
        'An order from Komdigi, the police, a court or another issuer (`issuerName`) with its reference number, the time it was received (`receivedAt`, epoch ms) and its deadline: `urgent` (4 hours after receipt), `normal` (24 hours) or `custom` with `dueAt`. It covers comments (`commentIds`) and/or articles (`articleIds`) of the site. The log is append-only: to fix an entry, record a new one with `correctsId`. Link the actions you take with `orderId` on moderation actions. Moderator role.',
      responses: responses({ status: 201, description: 'The recorded order', schema: orderSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', siteParamsSchema),
    validate('json', orderBodySchema),
    async (c) => {
      const { deps, site, principal } = c.var;
      const order = await recordOrder({ db: deps.db, siteId: site.id, principal, input: c.req.valid('json'), now: requestTime(c) });
      c.header('Cache-Control', 'private, no-store');
      return c.json(order, 201);
    },
  );

  app.get(
    '/sites/:site/orders',
    describeRoute({
      tags,
      summary: 'The authority order log',
      description:
        'Orders soonest due first, each with the actions taken for it, when it was first acted on (`handledAt`), its `status` (`open`, `handled`, `handled-late`, `corrected`), time left (`msLeft`, negative past the deadline) and `overdue`. `state=open` lists only orders nobody acted on or corrected. Moderator role.',
      responses: responses({ description: 'The orders', schema: orderListSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', siteParamsSchema),
    validate('query', orderListQuerySchema),
    async (c) => {
      const { state } = c.req.valid('query');
      return privateJson(c, await listOrders({ db: c.var.deps.db, siteId: c.var.site.id, now: requestTime(c), state }));
    },
  );

  app.get(
    '/sites/:site/export/orders',
    describeRoute({
      tags,
      summary: 'Export the authority order log',
      description:
        'Every order entry, corrections included, with its received, due, recorded and first-action times (ISO 8601 UTC), its targets and the actions taken for it. `format=csv` (UTF-8 with BOM) or `json`. Moderator role.',
      responses: responses({ description: 'The order log', schema: exportSchema }, [400, 401, 403, 404]),
    }),
    requireRole('moderator'),
    validate('param', siteParamsSchema),
    validate('query', orderExportQuerySchema),
    async (c) => {
      const { format } = c.req.valid('query');
      const { deps, site } = c.var;
      return sendTable(c, await exportOrders({ db: deps.db, siteId: site.id, now: requestTime(c) }), `${site.id}-orders`, format);
    },
  );

  return app;
}

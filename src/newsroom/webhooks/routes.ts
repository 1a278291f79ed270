import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { privateJson } from '../../http/cache';
import { publish } from '../../http/events';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { siteParamsSchema } from '../schemas';
import { createWebhookBodySchema, deliverySchema, webhookEvents, webhookIdParamsSchema, webhookSchema } from './schemas';
import { webhookRuntime } from './spike';
import { createWebhook, deleteWebhook, emitWebhookEvent, listDeliveries, listWebhooks } from './service';

const tags = ['Newsroom: webhooks'];

const signingNote =
  'Each POST carries `X-Tanggap-Event`, `X-Tanggap-Delivery` and `X-Tanggap-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; a non-2xx answer is retried (after 1 s, 5 s, 20 s). Delivery is at least once: a retry, or a sweep after a restart, can send what the receiver already handled. Every attempt of one delivery carries the same id, in `X-Tanggap-Delivery` and as `delivery` in the signed JSON body (ids are never reused), so drop an id you have already handled.';

export function webhookRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.get(
    '/sites/:site/webhooks',
    describeRoute({ tags, summary: "List a site's webhooks", description: 'Admin role.', responses: responses({ description: 'Webhooks', schema: v.object({ webhooks: v.array(webhookSchema) }) }, [401, 403, 404]) }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    async (c) => privateJson(c, { webhooks: await listWebhooks({ db: c.var.deps.db, siteId: c.var.site.id }) }),
  );

  app.post(
    '/sites/:site/webhooks',
    describeRoute({
      tags,
      summary: 'Add a webhook',
      description: `Events: ${webhookEvents.map((event) => `\`${event}\``).join(', ')}. A delivery is written in the same atomic write as what it reports. The signing secret is returned only now. ${signingNote} Admin role.`,
      responses: responses({ status: 201, description: 'The webhook and its secret', schema: v.object({ ...webhookSchema.entries, secret: v.string() }) }, [400, 401, 403, 404]),
    }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    validate('json', createWebhookBodySchema),
    async (c) => {
      const { url, events } = c.req.valid('json');
      const { deps, site } = c.var;
      c.header('Cache-Control', 'no-store');
      const created = await createWebhook({ db: deps.db, siteId: site.id, url, events, production: deps.config.production, resolveHost: deps.resolveHost });
      await publish(c, created.events);
      return c.json(created.webhook, 201);
    },
  );

  app.delete(
    '/sites/:site/webhooks/:id',
    describeRoute({ tags, summary: 'Remove a webhook', description: 'Its delivery log goes with it. Admin role.', responses: responses({ status: 204, description: 'Removed' }, [400, 401, 403, 404]) }),
    requireRole('admin'),
    validate('param', webhookIdParamsSchema),
    async (c) => {
      await publish(c, (await deleteWebhook({ db: c.var.deps.db, siteId: c.var.site.id, id: c.req.valid('param').id })).events);
      return c.body(null, 204);
    },
  );

  app.get(
    '/sites/:site/webhooks/:id/deliveries',
    describeRoute({ tags, summary: 'Delivery log', description: 'The latest 50 deliveries with status, attempts and the last error. Admin role.', responses: responses({ description: 'Deliveries', schema: v.object({ deliveries: v.array(deliverySchema) }) }, [400, 401, 403, 404]) }),
    requireRole('admin'),
    validate('param', webhookIdParamsSchema),
    async (c) => privateJson(c, { deliveries: await listDeliveries({ db: c.var.deps.db, siteId: c.var.site.id, webhookId: c.req.valid('param').id, limit: 50 }) }),
  );

  app.post(
    '/sites/:site/webhooks/ping',
    describeRoute({ tags, summary: 'Send a test event', description: `Sends a \`ping\` event to every active webhook of the site. ${signingNote} Admin role.`, responses: responses({ status: 202, description: 'Queued', schema: v.object({ deliveries: v.array(v.number()) }) }, [401, 403, 404]) }),
    requireRole('admin'),
    validate('param', siteParamsSchema),
    async (c) => {
      const ids = await emitWebhookEvent(webhookRuntime(c), { siteId: c.var.site.id, event: 'ping', data: { message: 'Tanggap webhook test' } });
      return c.json({ deliveries: ids }, 202);
    },
  );

  return app;
}

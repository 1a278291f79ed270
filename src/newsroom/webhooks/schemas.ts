import * as v from 'valibot';

/** A registered webhook as the API lists it (its signing secret is shown only at creation). */
export const webhookSchema = v.object({ id: v.number(), url: v.string(), events: v.array(v.string()), active: v.boolean(), createdAt: v.number() });

/** One delivery of an event to a webhook, with the outcome of its latest attempt. */
export const deliverySchema = v.object({
  id: v.number(),
  event: v.string(),
  status: v.picklist(['pending', 'delivered', 'failed']),
  attempts: v.number(),
  responseStatus: v.nullable(v.number()),
  lastError: v.nullable(v.string()),
  createdAt: v.number(),
  deliveredAt: v.nullable(v.number()),
});

import * as v from 'valibot';
import { wellFormedText } from '../../http/schemas';
import type { AppEvent } from '../../lib/events';

/** The domain events a webhook may listen for (votes are counted, not announced one by one). */
export const webhookEvents = [
  'comment.held',
  'comment.reported',
  'reaction.spike',
  'moderation.approved',
  'moderation.rejected',
  'moderation.spam',
  'moderation.muted',
  'moderation.unmuted',
  'moderation.picked',
  'moderation.unpicked',
] as const satisfies readonly AppEvent['type'][];

/** A new webhook: where to POST and which events; the dashboard's form is parsed by it too. */
export const createWebhookBodySchema = v.object({
  url: v.pipe(v.string('url must be a string.'), v.maxLength(2048, 'url must be at most 2048 characters.'), v.url('url must be an absolute URL.'), v.regex(/^[^\p{Cc}]*$/u, 'url must not contain control characters.'), wellFormedText('url')),
  events: v.pipe(
    v.array(v.picklist(webhookEvents, `each event must be one of: ${webhookEvents.join(', ')}.`)),
    v.minLength(1, 'events must name at least one event.'),
  ),
});

export const webhookIdParamsSchema = v.object({ site: v.string(), id: v.pipe(v.string(), v.regex(/^\d{1,12}$/, 'id must be a number.'), v.transform(Number)) });


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

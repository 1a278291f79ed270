import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type * as v from 'valibot';
import type { BatchItem, Db } from '../../db/client';
import { webhookDeliveries, webhooks } from '../../db/schema';
import { hmacHex, randomToken } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import type { AppEvent, EventSink } from '../../lib/events';
import { type Log, loggableError } from '../../lib/log';
import { appCache, cacheKey, webhooksSubject } from '../../lib/cache';
import { refusedTarget, type ResolveHost } from './targets';
import { type deliverySchema, webhookEvents, type webhookSchema } from './schemas';

/**
 * Webhooks: signed POSTs to a newsroom's own systems when a comment is held for review or
 * reported, a moderator acts, or an article's votes spike. A delivery is a row first, written
 * in the same batch as the write that causes it (`deliveryStatements`), so a delivery exists
 * exactly when its write committed; the request is sent second, after the reader's response
 * (`waitUntil` on Workers); failures retry with backoff and are swept up again by later events.
 */

/** What a delivery may carry: a domain event, or the ping a new webhook can be tested with. */
export type WebhookEvent = AppEvent['type'] | 'ping';

/** A claimed delivery is left to its claimer this long before a sweep may take it over. */
const CLAIM_MS = 60_000;

/**
 * Delays before the 2nd, 3rd and 4th attempt: short enough to run within a Worker's `waitUntil`
 * time; a delivery cut off there stays `pending` and the next event's sweep retries it.
 */
export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 20_000];

export type WebhookRuntime = {
  db: Db;
  /** Production refuses every target address that is not public; development also allows loopback. */
  production: boolean;
  /** Resolves a target's host name before each delivery (Node); absent on Workers. */
  resolveHost?: ResolveHost | undefined;
  /** Keeps background work alive after the response (Workers); absent on Node, where it just runs. */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  log?: Log | undefined;
  now: () => number;
  fetch?: typeof fetch;
  retryDelaysMs?: number[];
};

export type WebhookView = v.InferOutput<typeof webhookSchema>;

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * https only, except http to this machine on a development instance; in production no
 * private, local or otherwise non-public address, literal or resolved (see `targets.ts`).
 */
export async function assertWebhookUrl(url: string, { production, resolveHost }: { production: boolean; resolveHost: ResolveHost | undefined }): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl('not an absolute URL');
  }
  if (parsed.username || parsed.password) throw badUrl('must not contain credentials');
  if (production) {
    if (parsed.protocol !== 'https:') throw badUrl('must use https');
  } else if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOCAL_HOST.test(parsed.hostname))) {
    throw badUrl('must use https (http is allowed only to localhost in development)');
  }
  const refused = await refusedTarget(parsed.hostname, { production, resolveHost });
  if (refused) throw badUrl(`must not point at a private or local address (${refused})`);
}

function badUrl(message: string): AppError {
  return new AppError(
    'invalid_input',
    { id: `Alamat webhook tidak dapat dipakai: ${message}.`, en: `The webhook URL cannot be used: ${message}.` },
    { details: [{ path: 'url', message }] },
  );
}

type ActiveHook = { id: number; url: string; secret: string; events: string[] };

/**
 * The site's active hooks, read once per site per `CACHE_TTL_MS` in the app's one cache (so
 * bounded by its byte budget), and at once again after this process changed them. What is
 * loaded is the query's promise, started once with `.execute()`: a drizzle query builder is
 * only thenable, and every `await` on a cached builder would run its SELECT again.
 */
function activeHooks(db: Db, siteId: string): Promise<ActiveHook[]> {
  return appCache(db).remember(
    cacheKey({ kind: 'webhooks', siteId }),
    () =>
      db
        .select({ id: webhooks.id, url: webhooks.url, secret: webhooks.secret, events: webhooks.events })
        .from(webhooks)
        .where(and(eq(webhooks.siteId, siteId), eq(webhooks.active, true)))
        .execute(),
    webhooksSubject(siteId),
  );
}

/** Whether any active webhook of the site listens for `event` (cached briefly). */
export async function siteListensFor(db: Db, siteId: string, event: WebhookEvent): Promise<boolean> {
  return (await activeHooks(db, siteId)).some((hook) => hook.events.includes(event));
}

/**
 * One event as a write queues it for webhooks: its type, and a SELECT yielding one row per
 * occurrence with a `data` column (a JSON object) read inside the write's own batch. The
 * SELECT's WHERE says when the write happened (the row it changed, `changes()`), so the
 * deliveries exist exactly when the write did.
 */
export type QueuedEvent = { event: (typeof webhookEvents)[number]; data: SQL };

/**
 * The statements that write the deliveries of `queued` for every active hook of the site that
 * listens, to put in the batch of the write that causes them: a crash can then lose neither
 * without the other. None when no hook listens, so a site without webhooks pays nothing. A hook
 * removed meanwhile gets no row (they are joined, not named), so the write never fails for it.
 */
export async function deliveryStatements(db: Db, { siteId, now, queued }: { siteId: string; now: number; queued: readonly QueuedEvent[] }): Promise<BatchItem[]> {
  const hooks = await activeHooks(db, siteId);
  const createdAt = new Date(now).toISOString();
  return queued
    .filter(({ event }) => hooks.some((hook) => hook.events.includes(event)))
    .map(({ event, data }) =>
      db.run(sql`INSERT INTO webhook_deliveries (webhook_id, event, payload, next_attempt_at, created_at)
        SELECT h.id, ${event}, json_object('event', ${event}, 'site', ${siteId}, 'createdAt', ${createdAt}, 'data', json(d.data)), ${now}, ${now}
        FROM (${data}) d CROSS JOIN webhooks h
        WHERE h.site_id = ${siteId} AND h.active = 1 AND EXISTS (SELECT 1 FROM json_each(h.events) WHERE value = ${event})`),
    );
}

/**
 * The `data` SELECT of a comment event (`QueuedEvent`): the comment's id, the fields given, its
 * article and an excerpt, never who wrote it. `where` picks the comments (`c`, joined to `a`).
 */
export function commentEventData(where: SQL, fields: readonly [string, SQL | string | number][] = []): SQL {
  const extra = fields.map(([name, value]) => sql`, ${name}, ${value}`);
  return sql`SELECT json_object('commentId', c.id${sql.join(extra, sql``)}, 'article', a.external_id, 'title', a.title, 'url', a.url,
      'authorName', c.author_name, 'excerpt', substr(c.body, 1, 280)) AS data
    FROM comments c JOIN articles a ON a.id = c.article_id WHERE ${where}`;
}

/** Registers a webhook; its signing secret is returned only now. */
export async function createWebhook({
  db,
  siteId,
  url,
  events,
  production,
  resolveHost,
}: {
  db: Db;
  siteId: string;
  url: string;
  events: string[];
  production: boolean;
  /** Required (undefined on Workers) so no caller forgets to resolve the target. */
  resolveHost: ResolveHost | undefined;
}): Promise<{ webhook: WebhookView & { secret: string }; events: AppEvent[] }> {
  await assertWebhookUrl(url, { production, resolveHost });
  const secret = `whsec_${randomToken(24)}`;
  const [row] = await db.insert(webhooks).values({ siteId, url, secret, events: [...new Set(events)] }).returning();
  return {
    webhook: { id: row!.id, url: row!.url, events: row!.events, active: row!.active, createdAt: row!.createdAt, secret },
    events: [{ type: 'webhooks.changed', siteId }],
  };
}

export async function listWebhooks({ db, siteId }: { db: Db; siteId: string }): Promise<WebhookView[]> {
  return db
    .select({ id: webhooks.id, url: webhooks.url, events: webhooks.events, active: webhooks.active, createdAt: webhooks.createdAt })
    .from(webhooks)
    .where(eq(webhooks.siteId, siteId))
    .orderBy(webhooks.id);
}

function webhookNotFound(id: number): AppError {
  return new AppError('not_found', { id: `Webhook #${id} tidak ada di situs ini.`, en: `Webhook #${id} does not exist on this site.` });
}

export async function deleteWebhook({ db, siteId, id }: { db: Db; siteId: string; id: number }): Promise<{ events: AppEvent[] }> {
  const deleted = await db.delete(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.siteId, siteId))).returning({ id: webhooks.id });
  if (deleted.length === 0) throw webhookNotFound(id);
  return { events: [{ type: 'webhooks.changed', siteId }] };
}

export type DeliveryView = v.InferOutput<typeof deliverySchema>;

/** A webhook's latest deliveries, newest first. */
export async function listDeliveries({ db, siteId, webhookId, limit }: { db: Db; siteId: string; webhookId: number; limit: number }): Promise<DeliveryView[]> {
  const [hook] = await db.select({ id: webhooks.id }).from(webhooks).where(and(eq(webhooks.id, webhookId), eq(webhooks.siteId, siteId)));
  if (!hook) throw webhookNotFound(webhookId);
  return db
    .select({
      id: webhookDeliveries.id,
      event: webhookDeliveries.event,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      responseStatus: webhookDeliveries.responseStatus,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit);
}

/**
 * The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Binding
 * the timestamp lets receivers refuse replays older than a few minutes.
 */
export async function signatureHeader(secret: string, timestamp: number, body: string): Promise<string> {
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

/**
 * Queues `event` for every active webhook of the site that listens for it and returns the
 * delivery ids at once, with `delivery` settling when every attempt (retries included) is done.
 * Never throws into the caller's request.
 */
export async function queueWebhookEvent(
  runtime: WebhookRuntime,
  { siteId, event, data }: { siteId: string; event: WebhookEvent; data: Record<string, unknown> },
): Promise<{ ids: number[]; delivery: Promise<unknown> }> {
  const { db } = runtime;
  const now = runtime.now();
  try {
    const hooks = (await activeHooks(db, siteId)).filter((hook) => event === 'ping' || hook.events.includes(event));
    if (hooks.length === 0) return { ids: [], delivery: Promise.resolve() };
    const rows = await db
      .insert(webhookDeliveries)
      .values(
        hooks.map((hook) => ({
          webhookId: hook.id,
          event,
          payload: JSON.stringify({ event, site: siteId, createdAt: new Date(now).toISOString(), data }),
          // Claimed by this caller, which sends it at once, so no other event's sender takes it too.
          nextAttemptAt: now + CLAIM_MS,
        })),
      )
      .returning({ id: webhookDeliveries.id });
    const ids = rows.map((row) => row.id);
    const delivery = Promise.all([...ids.map((id) => deliverWithRetries(runtime, id)), retryDueDeliveries(runtime, ids)]).catch((error: unknown) =>
      runtime.log?.({ level: 'error', msg: 'webhook delivery crashed', ...loggableError(error) }),
    );
    return { ids, delivery };
  } catch (error) {
    runtime.log?.({ level: 'error', msg: 'webhook event not queued', event, siteId, ...loggableError(error) });
    return { ids: [], delivery: Promise.resolve() };
  }
}

/** Queues an event and lets its deliveries run in the background (under `waitUntil` where there is one). */
export async function emitWebhookEvent(
  runtime: WebhookRuntime,
  event: { siteId: string; event: WebhookEvent; data: Record<string, unknown> },
): Promise<number[]> {
  const { ids, delivery } = await queueWebhookEvent(runtime, event);
  runtime.waitUntil?.(delivery);
  return ids;
}

/**
 * Sends what a committed write queued for the site's hooks: claims the site's fresh deliveries
 * (due, never attempted) in one UPDATE, so two events arriving together never send one twice,
 * then delivers each with retries, and sweeps up deliveries a stopped process left behind.
 */
export async function sendQueuedDeliveries(runtime: WebhookRuntime, siteId: string): Promise<void> {
  const now = runtime.now();
  const claimed = await runtime.db.all<{ id: number }>(sql`UPDATE webhook_deliveries SET next_attempt_at = ${now + CLAIM_MS}
    WHERE status = 'pending' AND attempts = 0 AND next_attempt_at <= ${now}
      AND webhook_id IN (SELECT id FROM webhooks WHERE site_id = ${siteId})
    RETURNING id`);
  const ids = claimed.map(({ id }) => id);
  await Promise.all([...ids.map((id) => deliverWithRetries(runtime, id)), retryDueDeliveries(runtime, ids)]);
}

/**
 * The webhooks' subscriber: a write's events arrive once it committed, with their delivery
 * rows already written in its batch, so here they are only sent. `reaction.spike` is no write's
 * event (it is measured after votes), so it is queued here. `emit` settles when delivery is
 * done, so the publisher's `waitUntil` keeps a Worker alive for it.
 */
export function webhookEventSink(runtime: Omit<WebhookRuntime, 'waitUntil'>): EventSink {
  return {
    emit: async (event) => {
      if (!isWebhookEvent(event) || !(await siteListensFor(runtime.db, event.siteId, event.type))) return;
      if (event.type !== 'reaction.spike') return sendQueuedDeliveries(runtime, event.siteId);
      const { type, siteId, ...data } = event;
      const { delivery } = await queueWebhookEvent(runtime, { siteId, event: type, data });
      await delivery;
    },
  };
}

const isWebhookEvent = (event: AppEvent): event is Extract<AppEvent, { type: (typeof webhookEvents)[number] }> =>
  (webhookEvents as readonly string[]).includes(event.type);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a delivery's every attempt sends: the stored payload with the delivery's id first.
 * Delivery is at least once (an answer lost after the receiver acted, a process stopped
 * between sending and recording, a sweep that retries), so the receiver drops an id it has
 * handled; in the signed body, unlike the `X-Tanggap-Delivery` header alone, the id cannot be
 * changed to get a captured delivery handled twice. Ids are never reused (AUTOINCREMENT).
 */
function deliveryBody(deliveryId: number, payload: string): string {
  return `{"delivery":${deliveryId},${payload.slice(1)}`;
}

/** One delivery attempt; records its outcome and returns whether the receiver accepted it. */
export async function attemptDelivery(runtime: WebhookRuntime, deliveryId: number, isLast: boolean, retryInMs: number): Promise<boolean> {
  const { db } = runtime;
  const [row] = await db
    .select({ payload: webhookDeliveries.payload, event: webhookDeliveries.event, status: webhookDeliveries.status, url: webhooks.url, secret: webhooks.secret })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!row || row.status !== 'pending') return true;
  const timestamp = Math.floor((runtime.now()) / 1000);
  const body = deliveryBody(deliveryId, row.payload);
  let responseStatus: number | null = null;
  let error: string | null = null;
  try {
    // Checked again at every attempt: the name may resolve elsewhere since it was created.
    const refused = await refusedTarget(new URL(row.url).hostname, runtime);
    if (refused) throw new Error(`refused: ${refused}`);
    const response = await (runtime.fetch ?? fetch)(row.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tanggap-Webhook/1',
        'x-tanggap-event': row.event,
        'x-tanggap-delivery': String(deliveryId),
        'x-tanggap-signature': await signatureHeader(row.secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(5_000),
    });
    responseStatus = response.status;
    await response.body?.cancel();
    if (!response.ok) error = `HTTP ${response.status}`;
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}`.slice(0, 300) : String(caught);
  }
  const finishedAt = runtime.now();
  const delivered = error === null;
  await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      responseStatus,
      lastError: error,
      status: delivered ? 'delivered' : isLast ? 'failed' : 'pending',
      deliveredAt: delivered ? finishedAt : null,
      nextAttemptAt: delivered || isLast ? null : finishedAt + retryInMs,
    })
    .where(eq(webhookDeliveries.id, deliveryId));
  return delivered;
}

/** Tries a delivery now and then after each retry delay, stopping at the first success. */
export async function deliverWithRetries(runtime: WebhookRuntime, deliveryId: number): Promise<boolean> {
  const delays = runtime.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    const isLast = attempt === delays.length;
    if (await attemptDelivery(runtime, deliveryId, isLast, delays[attempt] ?? 0)) return true;
    if (!isLast) await sleep(delays[attempt]!);
  }
  return false;
}

/**
 * Retries deliveries left pending by a process that stopped mid-way (their retry time has
 * passed), so an event is never silently dropped. Runs alongside each new event.
 */
export async function retryDueDeliveries(runtime: WebhookRuntime, skip: number[] = []): Promise<void> {
  const now = runtime.now();
  const due = await runtime.db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(sql`${webhookDeliveries.status} = 'pending' AND ${webhookDeliveries.nextAttemptAt} < ${now - 60_000}`)
    .limit(20);
  for (const { id } of due) {
    if (!skip.includes(id)) await attemptDelivery(runtime, id, true, 0);
  }
}

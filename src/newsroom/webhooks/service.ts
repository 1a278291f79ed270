import { and, desc, eq, sql } from 'drizzle-orm';
import type * as v from 'valibot';
import type { Db } from '../../db/client';
import { webhookDeliveries, webhooks } from '../../db/schema';
import { hmacHex, randomToken } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import type { AppEvent, EventSink } from '../../lib/events';
import { type Log, loggableError } from '../../lib/log';
import { perDb, TtlCache } from '../../lib/ttl-cache';
import { refusedTarget, type ResolveHost } from './targets';
import { type deliverySchema, webhookEvents, type webhookSchema } from './schemas';

/**
 * Webhooks: signed POSTs to a newsroom's own systems when a comment is held for review, a
 * comment is reported, or an article's votes spike. A delivery is a row first (so the log is
 * complete and a crash loses nothing) and a request second, run after the reader's response
 * (`waitUntil` on Workers); failures retry with backoff and are swept up again by later events.
 */

/** What a delivery may carry: a domain event, or the ping a new webhook can be tested with. */
export type WebhookEvent = AppEvent['type'] | 'ping';

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

const hooksBySite = perDb<Db, TtlCache<string, Promise<{ id: number; url: string; secret: string; events: string[] }[]>>>(() => new TtlCache(30_000, 5_000));

/**
 * The site's active hooks, one query per site per 30 s. What is cached is the query's promise,
 * started once with `.execute()`: a drizzle query builder is only thenable, and every `await`
 * on a cached builder would run its SELECT again.
 */
function activeHooks(db: Db, siteId: string) {
  const cache = hooksBySite(db);
  let hooks = cache.get(siteId);
  if (!hooks) {
    const loading = db
      .select({ id: webhooks.id, url: webhooks.url, secret: webhooks.secret, events: webhooks.events })
      .from(webhooks)
      .where(and(eq(webhooks.siteId, siteId), eq(webhooks.active, true)))
      .execute();
    cache.set(siteId, loading);
    loading.catch(() => cache.delete(siteId));
    hooks = loading;
  }
  return hooks;
}

/** Whether any active webhook of the site listens for `event` (cached briefly). */
export async function siteListensFor(db: Db, siteId: string, event: WebhookEvent): Promise<boolean> {
  return (await activeHooks(db, siteId)).some((hook) => hook.events.includes(event));
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
}): Promise<WebhookView & { secret: string }> {
  await assertWebhookUrl(url, { production, resolveHost });
  const secret = `whsec_${randomToken(24)}`;
  const [row] = await db.insert(webhooks).values({ siteId, url, secret, events: [...new Set(events)] }).returning();
  hooksBySite(db).delete(siteId);
  return { id: row!.id, url: row!.url, events: row!.events, active: row!.active, createdAt: row!.createdAt, secret };
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

export async function deleteWebhook({ db, siteId, id }: { db: Db; siteId: string; id: number }): Promise<void> {
  const deleted = await db.delete(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.siteId, siteId))).returning({ id: webhooks.id });
  hooksBySite(db).delete(siteId);
  if (deleted.length === 0) throw webhookNotFound(id);
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
          nextAttemptAt: now,
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
 * The app's event sink: turns each domain event into a webhook delivery for the site's hooks
 * that listen for it. A comment event carries the comment's article and an excerpt (never who
 * wrote it). `emit` settles when delivery is done, so the publisher's `waitUntil` keeps a
 * Worker alive for it.
 */
export function webhookEventSink(runtime: Omit<WebhookRuntime, 'waitUntil'>): EventSink {
  return {
    emit: async (event) => {
      if (!isWebhookEvent(event) || !(await siteListensFor(runtime.db, event.siteId, event.type))) return;
      const { delivery } = await queueWebhookEvent(runtime, { siteId: event.siteId, event: event.type, data: await webhookData(runtime.db, event) });
      await delivery;
    },
  };
}

type WebhookAppEvent = Extract<AppEvent, { type: (typeof webhookEvents)[number] }>;

const isWebhookEvent = (event: AppEvent): event is WebhookAppEvent => (webhookEvents as readonly string[]).includes(event.type);

async function webhookData(db: Db, event: WebhookAppEvent): Promise<Record<string, unknown>> {
  if (event.type === 'reaction.spike') {
    const { type: _type, siteId: _siteId, ...data } = event;
    return data;
  }
  const [comment] = await db.all<{ article: string; title: string | null; url: string | null; authorName: string; excerpt: string }>(
    sql`SELECT a.external_id AS article, a.title, a.url, c.author_name AS authorName, substr(c.body, 1, 280) AS excerpt
      FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ${event.commentId}`,
  );
  const data: Record<string, unknown> = { commentId: event.commentId, reason: event.reason, ...comment };
  if (event.type === 'comment.reported') data.reportCount = event.reportCount;
  return data;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
        'x-tanggap-signature': await signatureHeader(row.secret, timestamp, row.payload),
      },
      body: row.payload,
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

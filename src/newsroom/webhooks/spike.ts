import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../../db/client';
import type { AppEnv } from '../../http/context';
import { findArticleId } from '../../articles/service';
import { BoundedMap, perDb } from '../../lib/cache';
import type { AppEvent, EventSink } from '../../lib/events';
import { siteListensFor, webhookEventSink, type WebhookRuntime } from './service';

/**
 * "Reaction spike": an article's votes in the last ten minutes well above its usual rate. Read
 * from `reaction_hourly` (the current hour, plus the share of the previous hour that falls in
 * the window), against the article's average over the 24 hours before.
 */

const HOUR_MS = 3_600_000;
const WINDOW_MS = 10 * 60_000;
/** Below this many votes in ten minutes nothing is a spike, however quiet the article was. */
export const SPIKE_MIN_VOTES = 20;
/** How many times the usual ten-minute rate counts as a spike. */
export const SPIKE_FACTOR = 4;

export type SpikeCheck = { recent: number; usualPer10Min: number; spiking: boolean };

export async function measureSpike({ db, articleId, now }: { db: Db; articleId: number; now: number }): Promise<SpikeCheck> {
  const hour = Math.floor(now / HOUR_MS);
  const rows = await db.all<{ hour: number; casts: number }>(sql`SELECT hour, sum(casts) AS casts FROM reaction_hourly
    WHERE article_id = ${articleId} AND hour >= ${hour - 25} AND hour <= ${hour} GROUP BY hour`);
  const byHour = new Map(rows.map((row) => [row.hour, row.casts]));
  const intoHour = now - hour * HOUR_MS;
  const previousShare = Math.max(0, WINDOW_MS - intoHour) / HOUR_MS;
  const recent = (byHour.get(hour) ?? 0) + Math.round((byHour.get(hour - 1) ?? 0) * previousShare);
  let before = 0;
  for (let h = hour - 25; h < hour - 1; h++) before += byHour.get(h) ?? 0;
  const usualPer10Min = before / 24 / 6;
  return { recent, usualPer10Min, spiking: recent >= SPIKE_MIN_VOTES && recent >= SPIKE_FACTOR * Math.max(usualPer10Min, 1) };
}

/** What the memory of reported spikes may take per database handle: some 2,500 articles. */
export const SPIKE_MEMORY_BYTES = 256 * 1024;

/**
 * An article is reported at most once an hour per process, remembered in a map bounded in bytes
 * (past some 2,500 spiking articles an hour the oldest may be reported again). Measuring is a
 * primary-key range read of about a day of hourly rows, done after the response and only for
 * sites that listen.
 */
export const reportedSpikes = perDb<Db, BoundedMap<number, true>>(() => new BoundedMap(SPIKE_MEMORY_BYTES, () => 8));

/**
 * The `reaction.spike` event for an article, if its votes are spiking and it was not reported
 * within the hour; null otherwise, and always null for sites with no hook listening.
 */
export async function checkSpike({ db, now }: { db: Db; now: number }, { siteId, externalId }: { siteId: string; externalId: string }): Promise<AppEvent | null> {
  if (!(await siteListensFor(db, siteId, 'reaction.spike'))) return null;
  const articleId = await findArticleId({ db, siteId, externalId });
  if (articleId === null || reportedSpikes(db).get(articleId, now)) return null;
  const spike = await measureSpike({ db, articleId, now });
  if (!spike.spiking) return null;
  reportedSpikes(db).set(articleId, true, now + HOUR_MS);
  return {
    type: 'reaction.spike',
    siteId,
    article: externalId,
    votesLast10Minutes: spike.recent,
    usualPer10Minutes: Math.round(spike.usualPer10Min * 10) / 10,
  };
}

/** The webhook runtime of a request: its database, log, clock, and `waitUntil` bound to it. */
export function webhookRuntime<E extends AppEnv>(c: Context<E>): WebhookRuntime {
  const { db, waitUntil, log, now, config, resolveHost } = c.get('deps');
  return { db, log, now, production: config.production, resolveHost, waitUntil: waitUntil ? (promise) => waitUntil(c, promise) : undefined };
}

/**
 * The app's event sink: every event goes to the site's webhooks, and a cast or changed vote is
 * also checked for a spike, whose `reaction.spike` event then goes the same way. The check
 * reads the vote's own event, never the HTTP request that carried it.
 */
export function newsroomEventSink(runtime: Omit<WebhookRuntime, 'waitUntil'>): EventSink {
  const webhooks = webhookEventSink(runtime);
  return {
    emit: async (event) => {
      await webhooks.emit(event);
      if (event.type !== 'vote.cast' && event.type !== 'vote.changed') return;
      const spike = await checkSpike({ db: runtime.db, now: runtime.now() }, { siteId: event.siteId, externalId: event.article });
      if (spike) await webhooks.emit(spike);
    },
  };
}

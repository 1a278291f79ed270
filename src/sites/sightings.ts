import { and, desc, eq, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../db/client';
import { siteSightings } from '../db/schema';
import { type BoundedMapStats, perDb } from '../lib/cache';

/**
 * "Terakhir terlihat": where the widget last loaded for a site, and which foreign origins were
 * refused. Poll reads are the hottest path, so a sighting never costs a write of its own: it
 * goes into a small per-process buffer (bounded in sites, entries per site and bytes) that is
 * written at most every `FLUSH_MS` as one `db.batch` of upserts, which also prunes the table to
 * the newest `PAGES_KEPT` pages and `REFUSALS_KEPT` refused origins per site. When the buffer
 * is full, further sightings until the next flush are dropped: a refusal count is exact up to
 * that bound. Only origin and path are kept, never a query string, address or user agent.
 */

const FLUSH_MS = 5_000;
export const PAGES_KEPT = 10;
export const REFUSALS_KEPT = 20;
const ENTRIES_PER_SITE = 32;
const SITES_BUFFERED = 200;
/** The buffer's budget per database handle, site ids, origins and paths counted. */
export const SIGHTINGS_BUFFER_BYTES = 64 * 1024;
const MAX_ORIGIN = 200;
const MAX_PATH = 300;

export type SightingKind = 'page' | 'refused';
type Entry = { kind: SightingKind; origin: string; path: string; count: number; at: number };

type Buffer = {
  sites: Map<string, Map<string, Entry>>;
  bytes: number;
  /** Whether a flush is already waiting, so one burst of reads schedules one write. */
  scheduled: boolean;
};

const buffers = perDb<Db, Buffer>(() => ({ sites: new Map(), bytes: 0, scheduled: false }));

const entryBytes = (siteId: string, entry: Entry) => 64 + 2 * (siteId.length + entry.origin.length + entry.path.length);

/** The path of `url` when it is a page on `origin`, else '' (unknown); bounded in length. */
export function pagePath(origin: string, url: string | undefined): string {
  if (!url) return '';
  try {
    const parsed = new URL(url);
    return parsed.origin === origin ? parsed.pathname.slice(0, MAX_PATH) : '';
  } catch {
    return '';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms) as unknown as { unref?: () => void };
    // On Node a pending flush must not keep a stopping server alive; Workers have no unref.
    timer.unref?.();
  });
}

/**
 * Notes one sighting in memory. Returns the scheduled flush when this call scheduled one (hand
 * it to Workers' `waitUntil`), else null.
 */
export function noteSighting(
  db: Db,
  sighting: { siteId: string; kind: SightingKind; origin: string; path?: string; at: number },
): Promise<void> | null {
  const buffer = buffers(db);
  const origin = sighting.origin.slice(0, MAX_ORIGIN).toLowerCase();
  const path = sighting.kind === 'page' ? (sighting.path ?? '').slice(0, MAX_PATH) : '';
  const key = `${sighting.kind}\n${origin}\n${path}`;
  let entries = buffer.sites.get(sighting.siteId);
  const known = entries?.get(key);
  if (known) {
    known.count += 1;
    known.at = Math.max(known.at, sighting.at);
  } else {
    const entry: Entry = { kind: sighting.kind, origin, path, count: 1, at: sighting.at };
    const bytes = entryBytes(sighting.siteId, entry);
    if (buffer.bytes + bytes > SIGHTINGS_BUFFER_BYTES) return null;
    if (!entries) {
      if (buffer.sites.size >= SITES_BUFFERED) return null;
      entries = new Map();
      buffer.sites.set(sighting.siteId, entries);
    }
    if (entries.size >= ENTRIES_PER_SITE) return null;
    entries.set(key, entry);
    buffer.bytes += bytes;
  }
  if (buffer.scheduled) return null;
  buffer.scheduled = true;
  return delay(FLUSH_MS).then(() => flushSightings(db));
}

/** What the buffer holds now, for tests and the health check: never more than its budget. */
export function sightingsBufferStats(db: Db): BoundedMapStats {
  const buffer = buffers(db);
  let entries = 0;
  for (const site of buffer.sites.values()) entries += site.size;
  return { bytes: buffer.bytes, maxBytes: SIGHTINGS_BUFFER_BYTES, entries };
}

function take(buffer: Buffer, siteId: string | undefined): [string, Entry[]][] {
  const taken: [string, Entry[]][] = [];
  for (const [id, entries] of buffer.sites) {
    if (siteId !== undefined && id !== siteId) continue;
    taken.push([id, [...entries.values()]]);
    for (const entry of entries.values()) buffer.bytes -= entryBytes(id, entry);
    buffer.sites.delete(id);
  }
  return taken;
}

/**
 * Writes what is buffered (for one site, or all) as one batch: an upsert per entry, skipped
 * for a site deleted meanwhile, then a prune per site and kind to the newest rows.
 */
export async function flushSightings(db: Db, siteId?: string): Promise<void> {
  const buffer = buffers(db);
  if (siteId === undefined) buffer.scheduled = false;
  const taken = take(buffer, siteId);
  if (taken.length === 0) return;
  const statements: BatchItem[] = [];
  for (const [id, entries] of taken) {
    for (const entry of entries) {
      statements.push(
        db.run(sql`INSERT INTO site_sightings (site_id, kind, origin, path, count, last_seen_at)
          SELECT ${id}, ${entry.kind}, ${entry.origin}, ${entry.path}, ${entry.count}, ${entry.at} WHERE EXISTS (SELECT 1 FROM sites WHERE id = ${id})
          ON CONFLICT (site_id, kind, origin, path) DO UPDATE SET count = count + excluded.count, last_seen_at = max(last_seen_at, excluded.last_seen_at)`),
      );
    }
    for (const [kind, kept] of [['page', PAGES_KEPT], ['refused', REFUSALS_KEPT]] as const) {
      if (!entries.some((entry) => entry.kind === kind)) continue;
      statements.push(
        db.run(sql`DELETE FROM site_sightings WHERE site_id = ${id} AND kind = ${kind} AND rowid NOT IN
          (SELECT rowid FROM site_sightings WHERE site_id = ${id} AND kind = ${kind} ORDER BY last_seen_at DESC LIMIT ${kept})`),
      );
    }
  }
  await db.batch(statements as [BatchItem, ...BatchItem[]]);
}

export type LastSeen = {
  pages: { origin: string; path: string; lastSeenAt: number }[];
  refusals: { origin: string; count: number; lastSeenAt: number }[];
};

/** The site's recent pages and refused origins, newest first, including what this process has not written yet. */
export async function lastSeen({ db, siteId }: { db: Db; siteId: string }): Promise<LastSeen> {
  await flushSightings(db, siteId);
  const recent = (kind: SightingKind, limit: number) =>
    db
      .select({ origin: siteSightings.origin, path: siteSightings.path, count: siteSightings.count, lastSeenAt: siteSightings.lastSeenAt })
      .from(siteSightings)
      .where(and(eq(siteSightings.siteId, siteId), eq(siteSightings.kind, kind)))
      .orderBy(desc(siteSightings.lastSeenAt))
      .limit(limit);
  const [pages, refusals] = await db.batch([recent('page', PAGES_KEPT), recent('refused', REFUSALS_KEPT)]);
  return {
    pages: pages.map(({ origin, path, lastSeenAt }) => ({ origin, path, lastSeenAt })),
    refusals: refusals.map(({ origin, count, lastSeenAt }) => ({ origin, count, lastSeenAt })),
  };
}

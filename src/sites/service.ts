import { asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../db/client';
import { reactions, sites } from '../db/schema';
import { AppError, type Locale } from '../lib/errors';
import { logFor } from '../lib/log';
import { originAllowed } from '../lib/origins';
import { perDb, TtlCache } from '../lib/ttl-cache';
import { defaultSiteSettings, type SiteSettings, siteSettingsSchema } from './schemas';

export type SiteReaction = {
  key: string;
  labels: { id: string; en: string };
  emoji: string;
  position: number;
  active: boolean;
};

/** Everything a request needs to know about a site, loaded once and cached briefly. */
export type Site = {
  id: string;
  name: string;
  origins: string[];
  defaultLocale: Locale;
  timeZone: string;
  settings: SiteSettings;
  /** All reactions in display order, retired ones included (their counts are kept). */
  reactions: SiteReaction[];
};

/** Seconds a cached site may be stale in another process; the writing process invalidates at once. */
const SITE_TTL_MS = 5_000;
const siteCache = perDb<Db, TtlCache<string, Promise<Site | null>>>(() => new TtlCache(SITE_TTL_MS, 1_000));

/**
 * A site's stored settings, repaired field by field: a field that fails validation falls back
 * to its default and is logged by name, while every valid field keeps its value — one bad
 * field must never quietly turn pre-moderation into post-moderation.
 */
export function parseSettings(raw: unknown, report: (invalidFields: string[]) => void): SiteSettings {
  const stored = raw ?? {};
  const parsed = v.safeParse(siteSettingsSchema, stored);
  if (parsed.success) return parsed.output;
  if (typeof stored !== 'object') {
    report(['settings']);
    return defaultSiteSettings;
  }
  const invalid = new Set(parsed.issues.map((issue) => String(issue.path?.[0]?.key ?? 'settings')));
  report([...invalid]);
  return v.parse(siteSettingsSchema, Object.fromEntries(Object.entries(stored).filter(([field]) => !invalid.has(field))));
}

async function fetchSite(db: Db, siteId: string): Promise<Site | null> {
  const [siteRows, reactionRows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)).limit(1),
    db.select().from(reactions).where(eq(reactions.siteId, siteId)).orderBy(asc(reactions.position), asc(reactions.key)),
  ]);
  const row = siteRows[0];
  if (!row) return null;
  const site: Site = {
    id: row.id,
    name: row.name,
    origins: row.origins,
    defaultLocale: row.defaultLocale,
    timeZone: row.timeZone,
    settings: parseSettings(row.settings, (fields) =>
      logFor(db)({ level: 'error', msg: 'stored site settings are invalid; these fields use their defaults until an editor sets them again', siteId, fields }),
    ),
    reactions: reactionRows.map(({ key, labels, emoji, position, active }) => ({ key, labels, emoji, position, active })),
  };
  // An unchanged site stays the same object across reloads, so what was built from it (shared
  // poll views, replayed answers) stays current instead of all going stale at every reload.
  const fingerprint = JSON.stringify(site);
  const previous = lastLoaded(db).get(siteId);
  if (previous?.fingerprint === fingerprint) return previous.site;
  lastLoaded(db).set(siteId, { fingerprint, site });
  return site;
}

/** The last site object loaded per id, with its serialization, for `fetchSite` to reuse. */
const lastLoaded = perDb<Db, TtlCache<string, { fingerprint: string; site: Site }>>(() => new TtlCache(60 * SITE_TTL_MS, 1_000));

/** The site, or null when there is none. Concurrent callers share one load. */
export function findSite({ db, siteId }: { db: Db; siteId: string }): Promise<Site | null> {
  const cache = siteCache(db);
  let pending = cache.get(siteId);
  if (!pending) {
    const loading = fetchSite(db, siteId);
    cache.set(siteId, loading);
    loading.then((site) => site && loadedFrom.set(site, loading), () => cache.delete(siteId));
    pending = loading;
  }
  return pending;
}

/** Which cache entry each loaded site came from, so `siteIsCurrent` can tell it is still the one served. */
const loadedFrom = new WeakMap<Site, Promise<Site | null>>();

/**
 * Whether `site` is still what `findSite` would answer in this process, without waiting: false
 * once its cache entry has expired or `invalidateSite` dropped it.
 */
export function siteIsCurrent(db: Db, site: Site): boolean {
  const pending = siteCache(db).get(site.id);
  return pending !== undefined && loadedFrom.get(site) === pending;
}

/** The site, or a 404 that names it. */
export async function loadSite({ db, siteId }: { db: Db; siteId: string }): Promise<Site> {
  const site = await findSite({ db, siteId });
  if (!site) {
    throw new AppError('not_found', {
      id: `Situs "${siteId}" tidak ditemukan. Periksa atribut data-site.`,
      en: `Site "${siteId}" was not found. Check the data-site attribute.`,
    });
  }
  return site;
}

/** Call after changing a site or its reactions so this process sees the change at once. */
export function invalidateSite(db: Db, siteId: string): void {
  siteCache(db).delete(siteId);
}

export function siteAllowsOrigin(site: Site, origin: string | null | undefined): boolean {
  return originAllowed(origin, site.origins);
}

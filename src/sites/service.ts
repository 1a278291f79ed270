import { asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../db/client';
import { reactions, sites } from '../db/schema';
import { AppError, type Locale } from '../lib/errors';
import { logFor } from '../lib/log';
import { originAllowed } from '../lib/origins';
import { appCache, cacheKey, contentVersion, siteSubject } from '../lib/cache';
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
  /**
   * A digest of everything above: cached answers built from the site are keyed by it, so they
   * end when the site changes and survive a reload that finds it unchanged.
   */
  version: string;
};

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
  const content = {
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
  return { ...content, version: contentVersion(content) };
}

/**
 * The site, or null when there is none, from the app cache (one load shared by concurrent
 * callers; a `site.changed` event this process publishes is seen at once, another process's
 * change within `CACHE_TTL_MS`). `fresh` reads the database, for a verb that just wrote the
 * site and answers with it before its event is published.
 */
export function findSite({ db, siteId, fresh = false }: { db: Db; siteId: string; fresh?: boolean }): Promise<Site | null> {
  if (fresh) return fetchSite(db, siteId);
  return appCache(db).remember(cacheKey({ kind: 'site', siteId }), () => fetchSite(db, siteId), siteSubject(siteId));
}

/** The site, or a 404 that names it. */
export async function loadSite({ db, siteId, fresh = false }: { db: Db; siteId: string; fresh?: boolean }): Promise<Site> {
  const site = await findSite({ db, siteId, fresh });
  if (!site) {
    throw new AppError('not_found', {
      id: `Situs "${siteId}" tidak ditemukan. Periksa atribut data-site.`,
      en: `Site "${siteId}" was not found. Check the data-site attribute.`,
    });
  }
  return site;
}

export function siteAllowsOrigin(site: Site, origin: string | null | undefined): boolean {
  return originAllowed(origin, site.origins);
}

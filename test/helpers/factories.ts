import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import { articles, reactions, sites } from '../../src/db/schema';
import { appCache, siteSubject } from '../../src/lib/cache';
import type { TestApp } from './app';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** A site with three reactions (a, b, c) unless overridden. */
export async function createSite(
  db: Db,
  overrides: Partial<typeof sites.$inferInsert> & { reactionKeys?: string[] } = {},
) {
  const { reactionKeys = ['a', 'b', 'c'], ...siteOverrides } = overrides;
  const site = {
    id: unique('site'),
    name: 'Test Site',
    origins: ['https://news.example'],
    defaultLocale: 'id' as const,
    settings: {},
    ...siteOverrides,
  };
  await db.insert(sites).values(site);
  if (reactionKeys.length > 0) {
    await db.insert(reactions).values(
      reactionKeys.map((key, position) => ({
        siteId: site.id,
        key,
        labels: { id: `Label ${key}`, en: `Label ${key} en` },
        emoji: '🙂',
        position,
      })),
    );
  }
  forgetCachedSite(db, site.id);
  return site;
}

export async function createArticle(db: Db, siteId: string, overrides: Partial<typeof articles.$inferInsert> = {}) {
  const [row] = await db
    .insert(articles)
    .values({ siteId, externalId: unique('article'), url: null, title: 'A test article', ...overrides })
    .returning();
  return row!;
}

/** Changes a site's settings (merging into what it has) and drops the cached copy. */
export async function updateSiteSettings(db: Db, siteId: string, settings: Record<string, unknown>) {
  await db.run(sql`UPDATE sites SET settings = json_patch(settings, ${JSON.stringify(settings)}) WHERE id = ${siteId}`);
  forgetCachedSite(db, siteId);
}

/**
 * Runs `check` while the site has `settings`, then puts the previous values back (removing the
 * keys it did not have), even when `check` fails: for files whose tests share one site.
 */
export async function whileSiteSettings<T>(db: Db, siteId: string, settings: Record<string, unknown>, check: () => Promise<T>): Promise<T> {
  const [row] = await db.all<{ settings: string }>(sql`SELECT settings FROM sites WHERE id = ${siteId}`);
  const before = JSON.parse(row!.settings) as Record<string, unknown>;
  await updateSiteSettings(db, siteId, settings);
  try {
    return await check();
  } finally {
    await updateSiteSettings(db, siteId, Object.fromEntries(Object.keys(settings).map((key) => [key, before[key] ?? null])));
  }
}

/**
 * A site of its own with one article and its comment routes as calls, the comment interval
 * out of the way unless `settings` sets it: what each comments test starts from, so tests do
 * not share limits or threads.
 */
export async function createCommentSite({ db, call }: Pick<TestApp, 'db' | 'call'>, settings: Record<string, unknown> = {}) {
  const site = await createSite(db, { settings: { commentIntervalSeconds: 0, ...settings } });
  const article = await createArticle(db, site.id);
  const base = `/v1/sites/${site.id}`;
  const comments = `${base}/articles/${encodeURIComponent(article.externalId)}/comments`;
  return {
    id: site.id,
    article,
    base,
    list: (query = '') => call('GET', `${comments}${query}`),
    post: (body: Record<string, unknown>, headers?: Record<string, string>) => call('POST', comments, { name: 'Budi', ...body }, headers),
  };
}

/** Counters versus rows, for every article: the invariant "no acknowledged vote lost or doubled". */
export async function counterMismatches(db: Db) {
  return db.all<{ article_id: number; reaction_key: string; counted: number; rows: number }>(sql`
    SELECT c.article_id, c.reaction_key, c.count AS counted,
      (SELECT count(*) FROM votes v WHERE v.article_id = c.article_id AND v.reaction_key = c.reaction_key) AS rows
    FROM reaction_counts c
    WHERE c.count <> (SELECT count(*) FROM votes v WHERE v.article_id = c.article_id AND v.reaction_key = c.reaction_key)
    UNION ALL
    SELECT v.article_id, v.reaction_key, 0, count(*) FROM votes v
    WHERE NOT EXISTS (SELECT 1 FROM reaction_counts c WHERE c.article_id = v.article_id AND c.reaction_key = v.reaction_key)
    GROUP BY v.article_id, v.reaction_key
    UNION ALL
    SELECT h.article_id, h.reaction_key, sum(h.delta), coalesce((SELECT count FROM reaction_counts c WHERE c.article_id = h.article_id AND c.reaction_key = h.reaction_key), 0)
    FROM reaction_hourly h GROUP BY h.article_id, h.reaction_key
    HAVING sum(h.delta) <> coalesce((SELECT count FROM reaction_counts c WHERE c.article_id = h.article_id AND c.reaction_key = h.reaction_key), 0)
  `);
}

/**
 * Tells the app cache a site changed, for rows written here behind the services' back (a
 * service's write publishes `site.changed` instead), as another process's write would not.
 */
export function forgetCachedSite(db: Db, siteId: string): void {
  appCache(db).changed(siteSubject(siteId));
}

import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { flat } from '../db/flat-sql';
import { articles } from '../db/schema';
import { AppError } from '../lib/errors';
import { originOf } from '../lib/origins';
import { appCache, cacheKey } from '../lib/cache';
import { type Site, siteAllowsOrigin } from '../sites/service';

/** Where an article's internal id is cached; an unknown article is not, so its registration shows at once. */
const idKey = (siteId: string, externalId: string) => cacheKey({ kind: 'article-id', siteId, article: externalId });

/** What a request tells us about the page it comes from, used to register a new article. */
export type PageContext = {
  /** The request's `Origin` header; absent for server-to-server clients. */
  origin: string | null | undefined;
  url?: string | undefined;
  title?: string | undefined;
  section?: string | undefined;
  author?: string | undefined;
  /** Publication time, epoch ms. */
  publishedAt?: number | undefined;
};

/** The internal id of an article, or null when the site has not seen it yet. */
export async function findArticleId({ db, siteId, externalId }: { db: Db; siteId: string; externalId: string }): Promise<number | null> {
  const cache = appCache(db);
  const key = idKey(siteId, externalId);
  const cached = cache.get<number>(key);
  if (cached !== undefined) return cached;
  // Flat (src/db/flat-sql.ts): every vote and poll read of an article asks this once its id aged out.
  const [row] = await db.all<{ id: number }>(flat`SELECT id FROM articles WHERE site_id = ${siteId} AND external_id = ${externalId}`.toSql());
  if (row) cache.set(key, row.id);
  return row?.id ?? null;
}

/** Refuses a page URL outside the site's origins, naming the field and the rule. */
export function assertPageUrl(site: Site, url: string | undefined): void {
  if (url === undefined) return;
  if (!siteAllowsOrigin(site, originOf(url))) {
    throw new AppError(
      'unprocessable',
      {
        id: `Alamat artikel harus berada di salah satu domain situs "${site.id}".`,
        en: `The article URL must be on one of site "${site.id}"'s origins.`,
      },
      { details: [{ path: 'url', message: `origin must be one of: ${site.origins.join(', ')}` }] },
    );
  }
}

/**
 * The article's internal id, registering it on first sight. Browsers may register only from
 * one of the site's origins; server-to-server callers (no Origin header) may always, since an
 * Origin header proves nothing outside a browser. Registration fills URL, title, section,
 * author and publication time once and never lets a later caller overwrite what the first one
 * set: every reader's browser sends them, so letting the latest win would let any one request
 * rename an article's byline in the newsroom, and checking for changes would cost a write (or
 * a read) per poll view. The widget sends them with votes only (widget.js has no bytes to
 * spare for them), so a vote fills whichever of them an article still lacks, in one
 * statement that changes nothing once all are set; this also completes articles registered
 * before these fields existed.
 */
export async function ensureArticle({
  db,
  site,
  externalId,
  page,
  fillMissing = false,
}: {
  db: Db;
  site: Site;
  externalId: string;
  page: PageContext;
  /** A vote: also fill section, author and publication time the article still lacks. */
  fillMissing?: boolean;
}): Promise<number> {
  const existing = await findArticleId({ db, siteId: site.id, externalId });
  if (existing !== null) {
    if (fillMissing && (page.section || page.author || page.publishedAt)) await fillArticleMetadata(db, existing, page);
    return existing;
  }
  if (page.origin && !siteAllowsOrigin(site, page.origin)) {
    throw new AppError('origin_not_allowed', {
      id: `Asal permintaan ${page.origin} tidak terdaftar untuk situs "${site.id}".`,
      en: `Requests from ${page.origin} are not allowed for site "${site.id}".`,
    });
  }
  assertPageUrl(site, page.url);
  const [row] = await db
    .insert(articles)
    .values({
      siteId: site.id,
      externalId,
      url: page.url ?? null,
      title: page.title ?? null,
      section: page.section ?? null,
      author: page.author ?? null,
      publishedAt: page.publishedAt ?? null,
    })
    .onConflictDoUpdate({
      target: [articles.siteId, articles.externalId],
      set: {
        url: sql`coalesce(${articles.url}, excluded.url)`,
        title: sql`coalesce(${articles.title}, excluded.title)`,
        section: sql`coalesce(${articles.section}, excluded.section)`,
        author: sql`coalesce(${articles.author}, excluded.author)`,
        publishedAt: sql`coalesce(${articles.publishedAt}, excluded.published_at)`,
      },
    })
    .returning({ id: articles.id });
  if (!row) throw new Error(`article registration returned no row for ${site.id}/${externalId}`);
  appCache(db).set(idKey(site.id, externalId), row.id);
  return row.id;
}

function fillArticleMetadata(db: Db, articleId: number, page: PageContext) {
  return db.run(sql`UPDATE articles SET
      section = coalesce(section, ${page.section ?? null}),
      author = coalesce(author, ${page.author ?? null}),
      published_at = coalesce(published_at, ${page.publishedAt ?? null})
    WHERE id = ${articleId} AND (section IS NULL OR author IS NULL OR published_at IS NULL)`);
}

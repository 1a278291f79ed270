import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiKeys, articles, reactions, sites } from '../../db/schema';
import { AppError } from '../../lib/errors';
import type { AppEvent } from '../../lib/events';
import { type Ballots, ballotsFor } from '../../reactions/service';
import { reactionSets } from '../../sites/reaction-sets';
import { loadSite, type Site } from '../../sites/service';
import type { Principal } from '../access/service';
import { updateSettings } from '../settings/service';
import type { CreateSiteInput } from './schemas';

/**
 * Creating, listing, describing, editing and deleting sites. Editing goes through the settings
 * service's `updateSettings`, so the API, the dashboard and the command change a site one way.
 */

export type SiteSummary = Pick<Site, 'id' | 'name' | 'origins' | 'defaultLocale' | 'timeZone'> & { createdAt: number };
export type SiteView = SiteSummary & { reactions: Site['reactions'] };
export type SiteHoldings = { articles: number; votes: number; comments: number; keys: number };

const summaryColumns = {
  id: sites.id,
  name: sites.name,
  origins: sites.origins,
  defaultLocale: sites.defaultLocale,
  timeZone: sites.timeZone,
  createdAt: sites.createdAt,
};

async function viewOf(db: Db, site: Site): Promise<SiteView> {
  const [row] = await db.select({ createdAt: sites.createdAt }).from(sites).where(eq(sites.id, site.id)).limit(1);
  const { id, name, origins, defaultLocale, timeZone, reactions: list } = site;
  return { id, name, origins, defaultLocale, timeZone, createdAt: row?.createdAt ?? 0, reactions: list };
}

function siteTaken(siteId: string): AppError {
  return new AppError(
    'conflict',
    { id: `Situs "${siteId}" sudah ada. Pilih id lain.`, en: `Site "${siteId}" already exists. Choose another id.` },
    { details: [{ path: 'id', message: 'already used by another site' }] },
  );
}

/**
 * Creates a site and its reactions in one batch, so a site never exists without them. An id
 * already taken fails the batch (primary key) and changes nothing; it answers 409.
 */
export async function createSite({ db, input }: { db: Db; input: CreateSiteInput }): Promise<{ site: SiteView; events: AppEvent[] }> {
  const list = input.reactionSet === 'custom' ? (input.reactions ?? []) : reactionSets[input.reactionSet];
  try {
    await db.batch([
      db.insert(sites).values({ id: input.id, name: input.name, origins: input.origins, defaultLocale: input.defaultLocale, timeZone: input.timeZone, settings: {} }),
      db.insert(reactions).values(list.map((reaction, position) => ({ siteId: input.id, key: reaction.key, labels: { ...reaction.labels }, emoji: reaction.emoji, position, active: true }))),
    ]);
  } catch (error) {
    const [existing] = await db.select({ id: sites.id }).from(sites).where(eq(sites.id, input.id)).limit(1);
    if (existing) throw siteTaken(input.id);
    throw error;
  }
  return { site: await viewOf(db, await loadSite({ db, siteId: input.id, fresh: true })), events: [{ type: 'site.changed', siteId: input.id }] };
}

/** Every site for the instance admin, the key's own site for anyone else; by id. */
export async function listSites({ db, principal }: { db: Db; principal: Principal }): Promise<SiteSummary[]> {
  const query = db.select(summaryColumns).from(sites);
  return principal.siteId === null ? query.orderBy(asc(sites.id)) : query.where(eq(sites.id, principal.siteId));
}

/** How much a site holds: what deleting it would remove. Votes come from the triggers' exact per-article counts. */
export async function siteHoldings({ db, siteId }: { db: Db; siteId: string }): Promise<SiteHoldings> {
  const [[counted], [comments], [keys]] = await db.batch([
    db
      .select({ articles: sql<number>`count(*)`, votes: sql<number>`coalesce(sum(${articles.voteCount}), 0)` })
      .from(articles)
      .where(eq(articles.siteId, siteId)),
    db.all<{ count: number }>(sql`SELECT count(*) AS count FROM comments WHERE article_id IN (SELECT id FROM articles WHERE site_id = ${siteId})`),
    db.select({ count: sql<number>`count(*)` }).from(apiKeys).where(and(eq(apiKeys.siteId, siteId), isNull(apiKeys.revokedAt))),
  ]);
  return { articles: counted?.articles ?? 0, votes: counted?.votes ?? 0, comments: comments?.count ?? 0, keys: keys?.count ?? 0 };
}

/** The site with its reactions and what it holds. */
export async function describeSite({ db, site }: { db: Db; site: Site }): Promise<SiteView & { holds: SiteHoldings }> {
  const [view, holds] = await Promise.all([viewOf(db, site), siteHoldings({ db, siteId: site.id })]);
  return { ...view, holds };
}

/** Changes the site's name, origins, language or time zone (only what the patch names). */
export async function updateSite({
  db,
  site,
  patch,
}: {
  db: Db;
  site: Site;
  patch: { name?: string | undefined; origins?: string[] | undefined; defaultLocale?: 'id' | 'en' | undefined; timeZone?: string | undefined };
}): Promise<{ site: SiteView; events: AppEvent[] }> {
  const { events } = await updateSettings({ db, site, patch });
  return { site: await viewOf(db, await loadSite({ db, siteId: site.id, fresh: true })), events };
}

function holdingsText(holds: SiteHoldings): { id: string; en: string } {
  return {
    id: `${holds.articles} artikel, ${holds.votes} suara, ${holds.comments} komentar dan ${holds.keys} kunci API`,
    en: `${holds.articles} articles, ${holds.votes} votes, ${holds.comments} comments and ${holds.keys} API keys`,
  };
}

/**
 * Deletes a site and everything under it (articles, votes, comments, keys and their sessions,
 * webhooks, logs) in one statement: the foreign keys cascade. On Workers the votes held by
 * the site's article objects go too, right after (`Ballots.eraseSite`). `confirm` must repeat
 * the id; otherwise nothing changes and the 422 says what would have been lost.
 */
export async function deleteSite({
  db,
  ballots,
  site,
  confirm,
}: {
  db: Db;
  /** Where the site's votes live besides the database (the articles' objects on Workers). */
  ballots?: Ballots | undefined;
  site: Site;
  confirm: string;
}): Promise<{ receipt: { deleted: string; removed: SiteHoldings }; events: AppEvent[] }> {
  const holds = await siteHoldings({ db, siteId: site.id });
  if (confirm !== site.id) {
    const lost = holdingsText(holds);
    throw new AppError(
      'unprocessable',
      {
        id: `Ketik ulang id situs "${site.id}" di confirm untuk menghapusnya. Yang akan hilang selamanya: ${lost.id}.`,
        en: `Type the site id "${site.id}" again in confirm to delete it. This will be lost for good: ${lost.en}.`,
      },
      { details: [{ path: 'confirm', message: `must repeat the site id "${site.id}"` }] },
    );
  }
  await ballotsFor({ db, ballots }).eraseSite(site.id, async () => {
    await db.delete(sites).where(eq(sites.id, site.id));
  });
  return {
    receipt: { deleted: site.id, removed: holds },
    events: [
      { type: 'site.changed', siteId: site.id },
      { type: 'keys.revoked', siteId: site.id },
    ],
  };
}

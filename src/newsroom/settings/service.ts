import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db/client';
import { articles, reactions, sites } from '../../db/schema';
import { AppError } from '../../lib/errors';
import type { AppEvent } from '../../lib/events';
import { type Ballots, ballotsFor } from '../../reactions/service';
import { MAX_ACTIVE_REACTIONS } from '../../sites/reaction-sets';
import { loadSite, type Site } from '../../sites/service';
import type * as v from 'valibot';
import { lastSeen, type LastSeen } from '../../sites/sightings';
import { assertCommentIdentityUsable, ssoSecretRotatedAt } from '../../sso/service';
import { type InstallSnippets, installSnippets } from './install';
import type { articleStateSchema, SettingsPatch, siteSettingsViewSchema } from './schemas';
import { type CommentsOverride, commentsState, overrideColumns } from '../../articles/closing';
import { type KeySummary, listKeys } from '../access/service';
import { type DeliveryView, listDeliveries, listWebhooks, type WebhookView } from '../webhooks/service';
import { limitStats } from '../../ratelimit/service';

/**
 * Site settings and reactions. Reactions are referred to by their stable key everywhere
 * (votes, counters, aggregates), so relabelling, reordering and retiring touch only the
 * `reactions` row and never move a count; a retired reaction keeps its votes and can return.
 */

export type SiteSettingsView = v.InferOutput<typeof siteSettingsViewSchema>;

export function settingsView(site: Site): SiteSettingsView {
  const { id, name, origins, defaultLocale, timeZone, settings, reactions: list } = site;
  return { id, name, origins, defaultLocale, timeZone, settings, reactions: list };
}

export type SiteSettingsDetail = SiteSettingsView & { install: InstallSnippets; lastSeen: LastSeen; ssoSecretRotatedAt: number | null };

/** The settings with the snippets to paste (for this server's public `base`), where the widget was last seen, and whether an SSO secret exists. */
export async function settingsDetail({ db, site, base }: { db: Db; site: Site; base: string }): Promise<SiteSettingsDetail> {
  const [seen, ssoSecretAt] = await Promise.all([lastSeen({ db, siteId: site.id }), ssoSecretRotatedAt({ db, siteId: site.id })]);
  return { ...settingsView(site), install: installSnippets(base, site), lastSeen: seen, ssoSecretRotatedAt: ssoSecretAt };
}

/** What a settings verb answers: the site as it now stands, and `site.changed` for the caches. */
export type SettingsChange = { settings: SiteSettingsView; events: AppEvent[] };

async function changed(db: Db, siteId: string): Promise<SettingsChange> {
  return { settings: settingsView(await loadSite({ db, siteId, fresh: true })), events: [{ type: 'site.changed', siteId }] };
}

/** Applies a settings patch: only the named fields change; settings merge into what is stored. */
export async function updateSettings({ db, site, patch }: { db: Db; site: Site; patch: SettingsPatch }): Promise<SettingsChange> {
  const set: Partial<typeof sites.$inferInsert> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.origins !== undefined) set.origins = [...new Set(patch.origins.map((origin) => origin.toLowerCase()))];
  if (patch.defaultLocale !== undefined) set.defaultLocale = patch.defaultLocale;
  if (patch.timeZone !== undefined) set.timeZone = patch.timeZone;
  if (patch.settings?.commentIdentity !== undefined || patch.settings?.ssoLoginUrl !== undefined) {
    await assertCommentIdentityUsable({
      db,
      siteId: site.id,
      identity: patch.settings.commentIdentity ?? site.settings.commentIdentity,
      loginUrl: patch.settings.ssoLoginUrl === undefined ? site.settings.ssoLoginUrl : patch.settings.ssoLoginUrl,
    });
  }
  if (patch.settings !== undefined) {
    const defined = Object.fromEntries(Object.entries(patch.settings).filter(([, value]) => value !== undefined));
    set.settings = sql`json_patch(${sites.settings}, ${JSON.stringify(defined)})` as unknown as Record<string, unknown>;
  }
  if (Object.keys(set).length > 0) await db.update(sites).set(set).where(eq(sites.id, site.id));
  return changed(db, site.id);
}

function reactionNotFound(key: string): AppError {
  return new AppError('not_found', { id: `Reaksi "${key}" tidak ada di situs ini.`, en: `Reaction "${key}" does not exist on this site.` });
}

/** Adds a reaction at the end of the order. */
export async function addReaction({
  db,
  site,
  reaction,
}: {
  db: Db;
  site: Site;
  reaction: { key: string; labels: { id: string; en: string }; emoji: string };
}): Promise<SettingsChange> {
  const existing = site.reactions.find((candidate) => candidate.key === reaction.key);
  if (existing) {
    throw new AppError(
      'conflict',
      existing.active
        ? { id: `Reaksi "${reaction.key}" sudah ada.`, en: `Reaction "${reaction.key}" already exists.` }
        : {
            id: `Reaksi "${reaction.key}" sudah ada tetapi dipensiunkan; aktifkan lagi agar suaranya kembali terlihat.`,
            en: `Reaction "${reaction.key}" exists but is retired; reactivate it to bring its votes back.`,
          },
      { details: [{ path: 'key', message: 'already used on this site' }] },
    );
  }
  if (site.reactions.filter((candidate) => candidate.active).length >= MAX_ACTIVE_REACTIONS) {
    throw new AppError('unprocessable', { id: `Paling banyak ${MAX_ACTIVE_REACTIONS} reaksi aktif.`, en: `At most ${MAX_ACTIVE_REACTIONS} active reactions.` }, { details: [{ path: 'key', message: 'too many active reactions' }] });
  }
  const position = Math.max(-1, ...site.reactions.map((candidate) => candidate.position)) + 1;
  await db.insert(reactions).values({ siteId: site.id, key: reaction.key, labels: reaction.labels, emoji: reaction.emoji, position, active: true });
  return changed(db, site.id);
}

/** Relabels, changes the emoji of, retires (`active: false`) or restores a reaction. Counts stay. */
export async function updateReaction({
  db,
  site,
  key,
  change,
}: {
  db: Db;
  site: Site;
  key: string;
  change: { labels?: { id: string; en: string } | undefined; emoji?: string | undefined; active?: boolean | undefined };
}): Promise<SettingsChange> {
  const current = site.reactions.find((candidate) => candidate.key === key);
  if (!current) throw reactionNotFound(key);
  if (change.active === false && current.active && site.reactions.filter((candidate) => candidate.active).length <= 1) {
    throw new AppError(
      'unprocessable',
      { id: 'Sisakan paling sedikit satu reaksi aktif.', en: 'Keep at least one active reaction.' },
      { details: [{ path: 'active', message: 'the last active reaction cannot be retired' }] },
    );
  }
  const set: Partial<typeof reactions.$inferInsert> = {};
  if (change.labels) set.labels = change.labels;
  if (change.emoji !== undefined) set.emoji = change.emoji;
  if (change.active !== undefined) set.active = change.active;
  if (Object.keys(set).length > 0) {
    await db.update(reactions).set(set).where(and(eq(reactions.siteId, site.id), eq(reactions.key, key)));
  }
  return changed(db, site.id);
}

/** Sets the display order: `keys` lists the active reactions (retired ones may be included). */
export async function reorderReactions({ db, site, keys }: { db: Db; site: Site; keys: string[] }): Promise<SettingsChange> {
  const known = new Set(site.reactions.map((reaction) => reaction.key));
  const unknown = keys.filter((key) => !known.has(key));
  const missing = site.reactions.filter((reaction) => reaction.active && !keys.includes(reaction.key)).map((reaction) => reaction.key);
  if (unknown.length > 0 || missing.length > 0 || new Set(keys).size !== keys.length) {
    throw new AppError(
      'invalid_input',
      {
        id: `Urutan harus memuat setiap reaksi aktif tepat sekali${missing.length ? ` (kurang: ${missing.join(', ')})` : ''}${unknown.length ? ` (tidak dikenal: ${unknown.join(', ')})` : ''}.`,
        en: `The order must list every active reaction exactly once${missing.length ? ` (missing: ${missing.join(', ')})` : ''}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}.`,
      },
      { details: [{ path: 'keys', message: 'must list every active reaction exactly once' }] },
    );
  }
  const rest = site.reactions.filter((reaction) => !keys.includes(reaction.key)).map((reaction) => reaction.key);
  const order = [...keys, ...rest];
  await db.batch(
    order.map((key, position) =>
      db.update(reactions).set({ position }).where(and(eq(reactions.siteId, site.id), eq(reactions.key, key))),
    ) as unknown as [BatchItem, ...BatchItem[]],
  );
  return changed(db, site.id);
}

/** Moves a reaction one place up or down the display order; at either end it stays where it is. */
export async function moveReaction({ db, site, key, direction }: { db: Db; site: Site; key: string; direction: 'up' | 'down' }): Promise<SettingsChange> {
  const keys = site.reactions.map((reaction) => reaction.key);
  const index = keys.indexOf(key);
  if (index < 0) throw reactionNotFound(key);
  const swap = direction === 'up' ? index - 1 : index + 1;
  if (swap >= 0 && swap < keys.length) [keys[index], keys[swap]] = [keys[swap]!, keys[index]!];
  return reorderReactions({ db, site, keys });
}

/**
 * What a site's admin manages, read together: settings with install help, API keys, webhooks
 * with their latest deliveries, and how often each limit refused requests lately.
 */
export async function siteAdministration({
  db,
  site,
  base,
  deliveriesPerWebhook,
  now,
}: {
  db: Db;
  site: Site;
  base: string;
  deliveriesPerWebhook: number;
  now: number;
}): Promise<{
  settings: SiteSettingsDetail;
  keys: KeySummary[];
  webhooks: (WebhookView & { deliveries: DeliveryView[] })[];
  fired: Awaited<ReturnType<typeof limitStats>>;
}> {
  const [settings, keys, hooks, fired] = await Promise.all([
    settingsDetail({ db, site, base }),
    listKeys({ db, siteId: site.id }),
    listWebhooks({ db, siteId: site.id }),
    limitStats({ db, siteId: site.id, now }),
  ]);
  const webhooks = await Promise.all(
    hooks.map(async (hook) => ({ ...hook, deliveries: await listDeliveries({ db, siteId: site.id, webhookId: hook.id, limit: deliveriesPerWebhook }) })),
  );
  return { settings, keys, webhooks, fired };
}

export type ArticleState = v.InferOutput<typeof articleStateSchema>;

/**
 * Closes or reopens an article's poll, and sets its comments open, closed or automatic (the
 * site's closing schedule); `article.updated` ends its cached answers. Where the article's votes
 * moved into its object (Workers), the object is told before the answer, so the next vote sees
 * the change. The answer says whether comments are open at `now` and when the schedule will
 * close them.
 */
export async function setArticleState({
  db,
  ballots,
  site,
  externalId,
  pollOpen,
  comments,
  now,
}: {
  db: Db;
  ballots?: Ballots | undefined;
  site: Site;
  externalId: string;
  pollOpen?: boolean | undefined;
  comments?: CommentsOverride | undefined;
  now: number;
}): Promise<{ state: ArticleState; events: AppEvent[] }> {
  const set: Partial<typeof articles.$inferInsert> = comments === undefined ? {} : overrideColumns(comments);
  if (pollOpen !== undefined) set.pollOpen = pollOpen;
  const [row] = await db
    .update(articles)
    .set(set)
    .where(and(eq(articles.siteId, site.id), eq(articles.externalId, externalId)))
    .returning({
      id: articles.id,
      pollOpen: articles.pollOpen,
      commentsOpen: articles.commentsOpen,
      commentsKeptOpen: articles.commentsKeptOpen,
      firstVoteAt: articles.firstVoteAt,
      votesMoved: articles.votesMoved,
    });
  if (!row) {
    throw new AppError('not_found', { id: `Artikel "${externalId}" belum tercatat di situs ini.`, en: `Article "${externalId}" is not known on this site.` });
  }
  if (pollOpen !== undefined && row.votesMoved) await ballotsFor({ db, ballots }).pollChanged(row.id);
  return {
    state: {
      id: externalId,
      pollOpen: row.pollOpen,
      ...commentsState(row, site.settings, now),
    },
    events: [{ type: 'article.updated', siteId: site.id, article: externalId, articleId: row.id }],
  };
}

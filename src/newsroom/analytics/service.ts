import { type SQL, sql } from 'drizzle-orm';
import { type ClosingState, closingColumns, type CommentsOverride, commentsState } from '../../articles/closing';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { percents } from '../../lib/percent';
import type { Site } from '../../sites/service';
import { HOUR_MS, localIso, localParts, type Period, splitDays } from './periods';

/**
 * Newsroom analytics. Every number comes from trigger-kept aggregates (`reaction_daily`,
 * `reaction_hourly`, `reaction_counts`, `articles.*_count`), never from the votes table, and
 * every query is one an index answers (see the EXPLAIN QUERY PLAN tests).
 *
 * "Votes" in a period are votes cast or changed in it (`casts`): the activity an editor asks
 * about. The current standing of an article is its tally (`reaction_counts`).
 */

export const commentStatuses = ['approved', 'pending', 'rejected', 'spam', 'deleted'] as const;
export type CommentStatus = (typeof commentStatuses)[number];

export type ReactionInfo = { key: string; label: { id: string; en: string }; emoji: string; active: boolean };

/** The site's reactions in order, plus any key that only survives in the data (shown by its key). */
function reactionInfo(site: Site, seenKeys: Iterable<string> = []): ReactionInfo[] {
  const known = site.reactions.map(({ key, labels, emoji, active }) => ({ key, label: labels, emoji, active }));
  const extra = [...new Set(seenKeys)]
    .filter((key) => !known.some((reaction) => reaction.key === key))
    .map((key) => ({ key, label: { id: key, en: key }, emoji: '', active: false }));
  return [...known, ...extra];
}

type ActivityFilter = { siteId: string; articleIds?: number[] };

/**
 * The rows (article, reaction, casts, delta) of a site's activity in [startHour, endHour):
 * whole UTC days from `reaction_daily`, the edge hours from `reaction_hourly`.
 */
export function activityRows(filter: ActivityFilter, startHour: number, endHour: number): SQL {
  const split = splitDays(startHour, endHour);
  const scope = (table: 'reaction_daily' | 'reaction_hourly') =>
    filter.articleIds
      ? sql`${sql.raw(table)}.article_id IN (${sql.join(filter.articleIds.map((id) => sql`${id}`), sql`, `)})`
      : sql`${sql.raw(table)}.site_id = ${filter.siteId}`;
  const parts: SQL[] = [];
  if (split.days) {
    parts.push(sql`SELECT article_id, reaction_key, casts, delta FROM reaction_daily
      WHERE ${scope('reaction_daily')} AND day >= ${split.days.from} AND day < ${split.days.to}`);
  }
  for (const edge of [split.head, split.tail]) {
    if (!edge) continue;
    parts.push(sql`SELECT article_id, reaction_key, casts, delta FROM reaction_hourly
      WHERE ${scope('reaction_hourly')} AND hour >= ${edge.from} AND hour < ${edge.to}`);
  }
  return sql.join(parts, sql` UNION ALL `);
}

export type Overview = {
  site: { id: string; name: string; timeZone: string };
  period: { name: string; from: string; to: string; timeZone: string };
  votes: number;
  netVotes: number;
  comments: Record<CommentStatus, number> & { total: number };
  queue: { pending: number; reported: number };
  reactions: (ReactionInfo & { votes: number; percent: number })[];
  /** Votes per hour across the period, one point per hour up to now, labelled in local time. */
  hourly: { hour: number; start: string; votes: number }[];
  /** Votes by local hour of day (0–23) across the period. */
  hoursOfDay: { hour: number; votes: number }[];
  /** The (up to) three busiest local hours of day, busiest first. */
  busiestHours: { hour: number; votes: number }[];
};

function lastHour(period: Period, now: number): number {
  return Math.min(period.endHour, Math.floor(now / HOUR_MS) + 1);
}

/** Comment counts by status for comments written in [fromMs, toMs) on a site's articles. */
export function commentsByStatusSql(siteId: string, fromMs: number, toMs: number): SQL {
  return sql`SELECT c.status AS status, count(*) AS count
    FROM comments c INDEXED BY comments_status_created
    CROSS JOIN articles a ON a.id = c.article_id
    WHERE c.status IN ('approved', 'pending', 'rejected', 'spam', 'deleted')
      AND c.created_at >= ${fromMs} AND c.created_at < ${toMs} AND a.site_id = ${siteId}
    GROUP BY c.status`;
}

export function queueCountsSql(siteId: string): SQL {
  return sql`SELECT
    (SELECT count(*) FROM comments c INDEXED BY comments_status_created CROSS JOIN articles a ON a.id = c.article_id
      WHERE c.status = 'pending' AND a.site_id = ${siteId}) AS pending,
    (SELECT count(*) FROM comments c INDEXED BY comments_reported CROSS JOIN articles a ON a.id = c.article_id
      WHERE c.report_count > 0 AND c.status IN ('approved', 'pending') AND a.site_id = ${siteId}) AS reported`;
}

export function siteHourlySql(siteId: string, fromHour: number, toHour: number): SQL {
  return sql`SELECT hour, reaction_key AS reactionKey, sum(casts) AS casts, sum(delta) AS delta
    FROM reaction_hourly WHERE site_id = ${siteId} AND hour >= ${fromHour} AND hour < ${toHour}
    GROUP BY hour, reaction_key`;
}

/** A site's period at a glance: votes, comments, the queue, the reaction mix and its busiest hours. */
export async function overview({ db, site, period, now }: { db: Db; site: Site; period: Period; now: number }): Promise<Overview> {
  const untilHour = lastHour(period, now);
  const [hourRows, commentRows, queueRows] = await db.batch([
    db.all<{ hour: number; reactionKey: string; casts: number; delta: number }>(siteHourlySql(site.id, period.startHour, untilHour)),
    db.all<{ status: CommentStatus; count: number }>(commentsByStatusSql(site.id, period.startHour * HOUR_MS, period.endHour * HOUR_MS)),
    db.all<{ pending: number; reported: number }>(queueCountsSql(site.id)),
  ]);
  const perReaction = new Map<string, number>();
  const perHour = new Map<number, number>();
  const perHourOfDay = Array.from({ length: 24 }, () => 0);
  let votes = 0;
  let netVotes = 0;
  for (const row of hourRows) {
    votes += row.casts;
    netVotes += row.delta;
    perReaction.set(row.reactionKey, (perReaction.get(row.reactionKey) ?? 0) + row.casts);
    perHour.set(row.hour, (perHour.get(row.hour) ?? 0) + row.casts);
    const localHour = localParts(row.hour * HOUR_MS, site.timeZone).hour;
    perHourOfDay[localHour]! += row.casts;
  }
  const reactions = reactionInfo(site, perReaction.keys()).filter((reaction) => reaction.active || perReaction.has(reaction.key));
  const shares = percents(reactions.map((reaction) => perReaction.get(reaction.key) ?? 0));
  const comments = Object.fromEntries(commentStatuses.map((status) => [status, 0])) as Record<CommentStatus, number>;
  for (const row of commentRows) comments[row.status] = row.count;
  const hourly: Overview['hourly'] = [];
  for (let hour = period.startHour; hour < untilHour; hour++) {
    hourly.push({ hour, start: localIso(hour * HOUR_MS, site.timeZone), votes: perHour.get(hour) ?? 0 });
  }
  const hoursOfDay = perHourOfDay.map((count, hour) => ({ hour, votes: count }));
  return {
    site: { id: site.id, name: site.name, timeZone: site.timeZone },
    period: { name: period.name, from: period.from, to: period.to, timeZone: period.timeZone },
    votes,
    netVotes,
    comments: { ...comments, total: commentRows.reduce((sum, row) => sum + row.count, 0) },
    queue: { pending: queueRows[0]?.pending ?? 0, reported: queueRows[0]?.reported ?? 0 },
    reactions: reactions.map((reaction, index) => ({ ...reaction, votes: perReaction.get(reaction.key) ?? 0, percent: shares[index] ?? 0 })),
    hourly,
    hoursOfDay,
    busiestHours: hoursOfDay
      .filter((entry) => entry.votes > 0)
      .sort((a, b) => b.votes - a.votes || a.hour - b.hour)
      .slice(0, 3),
  };
}

export type TopBy = { kind: 'votes' } | { kind: 'reaction'; key: string } | { kind: 'comments' };

export type TopArticle = {
  id: string;
  title: string | null;
  url: string | null;
  section: string | null;
  author: string | null;
  /** Publication time the page gave, epoch ms. */
  publishedAt: number | null;
  /** Votes cast in the period, all reactions. */
  votes: number;
  /** Votes cast in the period per reaction key. */
  reactions: Record<string, number>;
  /** Approved comments written in the period. */
  comments: number;
  /** The ranking value: votes, the chosen reaction's votes, or comments. */
  score: number;
  pollOpen: boolean;
  commentsOpen: boolean;
};

/**
 * Narrows a ranking to one reaction, and to one section's or one author's articles (through
 * `articles_site_section` / `articles_site_author`).
 */
export type TopFilter = { reactionKey?: string | undefined; section?: string | undefined; author?: string | undefined };

function articleScope(siteId: string, { section, author }: TopFilter): SQL {
  const parts: SQL[] = [];
  if (section !== undefined) parts.push(sql`AND article_id IN (SELECT id FROM articles WHERE site_id = ${siteId} AND section = ${section})`);
  if (author !== undefined) parts.push(sql`AND article_id IN (SELECT id FROM articles WHERE site_id = ${siteId} AND author = ${author})`);
  return sql.join(parts, sql` `);
}

export function topByVotesSql(siteId: string, period: Period, limit: number, filter: TopFilter = {}): SQL {
  const reaction = filter.reactionKey === undefined ? sql`` : sql`AND reaction_key = ${filter.reactionKey}`;
  return sql`SELECT article_id AS articleId, sum(casts) AS score
    FROM (${activityRows({ siteId }, period.startHour, period.endHour)}) WHERE 1 ${reaction} ${articleScope(siteId, filter)}
    GROUP BY article_id ORDER BY score DESC, article_id DESC LIMIT ${limit}`;
}

export function topByCommentsSql(siteId: string, period: Period, limit: number, filter: TopFilter = {}): SQL {
  const section = filter.section === undefined ? sql`` : sql`AND a.section = ${filter.section}`;
  const author = filter.author === undefined ? sql`` : sql`AND a.author = ${filter.author}`;
  return sql`SELECT c.article_id AS articleId, count(*) AS score
    FROM comments c INDEXED BY comments_status_created
    CROSS JOIN articles a ON a.id = c.article_id
    WHERE c.status = 'approved' AND c.created_at >= ${period.startHour * HOUR_MS} AND c.created_at < ${period.endHour * HOUR_MS}
      AND a.site_id = ${siteId} ${section} ${author}
    GROUP BY c.article_id ORDER BY score DESC, c.article_id DESC LIMIT ${limit}`;
}

/** How a top-articles list is ranked and filtered; the request's period and site come beside it. */
export type TopQuery = { by: TopBy; limit: number; section?: string | undefined; author?: string | undefined };

/**
 * The articles readers reacted to most in a period: by all votes, by one reaction (the most
 * "marah"), or by approved comments, optionally within one section or by one author; each with its section,
 * author and per-reaction votes.
 */
export async function topArticles({ db, site, period, by, limit, section, author }: { db: Db; site: Site; period: Period } & TopQuery): Promise<{ reactions: ReactionInfo[]; articles: TopArticle[] }> {
  const ranked = await db.all<{ articleId: number; score: number }>(
    by.kind === 'comments'
      ? topByCommentsSql(site.id, period, limit, { section, author })
      : topByVotesSql(site.id, period, limit, { reactionKey: by.kind === 'reaction' ? by.key : undefined, section, author }),
  );
  if (ranked.length === 0) return { reactions: reactionInfo(site).filter((r) => r.active), articles: [] };
  const ids = ranked.map((row) => row.articleId);
  const idList = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const [articleRows, activity, commentRows] = await db.batch([
    db.all<{ id: number; externalId: string; title: string | null; url: string | null; section: string | null; author: string | null; publishedAt: number | null; pollOpen: number; commentsOpen: number }>(
      sql`SELECT id, external_id AS externalId, title, url, section, author, published_at AS publishedAt, poll_open AS pollOpen, comments_open AS commentsOpen
        FROM articles WHERE id IN (${idList})`,
    ),
    db.all<{ articleId: number; reactionKey: string; casts: number }>(
      sql`SELECT article_id AS articleId, reaction_key AS reactionKey, sum(casts) AS casts
        FROM (${activityRows({ siteId: site.id, articleIds: ids }, period.startHour, period.endHour)})
        GROUP BY article_id, reaction_key`,
    ),
    db.all<{ articleId: number; count: number }>(
      sql`SELECT article_id AS articleId, count(*) AS count FROM comments
        WHERE article_id IN (${idList}) AND status = 'approved'
          AND created_at >= ${period.startHour * HOUR_MS} AND created_at < ${period.endHour * HOUR_MS}
        GROUP BY article_id`,
    ),
  ]);
  const byId = new Map(articleRows.map((row) => [row.id, row]));
  const reactionsById = new Map<number, Record<string, number>>();
  for (const row of activity) {
    const entry = reactionsById.get(row.articleId) ?? {};
    entry[row.reactionKey] = row.casts;
    reactionsById.set(row.articleId, entry);
  }
  const commentsById = new Map(commentRows.map((row) => [row.articleId, row.count]));
  const articles = ranked.flatMap((row): TopArticle[] => {
    const article = byId.get(row.articleId);
    if (!article) return [];
    const reactions = reactionsById.get(row.articleId) ?? {};
    return [
      {
        id: article.externalId,
        title: article.title,
        url: article.url,
        section: article.section,
        author: article.author,
        publishedAt: article.publishedAt,
        votes: Object.values(reactions).reduce((sum, count) => sum + count, 0),
        reactions,
        comments: commentsById.get(row.articleId) ?? 0,
        score: row.score,
        pollOpen: Boolean(article.pollOpen),
        commentsOpen: Boolean(article.commentsOpen),
      },
    ];
  });
  const seen = activity.map((row) => row.reactionKey);
  return { reactions: reactionInfo(site, seen).filter((r) => r.active || seen.includes(r.key)), articles };
}

export type SectionMood = { section: string | null; votes: number; reactions: Record<string, number>; top: string | null };
export type AuthorMood = { author: string | null; votes: number; reactions: Record<string, number>; top: string | null };

/** What the newsroom groups moods by: an article column. */
export type MoodGroup = 'section' | 'author';

/** Votes per reaction per section (or author) over a period; articles by primary key. */
export function moodSql(siteId: string, period: Period, group: MoodGroup): SQL {
  const column = group === 'section' ? sql`a.section` : sql`a.author`;
  return sql`SELECT ${column} AS name, x.reaction_key AS reactionKey, sum(x.casts) AS casts
    FROM (SELECT article_id, reaction_key, sum(casts) AS casts FROM (${activityRows({ siteId }, period.startHour, period.endHour)})
      GROUP BY article_id, reaction_key) x
    CROSS JOIN articles a ON a.id = x.article_id
    GROUP BY ${column}, x.reaction_key`;
}

export function sectionMoodSql(siteId: string, period: Period): SQL {
  return moodSql(siteId, period, 'section');
}

type Mood = { name: string | null; votes: number; reactions: Record<string, number>; top: string | null };

async function moodBy(db: Db, site: Site, period: Period, group: MoodGroup): Promise<{ reactions: ReactionInfo[]; groups: Mood[] }> {
  const rows = await db.all<{ name: string | null; reactionKey: string; casts: number }>(moodSql(site.id, period, group));
  const groups = new Map<string | null, Mood>();
  for (const row of rows) {
    const entry = groups.get(row.name) ?? { name: row.name, votes: 0, reactions: {}, top: null };
    entry.reactions[row.reactionKey] = row.casts;
    entry.votes += row.casts;
    groups.set(row.name, entry);
  }
  for (const entry of groups.values()) {
    const best = Object.entries(entry.reactions).sort((a, b) => b[1] - a[1])[0];
    entry.top = best && best[1] > 0 ? best[0] : null;
  }
  const seen = rows.map((row) => row.reactionKey);
  return {
    reactions: reactionInfo(site, seen).filter((r) => r.active || seen.includes(r.key)),
    groups: [...groups.values()].sort((a, b) => b.votes - a.votes),
  };
}

/** How readers felt per section over a period: votes per reaction and the dominant one. */
export async function sectionMood({ db, site, period }: { db: Db; site: Site; period: Period }): Promise<{ reactions: ReactionInfo[]; sections: SectionMood[] }> {
  const { reactions, groups } = await moodBy(db, site, period, 'section');
  return { reactions, sections: groups.map(({ name, ...mood }) => ({ section: name, ...mood })) };
}

/** How readers felt per author (the page's byline) over a period, as `sectionMood` per section. */
export async function authorMood({ db, site, period }: { db: Db; site: Site; period: Period }): Promise<{ reactions: ReactionInfo[]; authors: AuthorMood[] }> {
  const { reactions, groups } = await moodBy(db, site, period, 'author');
  return { reactions, authors: groups.map(({ name, ...mood }) => ({ author: name, ...mood })) };
}

export type ArticleReport = {
  article: {
    id: string;
    title: string | null;
    url: string | null;
    section: string | null;
    firstSeenAt: number;
    pollOpen: boolean;
    /** At the report's `now` (src/articles/closing.ts). */
    commentsOpen: boolean;
    /** The moderator's choice. */
    comments: CommentsOverride;
    /** When the site's schedule closes the comments; null when it will not. */
    commentsClosesAt: number | null;
  };
  /** The standing tally now, every reaction that has votes (retired ones flagged inactive). */
  tally: (ReactionInfo & { count: number; percent: number })[];
  total: number;
  period: { name: string; from: string; to: string; timeZone: string };
  /** Votes per reaction per hour (per local day for periods over 31 days). */
  series: { granularity: 'hour' | 'day'; points: { start: string; votes: Record<string, number>; total: number }[] };
  comments: Record<CommentStatus, number> & { reported: number };
};

function articleNotFound(externalId: string): AppError {
  return new AppError('not_found', {
    id: `Artikel "${externalId}" belum tercatat di situs ini.`,
    en: `Article "${externalId}" is not known on this site.`,
  });
}

export function articleHourlySql(articleId: number, fromHour: number, toHour: number): SQL {
  return sql`SELECT hour, reaction_key AS reactionKey, casts FROM reaction_hourly
    WHERE article_id = ${articleId} AND hour >= ${fromHour} AND hour < ${toHour}`;
}

/**
 * An article's standing tally as the dashboard shows it, from its counters: every active
 * reaction and any retired one that still has votes, with percents from `lib/percent`, the
 * same formula the poll and the exports use.
 */
export function standingTally(site: Site, counts: ReadonlyMap<string, number>): Pick<ArticleReport, 'tally' | 'total'> {
  const reactions = reactionInfo(site, counts.keys()).filter((r) => r.active || (counts.get(r.key) ?? 0) > 0);
  const values = reactions.map((r) => Math.max(0, counts.get(r.key) ?? 0));
  const shares = percents(values);
  return {
    tally: reactions.map((reaction, index) => ({ ...reaction, count: values[index]!, percent: shares[index]! })),
    total: values.reduce((sum, value) => sum + value, 0),
  };
}

/** One article: its tally, its votes over time per reaction, and its comments by status. */
export async function articleReport({
  db,
  site,
  externalId,
  period,
  now,
}: {
  db: Db;
  site: Site;
  externalId: string;
  period: Period;
  now: number;
}): Promise<ArticleReport> {
  const [found] = await db.all<ClosingState & { id: number; title: string | null; url: string | null; section: string | null; firstSeenAt: number; pollOpen: number }>(
    sql`SELECT id, title, url, section, first_seen_at AS firstSeenAt, poll_open AS pollOpen, ${closingColumns('articles')}
      FROM articles WHERE site_id = ${site.id} AND external_id = ${externalId}`,
  );
  if (!found) throw articleNotFound(externalId);
  const untilHour = lastHour(period, now);
  const [countRows, hourRows, commentRows, reportedRows] = await db.batch([
    db.all<{ reactionKey: string; count: number }>(sql`SELECT reaction_key AS reactionKey, count FROM reaction_counts WHERE article_id = ${found.id}`),
    db.all<{ hour: number; reactionKey: string; casts: number }>(articleHourlySql(found.id, period.startHour, untilHour)),
    db.all<{ status: CommentStatus; count: number }>(sql`SELECT status, count(*) AS count FROM comments WHERE article_id = ${found.id} GROUP BY status`),
    db.all<{ count: number }>(sql`SELECT count(*) AS count FROM comments INDEXED BY comments_reported
      WHERE article_id = ${found.id} AND report_count > 0 AND status IN ('approved', 'pending')`),
  ]);
  const { tally, total } = standingTally(site, new Map(countRows.map((row) => [row.reactionKey, row.count])));
  const granularity = period.endHour - period.startHour > 31 * 24 ? 'day' : 'hour';
  const points = new Map<string, { start: string; votes: Record<string, number>; total: number }>();
  for (let hour = period.startHour; hour < untilHour; hour++) {
    const start = bucketStart(hour, granularity, site.timeZone);
    if (!points.has(start)) points.set(start, { start, votes: {}, total: 0 });
  }
  for (const row of hourRows) {
    const point = points.get(bucketStart(row.hour, granularity, site.timeZone));
    if (!point || row.casts === 0) continue;
    point.votes[row.reactionKey] = (point.votes[row.reactionKey] ?? 0) + row.casts;
    point.total += row.casts;
  }
  const comments = Object.fromEntries(commentStatuses.map((status) => [status, 0])) as Record<CommentStatus, number>;
  for (const row of commentRows) comments[row.status] = row.count;
  return {
    article: {
      id: externalId,
      title: found.title,
      url: found.url,
      section: found.section,
      firstSeenAt: found.firstSeenAt,
      pollOpen: Boolean(found.pollOpen),
      ...commentsState(found, site.settings, now),
    },
    tally,
    total,
    period: { name: period.name, from: period.from, to: period.to, timeZone: period.timeZone },
    series: { granularity, points: [...points.values()] },
    comments: { ...comments, reported: reportedRows[0]?.count ?? 0 },
  };
}

function bucketStart(hour: number, granularity: 'hour' | 'day', timeZone: string): string {
  const iso = localIso(hour * HOUR_MS, timeZone);
  return granularity === 'hour' ? iso : `${iso.slice(0, 10)}T00:00:00${iso.slice(19)}`;
}

export type ArticleExportRow = {
  article: string;
  title: string;
  url: string;
  section: string;
  author: string;
  /** ISO 8601 UTC, or "" when the page gave none. */
  publishedAt: string;
  votes: number;
  comments: number;
} & Record<string, string | number>;

type ActivityRow = { articleId: number; externalId: string; title: string | null; url: string | null; section: string | null; author: string | null; publishedAt: number | null; reactionKey: string; casts: number };

/**
 * Per-article votes per reaction for a period, every article with activity in it: only
 * aggregates, never a reader's hash or anything that could identify one.
 */
export async function exportArticles({ db, site, period }: { db: Db; site: Site; period: Period }): Promise<{ columns: string[]; rows: ArticleExportRow[] }> {
  const [activity, commentRows] = await db.batch([
    db.all<ActivityRow>(
      sql`SELECT x.article_id AS articleId, a.external_id AS externalId, a.title, a.url, a.section, a.author, a.published_at AS publishedAt, x.reaction_key AS reactionKey, x.casts
        FROM (SELECT article_id, reaction_key, sum(casts) AS casts FROM (${activityRows({ siteId: site.id }, period.startHour, period.endHour)})
          GROUP BY article_id, reaction_key) x
        CROSS JOIN articles a ON a.id = x.article_id`,
    ),
    db.all<{ articleId: number; score: number }>(topByCommentsSql(site.id, period, 1_000_000)),
  ]);
  return articleExportTable(site, activity, new Map(commentRows.map((row) => [row.articleId, row.score])));
}

/**
 * The export's table from its rows: a column of votes per reaction, then one of its share of
 * the article's votes (`<key>_percent`, from `lib/percent` like every percent shown elsewhere;
 * reaction keys hold no `_`, so the names cannot collide).
 */
export function articleExportTable(site: Site, activity: readonly ActivityRow[], commentsById: ReadonlyMap<number, number>): { columns: string[]; rows: ArticleExportRow[] } {
  const keys = reactionInfo(site, activity.map((row) => row.reactionKey))
    .filter((r) => r.active || activity.some((row) => row.reactionKey === r.key))
    .map((r) => r.key);
  const rows = new Map<number, ArticleExportRow>();
  for (const row of activity) {
    let entry = rows.get(row.articleId);
    if (!entry) {
      entry = {
        article: row.externalId,
        title: row.title ?? '',
        url: row.url ?? '',
        section: row.section ?? '',
        author: row.author ?? '',
        publishedAt: row.publishedAt === null ? '' : new Date(row.publishedAt).toISOString(),
        votes: 0,
        comments: commentsById.get(row.articleId) ?? 0,
      };
      for (const key of keys) entry[key] = 0;
      rows.set(row.articleId, entry);
    }
    entry[row.reactionKey] = row.casts;
    entry.votes += row.casts;
  }
  for (const entry of rows.values()) {
    const shares = percents(keys.map((key) => Number(entry[key])));
    keys.forEach((key, index) => (entry[`${key}_percent`] = shares[index]!));
  }
  return {
    columns: ['article', 'title', 'url', 'section', 'author', 'publishedAt', 'votes', ...keys, ...keys.map((key) => `${key}_percent`), 'comments'],
    rows: [...rows.values()].sort((a, b) => b.votes - a.votes || a.article.localeCompare(b.article)),
  };
}

export type HourlyExportRow = { hour: string; reaction: string; votes: number; net: number };

/** Votes per local hour and reaction for a period, site-wide or for one article. */
export async function exportHourly({
  db,
  site,
  period,
  externalId,
  now,
}: {
  db: Db;
  site: Site;
  period: Period;
  externalId?: string | undefined;
  now: number;
}): Promise<{ columns: string[]; rows: HourlyExportRow[] }> {
  const untilHour = lastHour(period, now);
  let rows: { hour: number; reactionKey: string; casts: number; delta: number }[];
  if (externalId !== undefined) {
    const [found] = await db.all<{ id: number }>(sql`SELECT id FROM articles WHERE site_id = ${site.id} AND external_id = ${externalId}`);
    if (!found) throw articleNotFound(externalId);
    rows = await db.all(sql`SELECT hour, reaction_key AS reactionKey, casts, delta FROM reaction_hourly
      WHERE article_id = ${found.id} AND hour >= ${period.startHour} AND hour < ${untilHour}`);
  } else {
    rows = await db.all(siteHourlySql(site.id, period.startHour, untilHour));
  }
  return {
    columns: ['hour', 'reaction', 'votes', 'net'],
    rows: rows
      .sort((a, b) => a.hour - b.hour || a.reactionKey.localeCompare(b.reactionKey))
      .map((row) => ({ hour: localIso(row.hour * HOUR_MS, site.timeZone), reaction: row.reactionKey, votes: row.casts, net: row.delta })),
  };
}

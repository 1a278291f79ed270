import { type SQL, sql } from 'drizzle-orm';
import type * as v from 'valibot';
import type { Db } from '../db/client';
import { DAY_MS } from '../lib/time';
import type { SiteSettings } from '../sites/schemas';
import { commentNotOnSite } from './rows';
import type { trustLevelSchema } from './schemas';

/*
 * Trust levels of comment authors: `baru` (new; held in `first-comment` moderation) and
 * `tepercaya` (trusted; past the first-comment and suspect-word holds, never past banned
 * words). An author is the site account of a signed-in commenter (its keyed `sub` hash), else
 * the reader token's hash. A moderator's explicit level (`reader_trust`) wins; without one the
 * level follows from the author's comments on the site, read at request time.
 */

/** An author's trust level on a site. */
export type TrustLevel = v.InferOutput<typeof trustLevelSchema>;

/** Who decided a level: a moderator (`reader_trust`), or the author's record. */
export type TrustSource = 'moderator' | 'automatic';

/** A moderator's choice: a level, or back to what the author's record says. */
export type TrustChoice = TrustLevel | 'automatic';

/** A rejection (or spam decision) this recent keeps an author `baru` whatever their approved comments. */
const TRUST_REJECTION_WINDOW_MS = 30 * DAY_MS;

/**
 * Who a comment's author is, as SQL: `column` is the comments column that names them
 * (`sso_user_hash` for a signed-in author, else `reader_hash`) and `hash` its value, a bound
 * parameter or a correlated column.
 */
export type AuthorRef = { column: 'sso_user_hash' | 'reader_hash'; hash: SQL };

/** The author of a comment about to be posted: the site account when signed in, else the reader. */
export function authorOf(readerHash: string, ssoUserHash: string | null): AuthorRef {
  return ssoUserHash === null ? { column: 'reader_hash', hash: sql`${readerHash}` } : { column: 'sso_user_hash', hash: sql`${ssoUserHash}` };
}

/**
 * The author's level from their record, as one SQL expression: `tepercaya` once `threshold`
 * of their comments on the site are approved (counting stops there) and none was rejected or
 * marked spam within `TRUST_REJECTION_WINDOW_MS` of `now`. The author's own index
 * (`comments_reader`, `comments_sso_user`) drives both reads, named, because SQLite otherwise
 * prefers `comments_status_created` and walks every approved comment of the instance.
 */
function automaticLevelSql(siteId: string, { column, hash }: AuthorRef, threshold: number, now: number): SQL {
  const index = sql.raw(column === 'reader_hash' ? 'comments_reader' : 'comments_sso_user');
  const own = sql`comments t INDEXED BY ${index} CROSS JOIN articles ta ON ta.id = t.article_id WHERE t.${sql.raw(column)} = ${hash} AND ta.site_id = ${siteId}`;
  return sql`CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM ${own} AND t.status = 'approved' LIMIT ${threshold})) >= ${threshold}
      AND NOT EXISTS (SELECT 1 FROM ${own} AND t.status IN ('rejected', 'spam') AND t.updated_at > ${now - TRUST_REJECTION_WINDOW_MS})
    THEN 'tepercaya' ELSE 'baru' END`;
}

/** The moderator's explicit level for the author, or NULL, as SQL. */
function explicitLevelSql(siteId: string, authorHash: SQL): SQL {
  return sql`(SELECT level FROM reader_trust WHERE site_id = ${siteId} AND author_hash = ${authorHash})`;
}

/**
 * The author's level as one SQL expression, to fold into a read the caller makes anyway (the
 * post's checks, the queue page): the moderator's level, else the record's.
 */
export function trustLevelSql(siteId: string, author: AuthorRef, settings: Pick<SiteSettings, 'trustAfterApprovedComments'>, now: number): SQL {
  return sql`coalesce(${explicitLevelSql(siteId, author.hash)}, ${automaticLevelSql(siteId, author, settings.trustAfterApprovedComments, now)})`;
}

/** A comment author's level as the newsroom sees it (src/newsroom/trust). */
export type AuthorTrust = {
  commentId: number;
  level: TrustLevel;
  source: TrustSource;
  /** What their record alone says, which applies again when the moderator chooses `automatic`. */
  automaticLevel: TrustLevel;
};

type AuthorRow = { readerHash: string; ssoUserHash: string | null; explicit: TrustLevel | null; automatic: TrustLevel };

/** The levels of the author of the comment aliased `c`: the moderator's (or NULL) and the record's. */
function commentAuthorLevelsSql(siteId: string, threshold: number, now: number): { explicit: SQL; automatic: SQL } {
  return {
    explicit: explicitLevelSql(siteId, sql`coalesce(c.sso_user_hash, c.reader_hash)`),
    automatic: sql`CASE WHEN c.sso_user_hash IS NULL
        THEN ${automaticLevelSql(siteId, { column: 'reader_hash', hash: sql`c.reader_hash` }, threshold, now)}
        ELSE ${automaticLevelSql(siteId, { column: 'sso_user_hash', hash: sql`c.sso_user_hash` }, threshold, now)} END`,
  };
}

function commentAuthorLevels(siteId: string, threshold: number, now: number): SQL {
  const { explicit, automatic } = commentAuthorLevelsSql(siteId, threshold, now);
  return sql`${explicit} AS explicit, ${automatic} AS automatic`;
}

/**
 * The level of the author of the comment aliased `c` as one SQL expression, to fold into a
 * read of that comment (an edit's).
 */
export function commentAuthorTrustSql(siteId: string, settings: Pick<SiteSettings, 'trustAfterApprovedComments'>, now: number): SQL {
  const { explicit, automatic } = commentAuthorLevelsSql(siteId, settings.trustAfterApprovedComments, now);
  return sql`coalesce(${explicit}, ${automatic})`;
}

/** The author of a site's comment, with both their levels at `now`, in one statement. */
async function authorRow(db: Db, siteId: string, commentId: number, settings: Pick<SiteSettings, 'trustAfterApprovedComments'>, now: number): Promise<AuthorRow> {
  const [row] = await db.all<AuthorRow>(sql`SELECT c.reader_hash AS readerHash, c.sso_user_hash AS ssoUserHash,
      ${commentAuthorLevels(siteId, settings.trustAfterApprovedComments, now)}
    FROM comments c CROSS JOIN articles a ON a.id = c.article_id
    WHERE c.id = ${commentId} AND a.site_id = ${siteId} AND c.status <> 'deleted'`);
  if (!row) throw commentNotOnSite(commentId);
  return row;
}

/** The levels of the authors of a page of comments (the moderation queue's), by comment id, in one statement. */
export async function authorLevels({
  db,
  siteId,
  settings,
  commentIds,
  now,
}: {
  db: Db;
  siteId: string;
  settings: Pick<SiteSettings, 'trustAfterApprovedComments'>;
  commentIds: readonly number[];
  now: number;
}): Promise<Map<number, TrustLevel>> {
  if (commentIds.length === 0) return new Map();
  const rows = await db.all<{ id: number; level: TrustLevel }>(sql`SELECT c.id, ${commentAuthorTrustSql(siteId, settings, now)} AS level
    FROM comments c WHERE c.id IN (${sql.join(commentIds.map((id) => sql`${id}`), sql`, `)})`);
  return new Map(rows.map((row) => [row.id, row.level]));
}

function trustView(commentId: number, row: Pick<AuthorRow, 'explicit' | 'automatic'>): AuthorTrust {
  return { commentId, level: row.explicit ?? row.automatic, source: row.explicit ? 'moderator' : 'automatic', automaticLevel: row.automatic };
}

/** The trust level of a comment's author at `now`, and who decided it. 404 for a comment not on the site. */
export async function authorTrust({
  db,
  siteId,
  settings,
  commentId,
  now,
}: {
  db: Db;
  siteId: string;
  settings: Pick<SiteSettings, 'trustAfterApprovedComments'>;
  commentId: number;
  now: number;
}): Promise<AuthorTrust> {
  return trustView(commentId, await authorRow(db, siteId, commentId, settings, now));
}

/**
 * Sets the trust level of a comment's author on the site (`automatic` removes the moderator's
 * level, so their record decides again), logged with the key's name, in one batch. Only the
 * author's hash is stored, never who they are.
 */
export async function setAuthorTrust({
  db,
  siteId,
  settings,
  commentId,
  choice,
  actor,
  now,
}: {
  db: Db;
  siteId: string;
  settings: Pick<SiteSettings, 'trustAfterApprovedComments'>;
  commentId: number;
  choice: TrustChoice;
  actor: { keyId: number | null; name: string };
  now: number;
}): Promise<AuthorTrust> {
  const row = await authorRow(db, siteId, commentId, settings, now);
  const authorHash = row.ssoUserHash ?? row.readerHash;
  await db.batch([
    choice === 'automatic'
      ? db.run(sql`DELETE FROM reader_trust WHERE site_id = ${siteId} AND author_hash = ${authorHash}`)
      : db.run(sql`INSERT INTO reader_trust (site_id, author_hash, level, set_by, set_at) VALUES (${siteId}, ${authorHash}, ${choice}, ${actor.keyId}, ${now})
          ON CONFLICT (site_id, author_hash) DO UPDATE SET level = excluded.level, set_by = excluded.set_by, set_at = excluded.set_at`),
    db.run(sql`INSERT INTO moderation_log (site_id, comment_id, reader_hash, action, actor_key_id, actor_name, note, created_at)
      VALUES (${siteId}, ${commentId}, ${row.readerHash}, 'trust', ${actor.keyId}, ${actor.name}, ${choice}, ${now})`),
  ]);
  return trustView(commentId, { explicit: choice === 'automatic' ? null : choice, automatic: row.automatic });
}

import { sql } from 'drizzle-orm';
import type * as v from 'valibot';
import type { Db } from '../../db/client';
import { commentAuthorTrustSql } from '../../comments/trust';
import type { Site } from '../../sites/service';
import type { commentDetailSchema } from './schemas';
import { commentNotOnSite } from '../../comments/rows';

export type CommentDetail = v.InferOutput<typeof commentDetailSchema>;

type DetailRow = Omit<CommentDetail, 'article' | 'verified'> & { articleId: string; articleTitle: string | null; articleUrl: string | null; verified: number };

/**
 * One of the site's comments as its moderators see it: status, why it is held, whether its
 * author signed in through the site (`verified`) or is muted, whether it is an editor's pick.
 * Reader hashes stay in the database.
 */
export async function commentDetail({
  db,
  site,
  commentId,
  now,
}: {
  db: Db;
  site: Pick<Site, 'id' | 'settings'>;
  commentId: number;
  now: number;
}): Promise<CommentDetail> {
  const siteId = site.id;
  const [row] = await db.all<DetailRow>(sql`SELECT c.id, a.external_id AS articleId, a.title AS articleTitle, a.url AS articleUrl, c.parent_id AS parentId,
      c.author_name AS authorName, c.sso_user_hash IS NOT NULL AS verified, c.body, c.status, c.held_reason AS heldReason, c.picked_at AS pickedAt,
      c.like_count AS likeCount, c.reply_count AS replyCount, c.report_count AS reportCount,
      (SELECT m.until FROM reader_mutes m WHERE m.site_id = a.site_id AND m.reader_hash = c.reader_hash AND m.until > ${now}) AS authorMutedUntil,
      c.created_at AS createdAt, c.edited_at AS editedAt, ${commentAuthorTrustSql(siteId, site.settings, now)} AS trust
    FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ${commentId} AND a.site_id = ${siteId}`);
  if (!row) throw commentNotOnSite(commentId);
  const { articleId, articleTitle, articleUrl, verified, ...rest } = row;
  return { ...rest, article: { id: articleId, title: articleTitle, url: articleUrl }, verified: Boolean(verified) };
}

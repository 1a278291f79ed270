import { sql } from 'drizzle-orm';
import { ballotsFor } from '../reactions/service';
import { loadSite } from '../sites/service';
import type { ReaderExport } from './schemas';
import { admitDataRequest, hashReaderToken, type ReaderRequest } from './service';

const iso = (ms: number) => new Date(ms).toISOString();

type PlaceRow = { site: string; article: string };

/**
 * Everything stored under a reader token, on every site: the same rows the reader's erasure
 * deletes: votes wherever they live (`ballots`: the database, or the articles' objects on
 * Workers), and comments in every status, likes, reports and house-rules agreements, read in
 * one batch so those lists agree with each other. Only rows under this token's hash are read, so another reader's data
 * can never appear; after erasure every list is empty.
 *
 * @example const data = await exportReader({ db, secret, siteId: 'kabar', readerToken, now });
 */
export async function exportReader({ db, ballots, secret, siteId, readerToken, client, now }: ReaderRequest): Promise<ReaderExport> {
  await loadSite({ db, siteId });
  await admitDataRequest({ db, secret, client, now });
  const readerHash = await hashReaderToken(secret, readerToken);
  const votes = await ballotsFor({ db, ballots }).exportReader(readerHash);
  const [comments, likes, reports, agreements] = await db.batch([
    db.all<
      PlaceRow & {
        id: number;
        parentId: number | null;
        authorName: string;
        body: string;
        status: string;
        heldReason: string | null;
        likeCount: number;
        replyCount: number;
        reportCount: number;
        createdAt: number;
        updatedAt: number;
        editedAt: number | null;
      }
    >(sql`SELECT a.site_id AS site, a.external_id AS article, c.id, c.parent_id AS parentId, c.author_name AS authorName, c.body,
        c.status, c.held_reason AS heldReason, c.like_count AS likeCount, c.reply_count AS replyCount, c.report_count AS reportCount,
        c.created_at AS createdAt, c.updated_at AS updatedAt, c.edited_at AS editedAt
      FROM comments c JOIN articles a ON a.id = c.article_id
      WHERE c.reader_hash = ${readerHash} ORDER BY c.id`),
    db.all<PlaceRow & { commentId: number; createdAt: number }>(sql`SELECT a.site_id AS site, a.external_id AS article,
        l.comment_id AS commentId, l.created_at AS createdAt
      FROM comment_likes l JOIN comments c ON c.id = l.comment_id JOIN articles a ON a.id = c.article_id
      WHERE l.reader_hash = ${readerHash} ORDER BY l.created_at, l.comment_id`),
    db.all<PlaceRow & { commentId: number; reason: string; createdAt: number }>(sql`SELECT a.site_id AS site, a.external_id AS article,
        r.comment_id AS commentId, r.reason, r.created_at AS createdAt
      FROM comment_reports r JOIN comments c ON c.id = r.comment_id JOIN articles a ON a.id = c.article_id
      WHERE r.reader_hash = ${readerHash} ORDER BY r.created_at, r.comment_id`),
    db.all<{ site: string; version: number; agreedAt: number }>(sql`SELECT site_id AS site, version, agreed_at AS agreedAt
      FROM rules_agreements WHERE author_hash = ${readerHash} ORDER BY agreed_at, site_id`),
  ]);
  return {
    exportedAt: iso(now),
    votes: votes.map(({ site, article, reaction, createdAt, updatedAt }) => ({ site, article, reaction, createdAt: iso(createdAt), updatedAt: iso(updatedAt) })),
    comments: comments.map((row) => ({
      ...row,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
      editedAt: row.editedAt === null ? null : iso(row.editedAt),
    })),
    likes: likes.map((row) => ({ ...row, createdAt: iso(row.createdAt) })),
    reports: reports.map((row) => ({ ...row, createdAt: iso(row.createdAt) })),
    agreements: agreements.map((row) => ({ ...row, agreedAt: iso(row.agreedAt) })),
  };
}

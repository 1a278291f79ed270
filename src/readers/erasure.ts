import { sql } from 'drizzle-orm';
import type * as v from 'valibot';
import { namedBatch } from '../db/batch';
import type { AppEvent } from '../lib/events';
import { ballotsFor } from '../reactions/service';
import { loadSite } from '../sites/service';
import type { erasureReceiptSchema } from './schemas';
import { admitDataRequest, hashReaderToken, type ReaderRequest } from './service';

/*
 * Erasing a reader: their votes wherever they live, then everything else stored under their
 * token, on every site, in one atomic batch.
 */

export type ErasureReceipt = v.InferOutput<typeof erasureReceiptSchema>;

/**
 * Deletes everything stored under a reader token, on every site: their votes wherever they
 * live (`ballots`: the database, or the articles' objects on Workers), then likes, reports,
 * comments and house rules agreements in one atomic batch; triggers keep every counter exact.
 * Replies other readers wrote to the erased comments move up to the top level. Moderation
 * records (mutes, the moderation log) stay: they are the newsroom's, not the reader's.
 */
export async function eraseReader({ db, ballots, secret, siteId, readerToken, client, now }: ReaderRequest): Promise<{ receipt: ErasureReceipt; events: AppEvent[] }> {
  await loadSite({ db, siteId });
  await admitDataRequest({ db, secret, client, now });
  const readerHash = await hashReaderToken(secret, readerToken);
  const votes = await ballotsFor({ db, ballots }).eraseReader(readerHash, now);
  const erased = await namedBatch(db, {
    repliesLifted: db.run(sql`UPDATE comments SET parent_id = NULL
      WHERE reader_hash <> ${readerHash} AND parent_id IN (SELECT id FROM comments WHERE reader_hash = ${readerHash})`),
    likes: db.all(sql`DELETE FROM comment_likes WHERE reader_hash = ${readerHash} RETURNING 1`),
    reports: db.all(sql`DELETE FROM comment_reports WHERE reader_hash = ${readerHash} RETURNING 1`),
    comments: db.all(sql`DELETE FROM comments WHERE reader_hash = ${readerHash} RETURNING 1`),
    agreements: db.run(sql`DELETE FROM rules_agreements WHERE author_hash = ${readerHash}`),
  });
  return {
    receipt: { deleted: { votes, comments: erased.comments.length, likes: erased.likes.length, reports: erased.reports.length } },
    events: [{ type: 'reader.erased', siteId }],
  };
}

import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sites } from '../db/schema';
import { appCache, articleSubject } from '../lib/cache';
import { logFor } from '../lib/log';
import { DAY_MS } from '../lib/time';
import { defaultSiteSettings } from './schemas';
import { loadSite } from './service';

/** What one clean-up deleted, summed over every site. */
export type RetentionReceipt = { heldComments: number; rejectedComments: number; networkKeys: number };

/**
 * Deletes what each site's retention settings no longer allow it to keep: comments held for
 * review and never decided (`heldCommentRetentionDays` after they were last held or edited),
 * rejected and spam comments (`rejectedCommentRetentionDays` after the decision), and the
 * limiter's log of network, address and reader keys (`rate_limits`). Those keys name no site
 * (one network serves every site), so they go after the shortest `networkKeyRetentionDays` any
 * site asks for; erased readers' hashes (`reader_erasures`) after two days. Replies others wrote to a deleted comment move up to the top level, as with
 * erasure. Run by the scheduler (a cron trigger on Workers, a timer on Node) with its clock;
 * running it twice deletes nothing more.
 *
 * @example await enforceRetention({ db, now: Date.now() });
 */
export async function enforceRetention({ db, now }: { db: Db; now: number }): Promise<RetentionReceipt> {
  const receipt: RetentionReceipt = { heldComments: 0, rejectedComments: 0, networkKeys: 0 };
  let shortestNetworkDays = defaultSiteSettings.networkKeyRetentionDays;
  const siteIds = await db.select({ id: sites.id }).from(sites);
  for (const { id: siteId } of siteIds) {
    const { settings } = await loadSite({ db, siteId });
    shortestNetworkDays = Math.min(shortestNetworkDays, settings.networkKeyRetentionDays);
    const expired = sql`article_id IN (SELECT id FROM articles WHERE site_id = ${siteId}) AND (
      (status = 'pending' AND updated_at < ${now - settings.heldCommentRetentionDays * DAY_MS})
      OR (status IN ('rejected', 'spam') AND updated_at < ${now - settings.rejectedCommentRetentionDays * DAY_MS}))`;
    const [, deleted] = await db.batch([
      db.run(sql`UPDATE comments SET parent_id = NULL WHERE parent_id IN (SELECT id FROM comments WHERE ${expired})`),
      db.all<{ articleId: number; status: string }>(sql`DELETE FROM comments WHERE ${expired} RETURNING article_id AS articleId, status`),
    ]);
    for (const articleId of new Set(deleted.map((row) => row.articleId))) appCache(db).changed(articleSubject(articleId));
    const held = deleted.filter((row) => row.status === 'pending').length;
    receipt.heldComments += held;
    receipt.rejectedComments += deleted.length - held;
  }
  const [keys] = await db.batch([
    db.all(sql`DELETE FROM rate_limits WHERE window_start < ${now - shortestNetworkDays * DAY_MS} RETURNING 1`),
    // An erased reader's hash outlives the erasure by two days: long enough for every object's
    // roll-up to report a vote it held unreported (src/polls/README.md), then it goes.
    db.run(sql`DELETE FROM reader_erasures WHERE erased_at < ${now - 2 * DAY_MS}`),
  ]);
  receipt.networkKeys = keys.length;
  logFor(db)({ level: 'info', msg: 'retention clean-up', ...receipt });
  return receipt;
}

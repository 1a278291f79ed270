import { sql } from 'drizzle-orm';
import { MAX_PICKS } from '../../src/comments/schemas';
import type { Db } from '../../src/db/client';
import { counterMismatches } from './factories';

/**
 * Rows whose parent is gone, per table. Foreign keys are on for every driver we ship, so any
 * hit means a write path bypassed them (or a driver had them off).
 */
const ORPHAN_CHECKS = [
  ['reactions without a site', sql`SELECT count(*) AS n FROM reactions r WHERE NOT EXISTS (SELECT 1 FROM sites s WHERE s.id = r.site_id)`],
  ['articles without a site', sql`SELECT count(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sites s WHERE s.id = a.site_id)`],
  ['votes without an article', sql`SELECT count(*) AS n FROM votes v WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = v.article_id)`],
  [
    'votes for a reaction the site does not have',
    sql`SELECT count(*) AS n FROM votes v JOIN articles a ON a.id = v.article_id
      WHERE NOT EXISTS (SELECT 1 FROM reactions r WHERE r.site_id = a.site_id AND r.key = v.reaction_key)`,
  ],
  ['reaction_counts without an article', sql`SELECT count(*) AS n FROM reaction_counts c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.article_id)`],
  ['reaction_hourly without an article', sql`SELECT count(*) AS n FROM reaction_hourly h WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = h.article_id AND a.site_id = h.site_id)`],
  ['comments without an article', sql`SELECT count(*) AS n FROM comments c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.article_id)`],
  [
    'replies whose parent is missing or on another article',
    sql`SELECT count(*) AS n FROM comments c WHERE c.parent_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM comments p WHERE p.id = c.parent_id AND p.article_id = c.article_id)`,
  ],
  ['comment_likes without a comment', sql`SELECT count(*) AS n FROM comment_likes l WHERE NOT EXISTS (SELECT 1 FROM comments c WHERE c.id = l.comment_id)`],
  ['comment_reports without a comment', sql`SELECT count(*) AS n FROM comment_reports r WHERE NOT EXISTS (SELECT 1 FROM comments c WHERE c.id = r.comment_id)`],
  ['sessions without a key', sql`SELECT count(*) AS n FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.id = s.key_id)`],
  ['webhook deliveries without a webhook', sql`SELECT count(*) AS n FROM webhook_deliveries d WHERE NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id)`],
] as const;

/** Counters kept by triggers that `counterMismatches` (votes ↔ reaction counters) does not cover. */
const COUNTER_CHECKS = [
  ['negative reaction counters', sql`SELECT count(*) AS n FROM reaction_counts WHERE count < 0`],
  [
    'articles.vote_count differs from its votes',
    sql`SELECT count(*) AS n FROM articles a WHERE a.vote_count <> (SELECT count(*) FROM votes v WHERE v.article_id = a.id)`,
  ],
  [
    'articles.comment_count differs from its approved comments',
    sql`SELECT count(*) AS n FROM articles a
      WHERE a.comment_count <> (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')`,
  ],
  [
    'comments.reply_count differs from its approved replies',
    sql`SELECT count(*) AS n FROM comments p
      WHERE p.reply_count <> (SELECT count(*) FROM comments c WHERE c.parent_id = p.id AND c.status = 'approved')`,
  ],
  [
    'comments.like_count differs from its likes',
    sql`SELECT count(*) AS n FROM comments c WHERE c.like_count <> (SELECT count(*) FROM comment_likes l WHERE l.comment_id = c.id)`,
  ],
  [
    'comments.report_count differs from its reports',
    sql`SELECT count(*) AS n FROM comments c WHERE c.report_count <> (SELECT count(*) FROM comment_reports r WHERE r.comment_id = c.id)`,
  ],
  ['articles with more editor\'s picks than MAX_PICKS', sql`SELECT count(*) AS n FROM (SELECT article_id FROM comments WHERE picked_at IS NOT NULL GROUP BY article_id HAVING count(*) > ${MAX_PICKS})`],
  ['editor\'s picks that are not published top-level comments', sql`SELECT count(*) AS n FROM comments WHERE picked_at IS NOT NULL AND (status <> 'approved' OR parent_id IS NOT NULL)`],
] as const;

/**
 * Every database invariant the suite relies on, as readable lines (empty when all hold):
 * reaction counters equal count(votes) per article and reaction, hourly buckets sum to the
 * counters, article and comment counters equal their rows, no row has lost its parent, and
 * every article's editor's picks are at most `MAX_PICKS` published top-level comments.
 * Fuzzers, crash tests and concurrency tests assert `toEqual([])` after their run.
 */
export async function invariantViolations(db: Db): Promise<string[]> {
  const violations = (await counterMismatches(db)).map(
    (row) => `article ${row.article_id} reaction ${row.reaction_key}: counter or hourly sum ${row.counted}, votes ${row.rows}`,
  );
  for (const [name, query] of [...ORPHAN_CHECKS, ...COUNTER_CHECKS]) {
    const [row] = await db.all<{ n: number }>(query);
    const n = Number(row?.n ?? 0);
    if (n > 0) violations.push(`${name}: ${n} row(s)`);
  }
  return violations;
}

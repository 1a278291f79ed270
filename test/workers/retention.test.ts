import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/lib/time';
import worker from '../../src/worker';
import { createArticle, createSite } from '../helpers/factories';
import { db } from './helpers';

/** The cron trigger's handler on workerd + D1: the Worker's `scheduled` runs the retention clean-up at the trigger's time. */
describe('scheduled retention on workerd + D1', () => {
  it("deletes a comment held past the site's held days at the cron's time, keeping the approved one", async () => {
    const site = await createSite(db, { settings: { heldCommentRetentionDays: 1 } });
    const article = await createArticle(db, site.id);
    const at = Date.UTC(2026, 11, 1, 8, 0, 0);
    const insert = (status: string) =>
      db.all<{ id: number }>(sql`INSERT INTO comments (article_id, reader_hash, author_name, body, status, created_at, updated_at)
        VALUES (${article.id}, 'reader-hash', 'Budi', 'Komentar.', ${status}, ${at}, ${at}) RETURNING id`);
    const [held] = await insert('pending');
    const [approved] = await insert('approved');
    const remaining = async () => (await db.all<{ id: number }>(sql`SELECT id FROM comments WHERE article_id = ${article.id} ORDER BY id`)).map((row) => row.id);

    const run = (scheduledTime: number) => worker.scheduled(createScheduledController({ scheduledTime, cron: '17 * * * *' }), { ...env });
    await run(at + DAY_MS - 1);
    expect(await remaining()).toEqual([held!.id, approved!.id]);
    await run(at + DAY_MS + 1);
    expect(await remaining()).toEqual([approved!.id]);
  });
});

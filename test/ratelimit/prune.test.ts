import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PRUNE_EVERY } from '../../src/ratelimit/service';
import { readerToken, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';

describe('rate-limit log pruning', () => {
  it('removes rows older than two days as comments keep being admitted, and keeps recent ones', async () => {
    const t = await testApp();
    const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
    const article = await createArticle(t.db, site.id);
    const old = Date.now() - 3 * 86_400_000;
    const recent = Date.now() - 3_600_000;
    for (let i = 0; i < 50; i++) {
      await t.db.run(sql`INSERT INTO rate_limits (key, window_start, count) VALUES (${`comment:reader:old-${i}`}, ${old + i}, 1)`);
    }
    await t.db.run(sql`INSERT INTO rate_limits (key, window_start, count) VALUES ('comment:reader:recent', ${recent}, 1)`);
    for (let i = 0; i < PRUNE_EVERY; i++) {
      const posted = await t.call(
        'POST',
        `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/comments`,
        { reader: readerToken(), name: 'Budi', body: `Komentar nomor ${i} tentang artikel ini.`, elapsedMs: 30_000 },
        { 'x-test-ip': `192.0.2.${i + 1}` },
      );
      expect(posted.status).toBe(201);
    }
    const [counts] = await t.db.all<{ old: number; recent: number }>(sql`SELECT
      (SELECT count(*) FROM rate_limits WHERE window_start < ${Date.now() - 2 * 86_400_000}) AS old,
      (SELECT count(*) FROM rate_limits WHERE key = 'comment:reader:recent') AS recent`);
    expect(counts).toEqual({ old: 0, recent: 1 });
  });
});

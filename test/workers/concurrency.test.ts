import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { counterMismatches } from '../helpers/factories';
import { call, db, readerToken } from './helpers';

it('50 concurrent first votes from distinct readers are each counted exactly once on D1', async () => {
  const keys = ['senang', 'sedih', 'marah', 'cemas', 'terhibur'];
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      call('PUT', '/v1/sites/demo/articles/hot-1/vote', { reader: readerToken(), reaction: keys[i % keys.length] }, { 'cf-connecting-ip': `10.0.${i}.1` }),
    ),
  );
  expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
  const [row] = await db.all<{ votes: number; counted: number; ranked: number }>(sql`
    SELECT (SELECT count(*) FROM votes WHERE article_id = a.id) AS votes,
      (SELECT sum(count) FROM reaction_counts WHERE article_id = a.id) AS counted,
      a.vote_count AS ranked
    FROM articles a WHERE a.site_id = 'demo' AND a.external_id = 'hot-1'`);
  expect(row).toEqual({ votes: 50, counted: 50, ranked: 50 });
  expect(await counterMismatches(db)).toEqual([]);
});

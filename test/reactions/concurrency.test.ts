import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { counterMismatches } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

const path = (article: string) => `/v1/sites/demo/articles/${article}/vote`;

async function countersFor(article: string) {
  return t.db.all<{ reaction_key: string; count: number }>(sql`
    SELECT c.reaction_key, c.count FROM reaction_counts c JOIN articles a ON a.id = c.article_id
    WHERE a.external_id = ${article} AND c.count <> 0 ORDER BY c.reaction_key`);
}

describe('concurrent votes', () => {
  it('200 concurrent first votes from distinct readers are all counted exactly once', async () => {
    const keys = ['senang', 'sedih', 'marah', 'cemas'];
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.call('PUT', path('hot-1'), { reader: readerToken(), reaction: keys[i % keys.length] }, { 'x-test-ip': `10.0.${i % 250}.1` }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    const [{ votes }] = (await t.db.all<{ votes: number }>(sql`
      SELECT count(*) AS votes FROM votes v JOIN articles a ON a.id = v.article_id WHERE a.external_id = 'hot-1'`)) as [{ votes: number }];
    expect(votes).toBe(200);
    const counters = await countersFor('hot-1');
    expect(counters.reduce((sum, row) => sum + row.count, 0)).toBe(200);
    expect(counters).toEqual(keys.slice().sort().map((key) => ({ reaction_key: key, count: 50 })));
    expect(await counterMismatches(t.db)).toEqual([]);
  });

  it('50 concurrent changes by one reader leave exactly one vote and exact counters', async () => {
    const reader = readerToken();
    const keys = ['senang', 'terhibur', 'terinspirasi', 'sedih', 'marah'];
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.call('PUT', path('hot-2'), { reader, reaction: keys[i % keys.length] })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const rows = await t.db.all<{ reaction_key: string }>(sql`
      SELECT v.reaction_key FROM votes v JOIN articles a ON a.id = v.article_id WHERE a.external_id = 'hot-2'`);
    expect(rows).toHaveLength(1);
    expect(await countersFor('hot-2')).toEqual([{ reaction_key: rows[0]!.reaction_key, count: 1 }]);
    expect(await counterMismatches(t.db)).toEqual([]);
  });
});

import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { counterMismatches } from '../helpers/factories';
import { articleIdOf, call, db, readerToken, settle, shardStub } from './helpers';
import { runInDurableObject } from 'cloudflare:test';
import { durableDb } from '../../src/db/durable';

it('50 concurrent first votes from distinct readers are each counted exactly once, in the article\'s object and then in D1', async () => {
  const keys = ['senang', 'sedih', 'marah', 'cemas', 'terhibur'];
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      call('PUT', '/v1/sites/demo/articles/hot-1/vote', { reader: readerToken(), reaction: keys[i % keys.length] }, { 'cf-connecting-ip': `10.0.${i}.1` }),
    ),
  );
  expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
  const articleId = await articleIdOf('hot-1');
  const held = await runInDurableObject(shardStub(articleId, 0), async (_instance, state) => {
    const objectDb = durableDb(state.storage);
    const [row] = await objectDb.all<{ votes: number; counted: number }>(sql`
      SELECT (SELECT count(*) FROM votes) AS votes, (SELECT sum(count) FROM reaction_counts) AS counted`);
    return { ...row, mismatches: await counterMismatches(objectDb) };
  });
  expect(held).toEqual({ votes: 50, counted: 50, mismatches: [] });
  // D1 gets the counts from the object's roll-ups, a few seconds later.
  await settle(articleId, 1);
  const [row] = await db.all<{ counted: number; ranked: number }>(sql`
    SELECT (SELECT sum(count) FROM reaction_counts WHERE article_id = a.id) AS counted, a.vote_count AS ranked
    FROM articles a WHERE a.id = ${articleId}`);
  expect(row).toEqual({ counted: 50, ranked: 50 });
});

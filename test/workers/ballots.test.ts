import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../../src/polls/shards';
import { hashReaderToken } from '../../src/readers/service';
import { articleIdOf, call, callWith, d1Totals, db, envs, pollCounts, readerToken, settle, shardStub } from './helpers';

const admin = { authorization: 'Bearer workers-instance-admin-key-0123456789' };

/** A reader whose votes land on a shard other than the coordinator once an article splits into four. */
async function offCoordinatorReader(): Promise<{ token: string; hash: string; shard: number }> {
  for (;;) {
    const token = readerToken();
    const hash = await hashReaderToken(env.TANGGAP_SECRET, token);
    if (shardOf(hash, 4) !== 0) return { token, hash, shard: shardOf(hash, 4) };
  }
}

/** Rows an object still holds under these tables (a table the object no longer has holds none). */
function heldRows(articleId: number, shard: number, where = '') {
  return runInDurableObject(shardStub(articleId, shard), (_instance, state) => {
    const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('votes', 'poll_state', 'rate_limits', 'reaction_counts')").toArray();
    return tables.reduce((sum, { name }) => sum + Number(state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${name} ${name === 'votes' ? where : ''}`).one().n), 0);
  });
}

const votesOf = (articleId: number, shard: number, readerHash: string) =>
  runInDurableObject(shardStub(articleId, shard), (_instance, state) =>
    Number(state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM votes WHERE reader_hash = ?', readerHash).one().n),
  );

const membershipsOf = async (readerHash: string) =>
  (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM poll_readers WHERE reader_hash = ${readerHash}`))[0]!.n;

/** Others' votes on an article through `bindings`: each a new reader from their own address. */
async function othersVote(bindings: Record<string, unknown>, article: string, reactions: string[], from: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [i, reaction] of reactions.entries()) {
    const answer = await callWith(bindings, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: readerToken(), reaction }, `10.9.${from + i}.1`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    counts[reaction] = (counts[reaction] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** The poll's counts through the objects, and D1's roll-ups, once every alarm has run. */
async function settledCounts(bindings: Record<string, unknown>, article: string, shards: number) {
  const articleId = await articleIdOf(article);
  await settle(articleId, shards);
  const poll = await callWith(bindings, 'GET', `/v1/sites/demo/articles/${article}/poll`, undefined, '10.9.250.1');
  return { poll: pollCounts(poll.body), total: poll.body.total, d1: await d1Totals(articleId) };
}

describe("a reader's votes in ArticlePoll objects", () => {
  it('are listed in their export and deleted by their erasure, on a split article and a single one, with every count exact after', async () => {
    const reader = await offCoordinatorReader();
    const sharded = await othersVote(envs.split, 'erase-sharded', ['senang', 'sedih', 'senang', 'marah', 'cemas', 'senang'], 0);
    const single = await othersVote(envs.plain, 'erase-single', ['sedih', 'sedih', 'terhibur'], 10);
    expect((await callWith(envs.split, 'PUT', '/v1/sites/demo/articles/erase-sharded/vote', { reader: reader.token, reaction: 'terganggu' }, '10.9.100.1')).status).toBe(200);
    expect((await callWith(envs.plain, 'PUT', '/v1/sites/demo/articles/erase-single/vote', { reader: reader.token, reaction: 'marah' }, '10.9.100.1')).status).toBe(200);
    const [shardedId, singleId] = [await articleIdOf('erase-sharded'), await articleIdOf('erase-single')];
    await settle(shardedId, 4);
    await settle(singleId, 1);
    expect(await votesOf(shardedId, reader.shard, reader.hash)).toBe(1);

    const exported = await call('GET', `/v1/sites/demo/readers/me/export?reader=${reader.token}`);
    expect(exported.status).toBe(200);
    expect(exported.body.votes.map((vote: { article: string; reaction: string }) => [vote.article, vote.reaction]).sort()).toEqual([
      ['erase-sharded', 'terganggu'],
      ['erase-single', 'marah'],
    ]);

    const erased = await call('DELETE', '/v1/sites/demo/readers/me', { reader: reader.token });
    expect(erased.status).toBe(200);
    expect(erased.body.deleted.votes).toBe(2);
    expect((await call('GET', `/v1/sites/demo/readers/me/export?reader=${reader.token}`)).body.votes).toEqual([]);
    expect(await votesOf(shardedId, reader.shard, reader.hash)).toBe(0);
    expect(await membershipsOf(reader.hash)).toBe(0);

    const afterSharded = await settledCounts(envs.split, 'erase-sharded', 4);
    expect(afterSharded.poll).toEqual(sharded);
    expect(afterSharded.total).toBe(6);
    expect(afterSharded.d1).toMatchObject({ counts: sharded, voteCount: 6, hourly: sharded, daily: sharded });
    const afterSingle = await settledCounts(envs.plain, 'erase-single', 1);
    expect(afterSingle.poll).toEqual(single);
    expect(afterSingle.d1).toMatchObject({ counts: single, voteCount: 3, hourly: single, daily: single });
  });

  it('are deleted when the erasure comes before any roll-up reported them: the roll-up that does finds the erasure', async () => {
    const others = await othersVote(envs.plain, 'erase-unreported', ['cemas', 'senang'], 20);
    const token = readerToken();
    const hash = await hashReaderToken(env.TANGGAP_SECRET, token);
    expect((await call('PUT', '/v1/sites/demo/articles/erase-unreported/vote', { reader: token, reaction: 'sedih' })).status).toBe(200);
    const articleId = await articleIdOf('erase-unreported');
    expect(await membershipsOf(hash)).toBe(0);
    expect((await call('DELETE', '/v1/sites/demo/readers/me', { reader: token })).status).toBe(200);
    expect(await votesOf(articleId, 0, hash)).toBe(1);

    const after = await settledCounts(envs.plain, 'erase-unreported', 1);
    expect(await votesOf(articleId, 0, hash)).toBe(0);
    expect(await membershipsOf(hash)).toBe(0);
    expect(after.poll).toEqual(others);
    expect(after.d1).toMatchObject({ counts: others, voteCount: 2, hourly: others, daily: others });
  });
});

describe('a deleted site on Workers', () => {
  it("leaves no rows in its articles' objects, split or not", async () => {
    expect((await call('POST', '/v1/newsroom/sites', { id: 'hapus-w', name: 'Dihapus', origins: ['https://hapus.example'] }, admin)).status).toBe(201);
    const origin = { origin: 'https://hapus.example' };
    for (let i = 0; i < 6; i++) {
      expect((await callWith(envs.split, 'PUT', '/v1/sites/hapus-w/articles/panas/vote', { reader: readerToken(), reaction: 'senang' }, `10.8.${i}.1`, origin)).status).toBe(200);
    }
    expect((await call('PUT', '/v1/sites/hapus-w/articles/tenang/vote', { reader: readerToken(), reaction: 'sedih' }, origin)).status).toBe(200);
    const ids = await db.all<{ id: number; externalId: string }>(sql`SELECT id, external_id AS externalId FROM articles WHERE site_id = 'hapus-w' ORDER BY external_id`);
    const [hot, calm] = [ids.find((row) => row.externalId === 'panas')!.id, ids.find((row) => row.externalId === 'tenang')!.id];
    await settle(hot, 4);
    await settle(calm, 1);
    const shards = [0, 1, 2, 3];
    const before = await Promise.all(shards.map((shard) => heldRows(hot, shard, 'WHERE true')));
    expect(before.filter((rows) => rows > 0).length).toBeGreaterThan(1);
    expect(await heldRows(calm, 0)).toBeGreaterThan(0);

    expect((await call('DELETE', '/v1/newsroom/sites/hapus-w', { confirm: 'hapus-w' }, admin)).status).toBe(200);
    expect(await Promise.all(shards.map((shard) => heldRows(hot, shard)))).toEqual([0, 0, 0, 0]);
    expect(await heldRows(calm, 0)).toBe(0);
    const alarms = await Promise.all([...shards.map((shard) => shardStub(hot, shard)), shardStub(calm, 0)].map((stub) => runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())));
    expect(alarms).toEqual([null, null, null, null, null]);
  });
});

describe("a poll's open state on Workers", () => {
  it('is held by the objects, every shard of a split article, and follows the newsroom closing and reopening it', async () => {
    await othersVote(envs.split, 'close-split', ['senang', 'sedih', 'cemas', 'marah'], 40);
    const articleId = await articleIdOf('close-split');
    const patch = (pollOpen: boolean) => call('PATCH', '/v1/newsroom/sites/demo/articles/close-split', { pollOpen }, admin);
    const votes = (from: number) =>
      Promise.all(Array.from({ length: 8 }, (_, i) => callWith(envs.split, 'PUT', '/v1/sites/demo/articles/close-split/vote', { reader: readerToken(), reaction: 'terhibur' }, `10.9.${from + i}.2`)));

    expect((await patch(false)).status).toBe(200);
    const refused = await votes(60);
    expect(refused.map((answer) => answer.body.error?.code)).toEqual(Array(8).fill('poll_closed'));
    const held = await Promise.all([0, 1, 2, 3].map((shard) => runInDurableObject(shardStub(articleId, shard), (_instance, state) => state.storage.sql.exec<{ open: number }>('SELECT poll_open AS open FROM articles').toArray()[0]?.open)));
    expect(held.filter((open) => open !== undefined)).not.toContain(1);

    expect((await patch(true)).status).toBe(200);
    expect((await votes(70)).map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const after = await settledCounts(envs.split, 'close-split', 4);
    expect(after.total).toBe(12);
  });
});

describe('an article whose votes moved into its object', () => {
  it('refuses a vote written straight to D1, as an older Worker version would, and keeps its counts', async () => {
    const first = readerToken();
    expect((await call('PUT', '/v1/sites/demo/articles/moved-1/vote', { reader: first, reaction: 'senang' })).status).toBe(200);
    const articleId = await articleIdOf('moved-1');
    await settle(articleId, 1);

    const added = await callWith(envs.direct, 'PUT', '/v1/sites/demo/articles/moved-1/vote', { reader: readerToken(), reaction: 'marah' }, '10.7.0.1');
    expect(added.status).toBe(500);
    const changed = await callWith(envs.direct, 'PUT', '/v1/sites/demo/articles/moved-1/vote', { reader: first, reaction: 'sedih' }, '203.0.113.7');
    expect(changed.status).toBe(500);
    expect(await db.all(sql`SELECT reader_hash FROM votes WHERE article_id = ${articleId}`)).toEqual([]);

    const after = await settledCounts(envs.plain, 'moved-1', 1);
    expect(after.poll).toEqual({ senang: 1 });
    expect(after.d1).toMatchObject({ counts: { senang: 1 }, voteCount: 1 });
  });

  it('is marked in D1 when its coordinator restarts, if it moved its votes in before D1 could be told', async () => {
    expect((await call('PUT', '/v1/sites/demo/articles/moved-3/vote', { reader: readerToken(), reaction: 'senang' })).status).toBe(200);
    const articleId = await articleIdOf('moved-3');
    await settle(articleId, 1);
    // As an object of the first release left it: votes imported, D1 never marked.
    await runInDurableObject(shardStub(articleId, 0), (_instance, state) => state.storage.sql.exec("DELETE FROM poll_state WHERE key = 'moved'"));
    await db.run(sql`UPDATE articles SET votes_moved = 0 WHERE id = ${articleId}`);
    await abortAllDurableObjects();

    expect((await call('GET', '/v1/sites/demo/articles/moved-3/poll')).body.total).toBe(1);
    expect(await db.all(sql`SELECT votes_moved AS moved FROM articles WHERE id = ${articleId}`)).toEqual([{ moved: 1 }]);
    expect((await callWith(envs.direct, 'PUT', '/v1/sites/demo/articles/moved-3/vote', { reader: readerToken(), reaction: 'marah' }, '10.7.1.1')).status).toBe(500);
  });

  it("drops D1's copies of the votes it moved in, leaving D1's counts as they were", async () => {
    await othersVote(envs.direct, 'moved-2', ['cemas', 'cemas', 'senang'], 30);
    const articleId = await articleIdOf('moved-2');
    const before = await d1Totals(articleId);
    expect(before.counts).toEqual({ cemas: 2, senang: 1 });

    const after = await settledCounts(envs.plain, 'moved-2', 1);
    expect(await db.all(sql`SELECT reader_hash FROM votes WHERE article_id = ${articleId}`)).toEqual([]);
    expect(after.poll).toEqual({ cemas: 2, senang: 1 });
    expect(after.d1).toEqual(before);
  });
});

import { sql } from 'drizzle-orm';
import { abortAllDurableObjects, createExecutionContext, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { d1Db } from '../../src/db/d1';
import { durableDb } from '../../src/db/durable';
import { flushStatements } from '../../src/polls/rollup';
import worker from '../../src/worker';
import { articleIdOf, call, callWith, d1Totals, db, envs, pollCounts, readerToken, settle, shardStub } from './helpers';

const KEYS = ['senang', 'terhibur', 'terinspirasi', 'tidak-peduli', 'terganggu', 'sedih', 'cemas', 'marah'];

const ipOf = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.9`;

/** Votes per shard as each object holds them. */
async function votesPerShard(articleId: number, shards: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: shards }, (_, shard) =>
      runInDurableObject(shardStub(articleId, shard), (_instance, state) =>
        Number(state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM votes').one().n),
      ),
    ),
  );
}

function tallyOf(choices: Map<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reaction of choices.values()) counts[reaction] = (counts[reaction] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

describe('ArticlePoll objects', () => {
  it('count 2,000 concurrent readers across 4 shards exactly once, through restarts, and roll the counts up to D1 exactly', async () => {
    const article = 'breaking-1';
    const readers = Array.from({ length: 2_000 }, (_, i) => ({ token: readerToken(), ip: ipOf(i), reaction: KEYS[i % KEYS.length]! }));
    const choices = new Map<string, string>();
    const wave = async (from: number, to: number) => {
      const answers = await Promise.all(
        readers.slice(from, to).map((reader) => callWith(envs.split, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: reader.token, reaction: reader.reaction }, reader.ip)),
      );
      answers.forEach((answer, i) => {
        const reader = readers[from + i]!;
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(answer.body.choice).toBe(reader.reaction);
        choices.set(reader.token, reader.reaction);
      });
    };
    await wave(0, 500);
    const articleId = await articleIdOf(article);
    // Evicted mid-load: every object restarts from its storage.
    await abortAllDurableObjects();
    await wave(500, 1_000);
    // Some roll-ups reach D1, then everything restarts again with the rest still to send.
    await settle(articleId, 4);
    await wave(1_000, 1_500);
    await abortAllDurableObjects();
    await wave(1_500, 2_000);
    // 100 readers of the first wave change their reaction, on whichever shard holds them.
    const movers = readers.slice(0, 100);
    const moved = await Promise.all(
      movers.map((reader) => callWith(envs.split, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: reader.token, reaction: 'terganggu' }, reader.ip)),
    );
    expect(moved.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    for (const reader of movers) choices.set(reader.token, 'terganggu');

    const perShard = await votesPerShard(articleId, 4);
    expect(perShard.reduce((sum, n) => sum + n, 0)).toBe(2_000);
    expect(perShard.every((n) => n > 0)).toBe(true);

    await settle(articleId, 4);
    const expected = tallyOf(choices);
    const poll = await callWith(envs.split, 'GET', `/v1/sites/demo/articles/${article}/poll`, undefined, ipOf(3_999));
    expect(poll.body.total).toBe(2_000);
    expect(pollCounts(poll.body)).toEqual(expected);
    const mover = await callWith(envs.split, 'GET', `/v1/sites/demo/articles/${article}/poll?reader=${movers[0]!.token}`, undefined, movers[0]!.ip);
    expect(mover.body.choice).toBe('terganggu');

    const totals = await d1Totals(articleId);
    // Every first vote is a cast, and so is every real change (a mover already on `terganggu` changed nothing).
    const changes = movers.filter((reader) => reader.reaction !== 'terganggu').length;
    expect(totals).toEqual({ counts: expected, voteCount: 2_000, hourly: expected, daily: expected, hourlyCasts: 2_000 + changes });
  }, 120_000);

  it('keep the exact counts of an article voted on in D1 before the upgrade, and move its readers\' votes rather than add them', async () => {
    const article = 'before-upgrade';
    const readers = Array.from({ length: 30 }, (_, i) => ({ token: readerToken(), ip: ipOf(3_000 + i), reaction: KEYS[i % 3]! }));
    for (const reader of readers) {
      const answer = await callWith(envs.direct, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: reader.token, reaction: reader.reaction }, reader.ip);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
    const articleId = await articleIdOf(article);
    const choices = new Map(readers.map((reader) => [reader.token, reader.reaction]));
    const before = await d1Totals(articleId);
    expect(before.counts).toEqual(tallyOf(choices));

    // First touch through the object: the same counts.
    const first = await callWith(envs.split, 'GET', `/v1/sites/demo/articles/${article}/poll`, undefined, ipOf(3_999));
    expect(pollCounts(first.body)).toEqual(tallyOf(choices));
    // A restart right after the move does not move anything twice.
    await abortAllDurableObjects();
    const again = await callWith(envs.split, 'GET', `/v1/sites/demo/articles/${article}/poll?reader=${readers[0]!.token}`, undefined, readers[0]!.ip);
    expect(again.body.choice).toBe(readers[0]!.reaction);
    expect(again.body.total).toBe(30);

    // Old readers change their reaction (still one vote each), new readers add theirs; the article splits meanwhile.
    for (const reader of readers.slice(0, 10)) {
      const answer = await callWith(envs.split, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: reader.token, reaction: 'terhibur' }, reader.ip);
      expect(answer.body.choice).toBe('terhibur');
      choices.set(reader.token, 'terhibur');
    }
    for (let i = 0; i < 5; i++) {
      const token = readerToken();
      const answer = await callWith(envs.split, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: token, reaction: 'cemas' }, ipOf(3_100 + i));
      expect(answer.status).toBe(200);
      choices.set(token, 'cemas');
    }
    await settle(articleId, 4);
    const expected = tallyOf(choices);
    const poll = await callWith(envs.split, 'GET', `/v1/sites/demo/articles/${article}/poll`, undefined, ipOf(3_999));
    expect(pollCounts(poll.body)).toEqual(expected);
    expect(poll.body.total).toBe(35);
    const after = await d1Totals(articleId);
    expect(after.counts).toEqual(expected);
    expect(after.voteCount).toBe(35);
    expect(after.hourly).toEqual(expected);
    expect(after.daily).toEqual(expected);
  });

  it('apply a roll-up flush to D1 once, however often it is sent, and never one that skips a number', async () => {
    await call('PUT', '/v1/sites/demo/articles/flush-twice/vote', { reader: readerToken(), reaction: 'senang' });
    const articleId = await articleIdOf('flush-twice');
    const d1 = d1Db(env.DB);
    const sedih = async () => (await db.all<{ count: number }>(sql`SELECT count FROM reaction_counts WHERE article_id = ${articleId} AND reaction_key = 'sedih'`))[0]?.count ?? 0;
    const send = (seq: number, attempt: string) =>
      d1.batch(
        flushStatements(d1, {
          object: 'test:flush-twice',
          siteId: 'demo',
          articleId,
          shard: 0,
          flush: { seq, rows: [{ kind: 'count', reaction: 'sedih', bucket: 0, delta: 3, casts: 0 }] },
          attempt,
          now: 1,
        }),
      );
    await send(2, 'too-early');
    expect(await sedih()).toBe(0);
    for (const attempt of ['first', 'retry', 'again']) await send(1, attempt);
    expect(await sedih()).toBe(3);
    await send(3, 'gap');
    expect(await sedih()).toBe(3);
    await send(2, 'next');
    expect(await sedih()).toBe(6);
  });

  it("date an article's first vote by the first flush that brings votes, and keep that date (the closing schedule counts from it)", async () => {
    const [article] = await db.all<{ id: number }>(sql`INSERT INTO articles (site_id, external_id) VALUES ('demo', 'first-vote-flush') RETURNING id`);
    const d1 = d1Db(env.DB);
    const send = (seq: number, delta: number, now: number) =>
      d1.batch(
        flushStatements(d1, {
          object: 'test:first-vote-flush',
          siteId: 'demo',
          articleId: article!.id,
          shard: 0,
          flush: { seq, rows: delta === 0 ? [] : [{ kind: 'count', reaction: 'senang', bucket: 0, delta, casts: 0 }] },
          attempt: `attempt-${seq}`,
          now,
        }),
      );
    const firstVoteAt = async () => (await db.all<{ at: number | null }>(sql`SELECT first_vote_at AS at FROM articles WHERE id = ${article!.id}`))[0]!.at;
    await send(1, 0, 1_000);
    expect(await firstVoteAt()).toBeNull();
    await send(2, 2, 2_000);
    expect(await firstVoteAt()).toBe(2_000);
    await send(3, 1, 3_000);
    expect(await firstVoteAt()).toBe(2_000);
  });

  it('run a batch on the object as one transaction: a failing statement undoes the others', async () => {
    const [row] = await db.all<{ id: number }>(sql`SELECT id FROM articles LIMIT 1`);
    await runInDurableObject(shardStub(row?.id ?? 999_999, 7), async (_instance, state) => {
      const objectDb = durableDb(state.storage);
      await expect(
        objectDb.batch([
          objectDb.run(sql`INSERT INTO poll_state (key, value) VALUES ('probe', '1')`),
          objectDb.run(sql`INSERT INTO no_such_table VALUES (1)`),
        ]),
      ).rejects.toThrow();
      expect(await objectDb.all(sql`SELECT * FROM poll_state WHERE key = 'probe'`)).toEqual([]);
    });
  });
});

describe('live tallies over a WebSocket', () => {
  async function open(article: string): Promise<{ socket: WebSocket; messages: unknown[] }> {
    const response = await worker.fetch(
      new Request(`https://tanggap.test/v1/sites/demo/articles/${article}/live`, {
        headers: { upgrade: 'websocket', 'cf-connecting-ip': '203.0.113.7' },
      }) as Request<unknown, IncomingRequestCfProperties>,
      envs.split,
      createExecutionContext(),
    );
    expect(response.status).toBe(101);
    const socket = response.webSocket!;
    const messages: unknown[] = [];
    socket.addEventListener('message', (event) => messages.push(JSON.parse(event.data as string)));
    socket.accept();
    return { socket, messages };
  }

  async function nextMessage(messages: unknown[], count: number): Promise<void> {
    for (let i = 0; i < 200 && messages.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  it('sends the tally at once, then the new tally after votes on any shard, in the poll\'s reaction order', async () => {
    const article = 'live-1';
    await callWith(envs.split, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: readerToken(), reaction: 'sedih' }, ipOf(5_000));
    const articleId = await articleIdOf(article);
    await settle(articleId, 4);
    const { socket, messages } = await open(article);
    await nextMessage(messages, 1);
    const zero = Object.fromEntries(KEYS.map((key) => [key, 0]));
    expect(messages[0]).toEqual({ total: 1, counts: { ...zero, sedih: 1 } });
    expect(Object.keys((messages[0] as { counts: object }).counts)).toEqual(KEYS);

    for (let i = 0; i < 12; i++) {
      await callWith(envs.split, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: readerToken(), reaction: 'senang' }, ipOf(5_001 + i));
    }
    expect((await votesPerShard(articleId, 4)).filter((n) => n > 0).length).toBeGreaterThan(1);
    await settle(articleId, 4);
    await nextMessage(messages, 2);
    expect(messages.at(-1)).toEqual({ total: 13, counts: { ...zero, sedih: 1, senang: 12 } });
    socket.close(1000);
  });

  it('refuses an unknown article or a malformed one with the usual error envelope', async () => {
    const unknown = await call('GET', '/v1/sites/demo/articles/never-seen/live', undefined, { upgrade: 'websocket' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const malformed = await call('GET', `/v1/sites/demo/articles/${'x'.repeat(300)}/live`, undefined, { upgrade: 'websocket' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('article');
  });

  it('ignores what a subscriber sends and keeps the counts as they were', async () => {
    const article = 'live-2';
    await callWith(envs.split, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: readerToken(), reaction: 'marah' }, ipOf(6_000));
    const { socket, messages } = await open(article);
    await nextMessage(messages, 1);
    socket.send(JSON.stringify({ total: 999, counts: { marah: 999 } }));
    const poll = await call('GET', `/v1/sites/demo/articles/${article}/poll`);
    expect(poll.body.total).toBe(1);
    socket.close(1000);
  });

  it('tells the widget to follow over a WebSocket, and answers a plain GET with a readable 426', async () => {
    const article = 'live-3';
    await callWith(envs.split, 'PUT', `/v1/sites/demo/articles/${article}/vote`, { reader: readerToken(), reaction: 'senang' }, ipOf(7_000));
    expect((await call('GET', `/v1/sites/demo/articles/${article}/poll`)).body.live).toBe('ws');
    const plain = await call('GET', `/v1/sites/demo/articles/${article}/live`);
    expect(plain.status).toBe(426);
    expect(plain.body.error.code).toBe('upgrade_required');
  });
});

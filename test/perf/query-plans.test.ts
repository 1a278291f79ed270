import type { Client, InStatement } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libsqlDb } from '../../src/db/libsql';
import { openNodeDatabase } from '../../src/db/node';
import { PRUNE_EVERY } from '../../src/ratelimit/service';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { freshDb } from '../helpers/db';
import { keyHeader } from '../helpers/newsroom';

/**
 * Every statement a hot request runs must find its rows through an index: a full scan is
 * cheap on a test database and ruinous at 10M votes, so these tests read the plans rather
 * than the clock. Statements are recorded from real requests, so a new query on a hot path
 * is checked without anyone having to list it here.
 */
type Recorded = { sql: string; args: unknown[] };

let client: Client;
/**
 * EXPLAIN runs on a connection of its own: libsql leaves an `EXPLAIN QUERY PLAN INSERT …`
 * statement active after reading its plan, which would make the next COMMIT on the app's
 * connection fail with SQLITE_BUSY.
 */
let planner: Client;
let recorded: Recorded[] = [];
let t: TestApp;

function record(stmt: InStatement | string | [string, unknown[]?], args?: unknown): void {
  if (typeof stmt === 'string') recorded.push({ sql: stmt, args: (args as unknown[]) ?? [] });
  else if (Array.isArray(stmt)) recorded.push({ sql: stmt[0], args: stmt[1] ?? [] });
  else recorded.push({ sql: stmt.sql, args: (stmt.args as unknown[]) ?? [] });
}

beforeAll(async () => {
  let url: string;
  ({ client, url } = await freshDb());
  ({ client: planner } = await openNodeDatabase(url));
  afterAll(() => planner.close());
  const recording = new Proxy(client, {
    get(target, key, receiver) {
      if (key === 'execute') return (stmt: InStatement, args?: unknown) => (record(stmt, args), target.execute(stmt as never, args as never));
      if (key === 'batch') return (stmts: InStatement[], mode?: never) => (stmts.forEach((stmt) => record(stmt)), target.batch(stmts, mode));
      return Reflect.get(target, key, receiver);
    },
  });
  t = await testApp({ db: libsqlDb(recording) });
});

async function plan({ sql, args }: Recorded): Promise<string[]> {
  const result = await planner.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never });
  return result.rows.map((row) => String(row.detail));
}

/** The statements a request ran, minus transaction control. */
async function statementsOf(request: () => Promise<unknown>): Promise<Recorded[]> {
  recorded = [];
  await request();
  return recorded.filter(({ sql }) => !/^\s*(BEGIN|COMMIT|ROLLBACK|PRAGMA)\b/i.test(sql));
}

/**
 * Sorting without an index is acceptable only over sets with a small fixed bound: one site's
 * reactions (a handful, loaded once per site cache period).
 */
const boundedSorts = [/from "reactions" where "reactions"\."site_id" = \?/];

async function expectIndexed(statements: Recorded[]): Promise<void> {
  expect(statements.length).toBeGreaterThan(0);
  for (const statement of statements) {
    const details = await plan(statement);
    const sortIsBounded = boundedSorts.some((pattern) => pattern.test(statement.sql));
    // A subquery's or VALUES list's own rows may be scanned: what they read from tables is
    // on lines of its own, so a table scan anywhere still shows.
    const scans = details.filter(
      (detail) => /^SCAN (?!CONSTANT ROW|\d+ CONSTANT ROWS|\(subquery-\d+\))/.test(detail) || (/TEMP B-TREE/.test(detail) && !sortIsBounded),
    );
    expect({ sql: statement.sql.replace(/\s+/g, ' ').trim(), scans }).toEqual({ sql: statement.sql.replace(/\s+/g, ' ').trim(), scans: [] });
  }
}

const poll = '/v1/sites/demo/articles/plan-1/poll';
const vote = '/v1/sites/demo/articles/plan-1/vote';

describe('query plans of hot paths', () => {
  it('a first vote (article registration, reader keys, the vote batch) uses indexes only', async () => {
    await expectIndexed(await statementsOf(() => t.call('PUT', vote, { reader: readerToken(), reaction: 'senang', url: 'http://localhost/plan-1' })));
  });

  it('a vote on a known article and a change of vote use indexes only', async () => {
    const reader = readerToken();
    await expectIndexed(await statementsOf(() => t.call('PUT', vote, { reader, reaction: 'sedih' })));
    await expectIndexed(await statementsOf(() => t.call('PUT', vote, { reader, reaction: 'marah' })));
  });

  it('a vote that fills an article\'s missing section, author and publication time uses indexes only', async () => {
    await t.call('GET', '/v1/sites/demo/articles/plan-2/poll?url=http://localhost/plan-2');
    const statements = await statementsOf(() =>
      t.call('PUT', '/v1/sites/demo/articles/plan-2/vote', { reader: readerToken(), reaction: 'senang', section: 'Ekonomi', author: 'Siti', publishedAt: '2026-05-01T10:00:00+07:00' }),
    );
    expect(statements.some(({ sql }) => /UPDATE articles SET\s+section = coalesce/.test(sql))).toBe(true);
    await expectIndexed(statements);
  });

  it('a withdrawal uses indexes only', async () => {
    const reader = readerToken();
    await t.call('PUT', vote, { reader, reaction: 'cemas' });
    await expectIndexed(await statementsOf(() => t.call('DELETE', vote, { reader })));
  });

  it('a reader\'s poll read (the widget bootstrap) uses indexes only, cached tally or not', async () => {
    const reader = readerToken();
    await t.call('PUT', vote, { reader, reaction: 'senang' });
    await expectIndexed(await statementsOf(() => t.call('GET', `${poll}?reader=${reader}`)));
    await expectIndexed(await statementsOf(() => t.call('GET', `${poll}?reader=${reader}`)));
  });

  it('an anonymous poll read runs no statement at all once the tally is cached', async () => {
    await t.call('GET', poll);
    expect(await statementsOf(() => t.call('GET', poll))).toEqual([]);
  });

  it('the counter triggers a vote fires find their rows by primary key', async () => {
    const triggerStatements = [
      'UPDATE articles SET vote_count = vote_count + 1, first_vote_at = coalesce(first_vote_at, ?) WHERE id = ?',
      'UPDATE reaction_counts SET count = count - 1 WHERE article_id = ? AND reaction_key = ?',
      'SELECT site_id FROM articles WHERE id = ?',
      'INSERT INTO reaction_counts (article_id, reaction_key, count) VALUES (?, ?, 1) ON CONFLICT (article_id, reaction_key) DO UPDATE SET count = count + 1',
    ];
    await expectIndexed(triggerStatements.map((sql) => ({ sql, args: sql.split('?').slice(1).map(() => 1) })));
  });
});

describe('query plans of the comment paths', () => {
  const comments = '/v1/sites/demo/articles/plan-comments/comments';

  it('posting a comment and a reply (reader keys, checks, rate limits with pruning, the insert) uses indexes only', async () => {
    // Votes share the limiter, so the pruning admission (one in PRUNE_EVERY) may be a later comment.
    const prunes = (statements: { sql: string }[]) => statements.some(({ sql }) => /^DELETE FROM rate_limits/.test(sql));
    let first = await statementsOf(() =>
      t.call('POST', comments, { reader: readerToken(), name: 'Budi', body: 'Rencana yang masuk akal.', elapsedMs: 30_000 }, { 'x-test-ip': '198.51.100.20' }),
    );
    for (let i = 0; !prunes(first) && i < PRUNE_EVERY; i++) {
      first = await statementsOf(() =>
        t.call('POST', comments, { reader: readerToken(), name: 'Budi', body: `Rencana nomor ${i}.`, elapsedMs: 30_000 }, { 'x-test-ip': `198.51.100.${100 + i}` }),
      );
    }
    expect(first.map(({ sql }) => sql)).toContainEqual(expect.stringMatching(/^DELETE FROM rate_limits/));
    await expectIndexed(first);
    const parentId = (await t.call('GET', comments)).body.comments[0].id;
    await expectIndexed(
      await statementsOf(() =>
        t.call('POST', comments, { reader: readerToken(), name: 'Sari', body: 'Setuju.', parentId, elapsedMs: 30_000 }, { 'x-test-ip': '198.51.100.21' }),
      ),
    );
  });

  it("listing a page, anonymous or for a reader, and a thread's replies use indexes only", async () => {
    const reader = readerToken();
    await t.call('POST', comments, { reader, name: 'Budi', body: 'Satu lagi untuk halaman.', elapsedMs: 30_000 }, { 'x-test-ip': '198.51.100.22' });
    for (const sort of ['newest', 'oldest', 'top']) {
      await expectIndexed(await statementsOf(() => t.call('GET', `${comments}?sort=${sort}&limit=1`)));
      await expectIndexed(await statementsOf(() => t.call('GET', `${comments}?sort=${sort}&reader=${reader}`)));
    }
    const page = (await t.call('GET', `${comments}?limit=1`)).body;
    await expectIndexed(await statementsOf(() => t.call('GET', `${comments}?limit=1&cursor=${page.nextCursor}`)));
    const threadId = page.comments[0].id;
    await expectIndexed(await statementsOf(() => t.call('GET', `/v1/sites/demo/comments/${threadId}/replies`)));
  });

  it("a comment whose hold the author's trust level decides reads it through the author's own index, never the instance's approved comments", async () => {
    const statements = await statementsOf(() =>
      t.call('POST', comments, { reader: readerToken(), name: 'Budi', body: 'dasar a n j 1 n g', elapsedMs: 30_000 }, { 'x-test-ip': '198.51.100.30' }),
    );
    expect(statements.some(({ sql }) => /reader_trust/.test(sql))).toBe(true);
    await expectIndexed(statements);
    const details = (await Promise.all(statements.map(plan))).flat();
    expect(details.filter((detail) => /comments_status_created/.test(detail))).toEqual([]);
    expect(details).toContainEqual(expect.stringMatching(/USING (COVERING )?INDEX comments_reader/));
  });

  it("picking and unpicking an editor's pick, and the first page that shows it, use indexes only", async () => {
    const moderator = await keyHeader(t.db, 'demo', 'moderator');
    const id = (await t.call('GET', comments)).body.comments[0].id;
    const statuses: number[] = [];
    const answered = (request: Promise<{ status: number }>) => request.then(({ status }) => statuses.push(status));
    await expectIndexed(await statementsOf(() => answered(t.call('POST', '/v1/newsroom/sites/demo/moderation/picks', { commentId: id }, moderator))));
    await expectIndexed(await statementsOf(() => answered(t.call('GET', comments))));
    await expectIndexed(await statementsOf(() => answered(t.call('DELETE', `/v1/newsroom/sites/demo/moderation/picks/${id}`, undefined, moderator))));
    expect(statuses).toEqual([200, 200, 200]);
  });

  it('liking a comment uses indexes only', async () => {
    const id = (await t.call('GET', comments)).body.comments[0].id;
    await expectIndexed(await statementsOf(() => t.call('PUT', `/v1/sites/demo/comments/${id}/like`, { reader: readerToken() })));
  });
});

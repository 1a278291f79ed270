import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchItem, Db } from '../../src/db/client';
import { groupCommit } from '../../src/db/group-commit';
import { articles, commentLikes, comments, rateLimits, reactionCounts, reactions, sites, votes, webhooks } from '../../src/db/schema';
import { loggableError } from '../../src/lib/log';
import { invariantViolations } from './invariants';

/** Why `work` was refused, as the app's error handler would log it (driver reason included). */
async function refusal(work: PromiseLike<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return loggableError(error).error;
  }
  throw new Error('expected the database to refuse this, and it did not');
}

/**
 * The storage contract: what Tanggap's services rely on from a `Db`, checked the same way on
 * every client it ships with (the embedded file client, `@libsql/client` on a file, Turso over
 * HTTP, D1). Each instantiation opens its own client on a migrated database (the real schema,
 * with its counter triggers and foreign keys) and these checks run against it unchanged.
 *
 * What services depend on, and so what is checked:
 * - `db.batch` is one transaction: a failing statement undoes the statements before it, and
 *   the connection is usable afterwards (writes are batches, never interactive transactions);
 * - statements of a batch see each other's effects, including `changes()` of the previous one
 *   (rate admission and the comment insert are conditioned on it);
 * - counters kept by triggers move in the same statement as their rows, and not at all when
 *   the batch fails;
 * - foreign keys hold: no row can point nowhere, and deleting a parent deletes its children;
 * - a constraint failure rejects with an error naming the constraint, which the app's error
 *   handler can log without the statement's parameters;
 * - `RETURNING` and query builders give back mapped values (JSON and boolean columns), in and
 *   out of a batch, and raw SQL rows come back keyed by their aliases;
 * - concurrent batches do not interleave: each sees the database as if it ran alone, so group
 *   commit can merge them and re-run them one by one when a merged group fails;
 * - a batch of hundreds of statements, and a multi-row insert with nearly as many bound
 *   parameters as D1 allows in one statement (99 of 100), both work.
 */
export function storageContract(name: string, open: () => Promise<Db>): void {
  describe(`storage contract: ${name}`, () => {
    let db: Db;
    let siteId: string;
    const tag = crypto.randomUUID().slice(0, 8);
    let sequence = 0;
    const fresh = (prefix: string) => `${prefix}-${tag}-${sequence++}`;
    const newArticle = async () => {
      const [row] = await db.insert(articles).values({ siteId, externalId: fresh('article') }).returning({ id: articles.id });
      return row!.id;
    };
    const articleCount = async (externalId: string) =>
      (await db.select({ id: articles.id }).from(articles).where(and(eq(articles.siteId, siteId), eq(articles.externalId, externalId)))).length;

    beforeAll(async () => {
      db = await open();
      siteId = fresh('site');
      await db.insert(sites).values({ id: siteId, name: 'Contract', origins: ['https://news.example'] });
      await db.insert(reactions).values(['a', 'b', 'c'].map((key, position) => ({ siteId, key, labels: { id: key, en: key }, emoji: '🙂', position })));
    });

    it('runs a batch as one transaction: a failing statement undoes the ones before it', async () => {
      const kept = fresh('kept');
      const undone = [fresh('undone'), fresh('undone')];
      await db.insert(articles).values({ siteId, externalId: kept });
      expect(
        await refusal(
          db.batch([
            db.insert(articles).values({ siteId, externalId: undone[0]! }),
            db.run(sql`INSERT INTO articles (site_id, external_id) VALUES (${siteId}, ${undone[1]!})`),
            db.insert(articles).values({ siteId, externalId: kept }),
          ]),
        ),
      ).toMatch(/UNIQUE constraint failed/);
      expect(await articleCount(undone[0]!)).toBe(0);
      expect(await articleCount(undone[1]!)).toBe(0);
      expect(await articleCount(kept)).toBe(1);
      // Not left inside the failed transaction: the next batch commits and others see it.
      const after = fresh('after');
      await db.batch([db.insert(articles).values({ siteId, externalId: after })]);
      expect(await articleCount(after)).toBe(1);
    });

    it('lets each statement of a batch see the ones before it, changes() included', async () => {
      const key = fresh('admit');
      const admitOnce = () =>
        db.batch([
          db.run(sql`INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, 0, 1) ON CONFLICT DO NOTHING`),
          db.all<{ key: string }>(sql`INSERT INTO rate_limits (key, window_start, count) SELECT ${key}, 1, 1 WHERE changes() = 1
            ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING key`),
          db.select({ windowStart: rateLimits.windowStart, count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.key, key)),
        ]);
      const [, admitted, rows] = await admitOnce();
      expect(admitted).toEqual([{ key }]);
      expect(rows).toEqual([{ windowStart: 0, count: 1 }, { windowStart: 1, count: 1 }]);
      const [, again, unchanged] = await admitOnce();
      expect(again).toEqual([]);
      expect(unchanged).toEqual(rows);
    });

    it('moves trigger-kept counters with their rows, and not at all when the batch fails', async () => {
      const articleId = await newArticle();
      const voters = [fresh('reader'), fresh('reader'), fresh('reader')];
      const tally = async () => {
        const counts = await db.select({ key: reactionCounts.reactionKey, count: reactionCounts.count }).from(reactionCounts).where(eq(reactionCounts.articleId, articleId));
        const [article] = await db.select({ votes: articles.voteCount, comments: articles.commentCount }).from(articles).where(eq(articles.id, articleId));
        return { counts: Object.fromEntries(counts.map((row) => [row.key, row.count])), ...article };
      };
      await db.batch([
        db.insert(votes).values({ articleId, readerHash: voters[0]!, reactionKey: 'a' }),
        db.run(sql`INSERT INTO votes (article_id, reader_hash, reaction_key) VALUES (${articleId}, ${voters[1]!}, 'a')`),
        db.insert(votes).values({ articleId, readerHash: voters[2]!, reactionKey: 'b' }),
      ]);
      expect(await tally()).toMatchObject({ counts: { a: 2, b: 1 }, votes: 3 });

      await db.update(votes).set({ reactionKey: 'b' }).where(and(eq(votes.articleId, articleId), eq(votes.readerHash, voters[0]!)));
      await db.delete(votes).where(and(eq(votes.articleId, articleId), eq(votes.readerHash, voters[1]!)));
      expect(await tally()).toMatchObject({ counts: { a: 0, b: 2 }, votes: 2 });

      expect(
        await refusal(
          db.batch([
            db.insert(votes).values({ articleId, readerHash: fresh('reader'), reactionKey: 'a' }),
            db.delete(votes).where(eq(votes.articleId, articleId)),
            db.insert(votes).values({ articleId, readerHash: voters[2]!, reactionKey: 'c' }),
            db.insert(votes).values({ articleId, readerHash: voters[2]!, reactionKey: 'c' }),
          ]),
        ),
      ).toMatch(/UNIQUE constraint failed/);
      expect(await tally()).toMatchObject({ counts: { a: 0, b: 2 }, votes: 2 });

      const [comment] = await db.insert(comments).values({ articleId, readerHash: voters[0]!, authorName: 'Ana', body: 'Setuju.' }).returning({ id: comments.id });
      await db.insert(commentLikes).values({ commentId: comment!.id, readerHash: voters[1]! });
      const [liked] = await db.select({ likes: comments.likeCount }).from(comments).where(eq(comments.id, comment!.id));
      expect(liked).toEqual({ likes: 1 });
      expect(await tally()).toMatchObject({ comments: 1 });
      await db.update(comments).set({ status: 'rejected' }).where(eq(comments.id, comment!.id));
      expect(await tally()).toMatchObject({ comments: 0 });
      expect(await invariantViolations(db)).toEqual([]);
    });

    it('enforces foreign keys: refuses a row that points nowhere, and deleting a parent deletes its children', async () => {
      expect(await refusal(db.insert(commentLikes).values({ commentId: 2_000_000_000, readerHash: fresh('reader') }))).toMatch(
        /FOREIGN KEY constraint failed/,
      );
      const articleId = await newArticle();
      const [comment] = await db.insert(comments).values({ articleId, readerHash: fresh('reader'), authorName: 'Budi', body: 'Hapus saya.' }).returning({ id: comments.id });
      await db.insert(commentLikes).values({ commentId: comment!.id, readerHash: fresh('reader') });
      await db.run(sql`DELETE FROM comments WHERE id = ${comment!.id}`);
      expect(await db.select().from(commentLikes).where(eq(commentLikes.commentId, comment!.id))).toEqual([]);
      expect(await invariantViolations(db)).toEqual([]);
    });

    it('rejects a constraint failure with an error the app logs by constraint, never by parameter', async () => {
      const secretValue = fresh('do-not-log');
      const [hook] = await db.insert(webhooks).values({ siteId, url: 'https://hooks.example/a', secret: secretValue, events: ['vote.cast'] }).returning({ id: webhooks.id });
      const alone = refusal(db.insert(webhooks).values({ id: hook!.id, siteId, url: 'https://hooks.example/b', secret: secretValue, events: [] }));
      const inBatch = refusal(
        db.batch([db.run(sql`INSERT INTO webhooks (id, site_id, url, secret, events) VALUES (${hook!.id}, ${siteId}, 'https://hooks.example/c', ${secretValue}, '[]')`)]),
      );
      for (const logged of [await alone, await inBatch]) {
        expect(logged).toMatch(/UNIQUE constraint failed: webhooks\.id/);
        expect(logged).not.toContain(secretValue);
      }
    });

    it('returns values through RETURNING and query builders, mapped, in and out of a batch', async () => {
      const [created] = await db
        .insert(webhooks)
        .values({ siteId, url: 'https://hooks.example/r', secret: 's', events: ['comment.posted', 'vote.cast'] })
        .returning();
      expect(created).toMatchObject({ siteId, url: 'https://hooks.example/r', events: ['comment.posted', 'vote.cast'], active: true });
      expect(typeof created!.id).toBe('number');
      expect(typeof created!.createdAt).toBe('number');

      const externalId = fresh('returning');
      const [inserted, updated, none, raw, deleted] = await db.batch([
        db.insert(articles).values({ siteId, externalId, title: 'Judul — “kutip” 🙂' }).returning({ id: articles.id, pollOpen: articles.pollOpen }),
        db.update(articles).set({ pollOpen: false }).where(and(eq(articles.siteId, siteId), eq(articles.externalId, externalId))).returning({ title: articles.title, pollOpen: articles.pollOpen }),
        db.update(webhooks).set({ active: false }).where(eq(webhooks.id, -1)).returning({ id: webhooks.id }),
        db.all<{ externalId: string; closed: number; missing: null }>(
          sql`SELECT external_id AS externalId, 1 - poll_open AS closed, NULL AS missing FROM articles WHERE site_id = ${siteId} AND external_id = ${externalId}`,
        ),
        db.delete(webhooks).where(eq(webhooks.id, created!.id)).returning({ events: webhooks.events }),
      ]);
      expect(inserted).toEqual([{ id: expect.any(Number), pollOpen: true }]);
      expect(updated).toEqual([{ title: 'Judul — “kutip” 🙂', pollOpen: false }]);
      expect(none).toEqual([]);
      expect(raw).toEqual([{ externalId, closed: 1, missing: null }]);
      expect(deleted).toEqual([{ events: ['comment.posted', 'vote.cast'] }]);
    });

    it('runs concurrent batches one after another, never interleaved', async () => {
      const key = fresh('concurrent');
      const writers = 24;
      const seen = await Promise.all(
        Array.from({ length: writers }, () =>
          db.batch([
            db.insert(rateLimits).values({ key, windowStart: 0, count: 1 }).onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } }),
            db.select({ count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.key, key)),
          ]),
        ),
      );
      // Each batch read the count its own write made: all distinct, 1..N.
      expect(seen.map(([, [row]]) => row!.count).sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, i) => i + 1));
    });

    it('carries group commit: requests merged into one batch get their own results, and a failing one fails alone', async () => {
      const writer = groupCommit(db);
      const key = fresh('group');
      const windows = () => db.select({ windowStart: rateLimits.windowStart }).from(rateLimits).where(eq(rateLimits.key, key)).orderBy(rateLimits.windowStart);
      const outcomes = await Promise.allSettled([
        writer.batch([db.insert(rateLimits).values({ key, windowStart: 1, count: 1 }), windows()]),
        writer.batch([db.insert(rateLimits).values({ key, windowStart: 2, count: 1 }), db.insert(rateLimits).values({ key, windowStart: 1, count: 9 })]),
        writer.batch([db.insert(rateLimits).values({ key, windowStart: 3, count: 1 }), windows()]),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const [first, , third] = outcomes as PromiseFulfilledResult<[unknown, { windowStart: number }[]]>[];
      expect(first!.value[1]).toEqual([{ windowStart: 1 }]);
      expect(third!.value[1]).toEqual([{ windowStart: 1 }, { windowStart: 3 }]);
      expect(await windows()).toEqual([{ windowStart: 1 }, { windowStart: 3 }]);
    });

    it('takes a batch of hundreds of statements and a multi-row insert of 99 bound parameters', async () => {
      const articleId = await newArticle();
      const statements: BatchItem[] = Array.from({ length: 300 }, (_, i) => db.insert(votes).values({ articleId, readerHash: `${tag}-bulk-${i}`, reactionKey: i % 2 ? 'a' : 'b' }));
      await db.batch(statements as [BatchItem, ...BatchItem[]]);
      // Three columns a row: 33 rows bind 99 parameters, under D1's cap of 100 per statement.
      const rows = Array.from({ length: 33 }, (_, i) => ({ key: fresh('multi'), windowStart: i, count: i }));
      await db.insert(rateLimits).values(rows);
      const [counted] = await db.all<{ votes: number; counted: number }>(
        sql`SELECT vote_count AS votes, (SELECT sum(count) FROM reaction_counts WHERE article_id = ${articleId}) AS counted FROM articles WHERE id = ${articleId}`,
      );
      expect(counted).toEqual({ votes: 300, counted: 300 });
      const stored = await db.select({ count: rateLimits.count }).from(rateLimits).where(sql`${rateLimits.key} LIKE ${`multi-${tag}-%`}`);
      expect(stored.map((row) => row.count).sort((a, b) => a - b)).toEqual(rows.map((row) => row.count));
    });
  });
}

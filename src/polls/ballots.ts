import { sql } from 'drizzle-orm';
import { closingColumns } from '../articles/closing';
import type { Db } from '../db/client';
import { appCache, articleSubject, cacheKey } from '../lib/cache';
import { claimProof } from '../ratelimit/service';
import { type Ballots, type ReaderVote, storedReaderVotes, storedVotesErasure, type TallyRow } from '../reactions/service';
import type { LiveTallies } from './live';
import type { ArticlePoll, PollAnswer, PollArticle } from './article-poll';
import { pollObjectName, shardOf, type ShardPolicy } from './shards';

/** Objects a reader's export, erasure or a site's deletion calls at once, at most. */
const FAN_OUT = 20;

/** Runs `task` on every item, `FAN_OUT` at a time, and returns the results in order. */
async function fanOut<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let from = 0; from < items.length; from += FAN_OUT) results.push(...(await Promise.all(items.slice(from, from + FAN_OUT).map(task))));
  return results;
}

/** A D1 row of `poll_readers` with what the object needs to know about its article. */
type Membership = { articleId: number; shard: number; siteId: string; externalId: string };

/** The objects (article and shard) D1 knows hold a vote of the reader: reported in their roll-ups. */
function memberships(db: Db, readerHash: string) {
  return db.all<Membership>(sql`SELECT p.article_id AS articleId, p.shard, a.site_id AS siteId, a.external_id AS externalId
    FROM poll_readers p JOIN articles a ON a.id = p.article_id WHERE p.reader_hash = ${readerHash}`);
}

/** The article's state as D1 has it; the object keeps votes, D1 keeps the article. */
type ArticleState = { siteId: string; commentsOpen: number; commentsKeptOpen: number; firstVoteAt: number | null; commentCount: number };

/**
 * Reads an article's state from D1, through the app cache, which every write to the article
 * ends in this isolate (other isolates within the cache's lifetime). Whether the poll is open
 * is not part of it: the object holds that (see `PollArticle`), so a vote reads nothing here
 * while the cache holds the article.
 */
function articleStates(db: Db) {
  const cache = appCache(db);
  return async (articleId: number): Promise<ArticleState | undefined> => {
    const key = cacheKey({ kind: 'poll-article', siteId: '', article: String(articleId) });
    const cached = cache.get<ArticleState>(key);
    if (cached) return cached;
    const ticket = cache.ticket();
    const [row] = await db.all<ArticleState>(sql`
      SELECT site_id AS siteId, ${closingColumns('articles')}, comment_count AS commentCount
      FROM articles WHERE id = ${articleId}`);
    if (row) cache.set(key, row, { subject: articleSubject(articleId), ticket });
    return row;
  };
}

/**
 * Votes in `ArticlePoll` objects (Workers with the `ARTICLE_POLL` binding). The Worker has
 * already validated the request and derived the keyed hashes; here it picks the object and
 * calls it over RPC. D1 still owns the article: its comment state comes from D1 (see
 * `articleStates`), and the tally row the service sees is the object's (poll open, counts,
 * choice) with D1's comment state.
 */
export function objectBallots({ namespace, db, policy }: { namespace: DurableObjectNamespace<ArticlePoll>; db: Db; policy: ShardPolicy }): Ballots {
  const cache = appCache(db);
  const shardsKey = (articleId: number) => cacheKey({ kind: 'poll-shards', siteId: '', article: String(articleId) });
  const articleState = articleStates(db);
  /**
   * The object for a reader (their shard, as far as this isolate knows the article's shard
   * count; an object that knows better forwards) or, without one, the coordinator.
   */
  function target(state: ArticleState, articleId: number, readerHash: string | null) {
    const shards = cache.get<number>(shardsKey(articleId)) ?? 1;
    const shard = readerHash === null ? 0 : shardOf(readerHash, shards);
    const article: PollArticle = { siteId: state.siteId, articleId, shard };
    return { article, stub: namespace.getByName(pollObjectName(articleId, shard)) };
  }

  /** D1's article state with the object's counts and choice; remembers the article's shard count. */
  function answer(state: ArticleState, articleId: number, reply: PollAnswer): TallyRow | undefined {
    if (reply.shards > 1) cache.set(shardsKey(articleId), reply.shards);
    if (!reply.tally) return undefined;
    const { commentsOpen, commentsKeptOpen, firstVoteAt, commentCount } = state;
    return { ...reply.tally, commentsOpen, commentsKeptOpen, firstVoteAt, commentCount };
  }

  /** The object holding a membership's votes, and its article as the object is told it. */
  function member(row: Membership) {
    const article: PollArticle = { siteId: row.siteId, articleId: row.articleId, shard: row.shard };
    return { article, stub: namespace.getByName(pollObjectName(row.articleId, row.shard)) };
  }

  return {
    async cast(ballot) {
      // The object records a proof as spent only in its own SQLite, so D1 is told first: one
      // proof admits one vote in the whole deployment, not one per article.
      const [state, proofUnspent] = await Promise.all([
        articleState(ballot.articleId),
        ballot.proofId === null ? false : claimProof(db, ballot.proofId, ballot.now),
      ]);
      if (!state) throw new Error(`article ${ballot.articleId} is not in D1`);
      const { article, stub } = target(state, ballot.articleId, ballot.readerHash);
      const reply = await stub.cast(article, policy, proofUnspent ? ballot : { ...ballot, proofId: null });
      return { previous: reply.previous, tally: answer(state, ballot.articleId, reply), outcome: reply.outcome! };
    },
    async withdraw({ articleId, readerHash }) {
      const state = await articleState(articleId);
      if (!state) return { withdrawn: [], tally: undefined };
      const { article, stub } = target(state, articleId, readerHash);
      const reply = await stub.withdraw(article, readerHash);
      return { withdrawn: reply.withdrawn, tally: answer(state, articleId, reply) };
    },
    async read(articleId, readerHash) {
      const state = await articleState(articleId);
      if (!state) return undefined;
      const { article, stub } = target(state, articleId, readerHash);
      return answer(state, articleId, await stub.read(article, readerHash));
    },
    async choice(articleId, readerHash) {
      return (await this.read(articleId, readerHash))?.choice ?? null;
    },
    /**
     * D1's votes (articles never moved) and the votes of every object D1's `poll_readers`
     * names. A vote cast in the last few seconds shows once its object's roll-up reported it.
     */
    async exportReader(readerHash) {
      const [stored, rows] = await db.batch([storedReaderVotes(db, readerHash), memberships(db, readerHash)]);
      const held = await fanOut(rows, async (row) => {
        const { article, stub } = member(row);
        const votes = await stub.readerVotes(article, readerHash);
        return votes.map((vote): ReaderVote => ({ site: row.siteId, article: row.externalId, articleId: row.articleId, ...vote }));
      });
      return [...stored, ...held.flat()].sort((a, b) => a.createdAt - b.createdAt || a.articleId - b.articleId);
    },
    /**
     * Records the erasure in D1 (`reader_erasures`), deletes D1's votes, then the votes of
     * every object `poll_readers` names, then those rows. A vote no roll-up reported yet is
     * deleted by the object when its flush reports it and finds the erasure (within seconds).
     */
    async eraseReader(readerHash, now) {
      const [, rows, [counted]] = await db.batch([
        db.run(sql`INSERT INTO reader_erasures (reader_hash, erased_at) VALUES (${readerHash}, ${now})
          ON CONFLICT (reader_hash) DO UPDATE SET erased_at = excluded.erased_at`),
        memberships(db, readerHash),
        ...storedVotesErasure(db, readerHash),
      ]);
      const erased = await fanOut(rows, (row) => {
        const { article, stub } = member(row);
        return stub.eraseReader(article, readerHash);
      });
      await db.run(sql`DELETE FROM poll_readers WHERE reader_hash = ${readerHash}`);
      return erased.reduce((sum, count) => sum + count, counted?.count ?? 0);
    },
    /** The coordinator reads the poll's new state from D1 and tells its shards (called for moved articles: others have no object yet). */
    async pollChanged(articleId) {
      const state = await articleState(articleId);
      if (state) await namespace.getByName(pollObjectName(articleId, 0)).pollChanged({ siteId: state.siteId, articleId, shard: 0 });
    },
    /** The site's moved articles are listed first; once D1 deleted the site, each one's objects are wiped. */
    async eraseSite(siteId, remove) {
      const moved = await db.all<{ id: number }>(sql`SELECT id FROM articles WHERE site_id = ${siteId} AND votes_moved = 1`);
      await remove();
      await fanOut(moved, ({ id }) => namespace.getByName(pollObjectName(id, 0)).wipe());
    },
  };
}

/**
 * Live sockets on article objects: the upgrade request goes to the article's coordinator
 * (shard 0), which all shards report to, with the article and the poll's reaction keys.
 */
export function objectLive({ namespace }: { namespace: DurableObjectNamespace<ArticlePoll> }): LiveTallies {
  return {
    async connect({ siteId, articleId, reactions, request }) {
      const article: PollArticle = { siteId, articleId, shard: 0 };
      const headers = new Headers({ upgrade: 'websocket', 'x-poll-article': JSON.stringify(article), 'x-poll-reactions': JSON.stringify(reactions) });
      const response = await namespace.getByName(pollObjectName(articleId, 0)).fetch(new Request(request.url, { headers }));
      // The object's response has immutable headers; the app's middleware adds its own.
      return new Response(response.body, { status: response.status, headers: response.headers, webSocket: response.webSocket });
    },
  };
}

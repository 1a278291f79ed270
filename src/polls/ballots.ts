import { sql } from 'drizzle-orm';
import { closingColumns } from '../articles/closing';
import type { Db } from '../db/client';
import { appCache, articleSubject, cacheKey } from '../lib/cache';
import type { Ballots, TallyRow } from '../reactions/service';
import type { LiveTallies } from './live';
import type { ArticlePoll, PollAnswer, PollArticle } from './article-poll';
import { pollObjectName, shardOf, type ShardPolicy } from './shards';

/** The article's state as D1 has it; the object keeps votes, D1 keeps the article. */
type ArticleState = { siteId: string; pollOpen: number; commentsOpen: number; commentsKeptOpen: number; firstVoteAt: number | null; commentCount: number };

/**
 * Reads an article's state from D1. Reads of the tally take it from the app cache, which every
 * write to the article ends in this isolate (other isolates within the cache's lifetime); a
 * vote reads it `fresh`, one indexed read, so a closed poll refuses the very next vote.
 */
function articleStates(db: Db) {
  const cache = appCache(db);
  return async (articleId: number, fresh = false): Promise<ArticleState | undefined> => {
    const key = cacheKey({ kind: 'poll-article', siteId: '', article: String(articleId) });
    const cached = fresh ? undefined : cache.get<ArticleState>(key);
    if (cached) return cached;
    const ticket = cache.ticket();
    const [row] = await db.all<ArticleState>(sql`
      SELECT site_id AS siteId, poll_open AS pollOpen, ${closingColumns('articles')}, comment_count AS commentCount
      FROM articles WHERE id = ${articleId}`);
    if (row) cache.set(key, row, { subject: articleSubject(articleId), ticket });
    return row;
  };
}

/**
 * Votes in `ArticlePoll` objects (Workers with the `ARTICLE_POLL` binding). The Worker has
 * already validated the request and derived the keyed hashes; here it picks the object and
 * calls it over RPC. D1 still owns the article: its state (poll open, comment count) comes
 * from D1 (see `articleStates`), and the tally row the service sees is D1's article state with
 * the object's counts and choice.
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
    const article: PollArticle = { siteId: state.siteId, articleId, shard, pollOpen: state.pollOpen === 1 };
    return { article, stub: namespace.getByName(pollObjectName(articleId, shard)) };
  }

  /** D1's article state with the object's counts and choice; remembers the article's shard count. */
  function answer(state: ArticleState, articleId: number, reply: PollAnswer): TallyRow | undefined {
    if (reply.shards > 1) cache.set(shardsKey(articleId), reply.shards);
    if (!reply.tally) return undefined;
    const { commentsOpen, commentsKeptOpen, firstVoteAt, commentCount } = state;
    return { ...reply.tally, commentsOpen, commentsKeptOpen, firstVoteAt, commentCount };
  }

  return {
    async cast(ballot) {
      const state = await articleState(ballot.articleId, true);
      if (!state) throw new Error(`article ${ballot.articleId} is not in D1`);
      const { article, stub } = target(state, ballot.articleId, ballot.readerHash);
      const reply = await stub.cast(article, policy, ballot);
      return { previous: reply.previous, tally: answer(state, ballot.articleId, reply), outcome: reply.outcome! };
    },
    async withdraw({ articleId, readerHash }) {
      const state = await articleState(articleId, true);
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
  };
}

/**
 * Live sockets on article objects: the upgrade request goes to the article's coordinator
 * (shard 0), which all shards report to, with the article and the poll's reaction keys.
 */
export function objectLive({ namespace, db }: { namespace: DurableObjectNamespace<ArticlePoll>; db: Db }): LiveTallies {
  const articleState = articleStates(db);
  return {
    async connect({ siteId, articleId, reactions, request }) {
      const state = await articleState(articleId);
      const article: PollArticle = { siteId, articleId, shard: 0, pollOpen: state?.pollOpen !== 0 };
      const headers = new Headers({ upgrade: 'websocket', 'x-poll-article': JSON.stringify(article), 'x-poll-reactions': JSON.stringify(reactions) });
      const response = await namespace.getByName(pollObjectName(articleId, 0)).fetch(new Request(request.url, { headers }));
      // The object's response has immutable headers; the app's middleware adds its own.
      return new Response(response.body, { status: response.status, headers: response.headers, webSocket: response.webSocket });
    },
  };
}

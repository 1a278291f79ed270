/**
 * How an article's votes are spread over `ArticlePoll` objects. Shard 0 is the article's
 * coordinator: it holds every vote until the article gets hot, the live subscribers, and the
 * other shards' latest counts. Shared by the Worker (to pick an object) and the objects (to
 * forward a vote that reached the wrong one), so both always agree.
 */

/** The object's name: one per article (its D1 id, never reused) and shard. */
export function pollObjectName(articleId: number, shard: number): string {
  return `article:${articleId}:shard:${shard}`;
}

/**
 * The shard a reader's votes live on once an article is split into `shards`: FNV-1a of the
 * reader hash, so it is stable for a reader and even across readers. (Readers who voted before
 * the split stay on shard 0; the objects see to that.)
 *
 * @example shardOf(readerHash, 1) === 0
 */
export function shardOf(readerHash: string, shards: number): number {
  if (shards <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < readerHash.length; i++) {
    hash ^= readerHash.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** When to split and into how many shards; from the Worker's configuration. */
export type ShardPolicy = {
  /** Shards a hot article is split into (1 turns sharding off). */
  shards: number;
  /** Votes per second on one article, measured by its coordinator, above which it splits. */
  splitAbove: number;
};

/** Counts per reaction key. */
export type Counts = Record<string, number>;

/** Adds `more` into `into` and returns it. */
export function addCounts(into: Counts, more: Counts): Counts {
  for (const [key, count] of Object.entries(more)) into[key] = (into[key] ?? 0) + count;
  return into;
}

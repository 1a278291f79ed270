import type { Db } from '../db/client';
import { perDb } from '../lib/ttl-cache';
import { WriteThroughCache } from '../lib/write-through-cache';

/**
 * How long an anonymous comment page may be served without a read when no write in this
 * process touched its article: the public pages' own `max-age`, so it adds no staleness a
 * shared cache would not. Writes through this process invalidate at once.
 */
const PAGE_TTL_MS = 5_000;

/**
 * The pages everyone sees (no reader), per article id and page (sort, cursor, size); see
 * WriteThroughCache for the invalidation rules. `invalidateAll` is for writes that touch
 * comments on articles nobody listed (a reader's erasure).
 */
export class CommentPageCache<Page> extends WriteThroughCache<Page> {
  constructor(ttlMs = PAGE_TTL_MS, maxArticles = 5_000) {
    super(ttlMs, maxArticles);
  }
}

/** One page cache per database handle. */
export const commentPages = perDb<Db, CommentPageCache<unknown>>(() => new CommentPageCache());

/** Call after any write that changes what an article's public comment pages show. */
export function invalidateCommentPages(db: Db, articleId: number): void {
  commentPages(db).invalidate(articleId);
}

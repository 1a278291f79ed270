import type { Db } from '../db/client';
import { perDb, TtlCache } from '../lib/ttl-cache';

/** Spread expiries over the last half of the TTL (see TtlCache). */
const EXPIRY_JITTER = 0.5;

/**
 * How long an anonymous comment page may be served without a read when no write in this
 * process touched its article: the public pages' own `max-age`, so it adds no staleness a
 * shared cache would not. Writes through this process invalidate at once.
 */
const PAGE_TTL_MS = 5_000;

type Entry<Page> = { pages: Map<string, Page>; invalidatedAt: number };

/**
 * A per-process cache of the pages everyone sees (no reader), per article, with write-through
 * invalidation. Like the tally cache, a read that started before a write cannot put its older
 * page back: `fill` is refused when the article was invalidated after the read's `ticket`.
 */
export class CommentPageCache<Page> {
  readonly #articles: TtlCache<number, Entry<Page>>;
  #writes = 0;
  #clearedAt = 0;

  constructor(ttlMs = PAGE_TTL_MS, maxArticles = 5_000) {
    this.#articles = new TtlCache(ttlMs, maxArticles, EXPIRY_JITTER);
  }

  get(articleId: number, key: string): Page | undefined {
    return this.#articles.get(articleId)?.pages.get(key);
  }

  ticket(): number {
    return this.#writes;
  }

  fill(articleId: number, key: string, ticket: number, page: Page): void {
    if (ticket < this.#clearedAt) return;
    const entry = this.#articles.get(articleId);
    if (entry && entry.invalidatedAt > ticket) return;
    if (entry) {
      entry.pages.set(key, page);
      return;
    }
    this.#articles.set(articleId, { pages: new Map([[key, page]]), invalidatedAt: 0 });
  }

  invalidate(articleId: number): void {
    this.#writes++;
    this.#articles.set(articleId, { pages: new Map(), invalidatedAt: this.#writes });
  }

  /** For writes that touch comments on articles nobody listed (a reader's erasure). */
  invalidateAll(): void {
    this.#clearedAt = ++this.#writes;
    this.#articles.clear();
  }
}

/** One page cache per database handle. */
export const commentPages = perDb<Db, CommentPageCache<unknown>>(() => new CommentPageCache());

/** Call after any write that changes what an article's public comment pages show. */
export function invalidateCommentPages(db: Db, articleId: number): void {
  commentPages(db).invalidate(articleId);
}

import { type SQL, sql } from 'drizzle-orm';
import { base64url } from '../lib/crypto';
import { AppError } from '../lib/errors';
import type { CommentSort } from './schemas';

/*
 * Keyset page cursors: opaque to clients, each names one index position, so a page is one range
 * scan and two cursors for the same position share a cache entry.
 */

function invalidCursor(): AppError {
  return new AppError(
    'invalid_input',
    { id: 'cursor tidak valid: pakai nilai nextCursor dari halaman sebelumnya.', en: 'Invalid cursor: use the nextCursor value of the previous page.' },
    { details: [{ path: 'cursor', message: 'must be a nextCursor value returned for the same sort' }] },
  );
}

export type Cursor = { sort: CommentSort | 'replies'; likes: number; id: number };

/** Opaque to clients: base64url of the sort and the last row's sort key, so a page is one index range. */
export function encodeCursor({ sort, likes, id }: Cursor): string {
  return base64url(new TextEncoder().encode(JSON.stringify([sort, likes, id])));
}

export function decodeCursor(cursor: string | undefined, sort: Cursor['sort']): Cursor | null {
  if (cursor === undefined) return null;
  try {
    const json = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const [cursorSort, likes, id] = JSON.parse(json) as unknown[];
    if (cursorSort !== sort || !Number.isSafeInteger(likes) || !Number.isSafeInteger(id)) throw invalidCursor();
    return { sort, likes: likes as number, id: id as number };
  } catch {
    throw invalidCursor();
  }
}

/**
 * Where a cursor points, as cache key parts: `newest` and `oldest` page by id alone, so two
 * cursors that differ only in likes name the same page.
 */
export function cursorPosition(sort: CommentSort, after: Cursor | null): (number | null)[] {
  return after === null ? [null, null] : [sort === 'top' ? after.likes : null, after.id];
}

/**
 * A page's position within the article's list, from the cursor a request carries, or null for
 * an invalid cursor: the replay (http/replay.ts) keys answers by this, before routing.
 */
export function pagePosition(sort: CommentSort, cursor: string | undefined): (number | null)[] | null {
  try {
    return cursorPosition(sort, decodeCursor(cursor, sort));
  } catch {
    return null;
  }
}

export function pageCondition(sort: CommentSort, after: Cursor | null): SQL {
  if (after === null) return sql`1`;
  if (sort === 'oldest') return sql`c.id > ${after.id}`;
  if (sort === 'newest') return sql`c.id < ${after.id}`;
  return sql`(c.like_count, c.id) < (${after.likes}, ${after.id})`;
}

export const pageOrder: Record<CommentSort, SQL> = {
  newest: sql`c.id DESC`,
  oldest: sql`c.id ASC`,
  top: sql`c.like_count DESC, c.id DESC`,
};

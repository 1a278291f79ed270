import { sql } from 'drizzle-orm';
import { type ClosingState, closingColumns, commentsClosesAt, commentsOpenAt, unregisteredClosing } from '../articles/closing';
import { findArticleId } from '../articles/service';
import { namedBatch } from '../db/batch';
import type { Db } from '../db/client';
import { appCache, articleSubject, cacheKey, serialize, type Serialized } from '../lib/cache';
import { limit } from '../ratelimit/service';
import { hashReaderToken } from '../readers/service';
import { loadSite, type Site } from '../sites/service';
import { type Cursor, cursorPosition, decodeCursor, encodeCursor, pageCondition, pageOrder } from './cursors';
import { commentColumns, type CommentList, commentNotFound, type CommentRow, type CommentView, toView } from './rows';
import { activeRules, agreedRulesVersion } from './rules';
import { type CommentSort, DEFAULT_PAGE_SIZE, INLINE_REPLIES, MAX_PICKS } from './schemas';

/*
 * Reading comments: an article's pages (the public one cached), the first replies of each thread,
 * and more replies of one thread.
 */

/** Own pending comments shown back to their author on the first page. */
const OWN_PENDING_LIMIT = 20;

type ListInput = {
  db: Db;
  secret: string;
  siteId: string;
  externalId: string;
  sort: CommentSort;
  cursor?: string | undefined;
  limit?: number | undefined;
  /** The request's time: whether comments are open is decided at it. */
  now: number;
};

/**
 * What the comment form needs beyond a name and a body: how commenters identify themselves,
 * where to sign in, the rules. Null for an anonymous site without rules, so the widget knows
 * at a glance that it needs nothing more (account.js).
 */
function commentForm(site: Site): CommentList['form'] {
  const rules = activeRules(site.settings);
  const identity = site.settings.commentIdentity;
  return identity === 'anonymous' && !rules ? null : { identity, loginUrl: site.settings.ssoLoginUrl, rules };
}

/**
 * One page of an article's approved top-level comments, each with its first replies, plus —
 * for a named reader on the first page — their own comments awaiting review, and for a named
 * reader the house rules version they agreed to. Pages are keyset
 * ranges over `(article_id, status, id)` or `(article_id, status, like_count, id)`, never
 * OFFSET, so the last page of a 2,000-comment story costs what the first does and a comment
 * posted meanwhile never shifts a page (under `top`, likes moving can reorder later pages).
 */
export async function listComments(input: ListInput & { readerToken: string | null }): Promise<CommentList> {
  if (input.readerToken === null) return JSON.parse((await listPublicComments(input)).json) as CommentList;
  const site = await loadSite({ db: input.db, siteId: input.siteId });
  const after = decodeCursor(input.cursor, input.sort);
  const articleId = await findArticleId({ db: input.db, siteId: input.siteId, externalId: input.externalId });
  const readerHash = await hashReaderToken(input.secret, input.readerToken);
  const [{ list: page }, agreed] = await Promise.all([
    readPage({ ...input, site, after, articleId, readerHash }),
    activeRules(site.settings) ? agreedRulesVersion({ db: input.db, siteId: site.id, authorHash: readerHash }) : null,
  ]);
  return { ...page, form: page.form && { ...page.form, agreedRulesVersion: agreed } };
}

/**
 * The page everyone sees (no reader), serialized and cached under what it depends on: the
 * site's version, the article, the sort, the decoded cursor's position and the page size, so
 * two cursors naming one position share an entry. Any write to the article ends it at once.
 */
export async function listPublicComments(input: ListInput): Promise<Serialized> {
  const { db, siteId, externalId, sort } = input;
  const site = await loadSite({ db, siteId });
  const after = decodeCursor(input.cursor, sort);
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const cache = appCache(db);
  const key = cacheKey({ kind: 'comments', siteId, siteVersion: site.version, article: externalId, page: [sort, ...cursorPosition(sort, after), limit] });
  const cached = cache.get<Serialized>(key);
  if (cached) return cached;
  const ticket = cache.ticket();
  const articleId = await findArticleId({ db, siteId, externalId });
  const { list, until } = await readPage({ ...input, site, after, articleId, readerHash: '' });
  const page = serialize(list);
  if (articleId === null) return page;
  const answer = { ...page, subject: articleSubject(articleId), until };
  cache.set(key, answer, { subject: answer.subject, ticket, until });
  return answer;
}

/**
 * Reads one page from the database; `readerHash` '' for the page everyone sees. `until` is when
 * the page's `commentsOpen` turns false on schedule (null: no such moment), where a cached copy must end.
 */
async function readPage(
  input: ListInput & { site: Site; after: Cursor | null; articleId: number | null; readerHash: string },
): Promise<{ list: CommentList; until: number | null }> {
  const { db, site, externalId, sort, after, articleId, readerHash } = input;
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const form = commentForm(site);
  const empty: CommentList = {
    article: { id: externalId, commentsOpen: commentsOpenAt(unregisteredClosing, site.settings, input.now) },
    form,
    total: 0,
    sort,
    comments: [],
    pending: [],
    nextCursor: null,
  };
  if (articleId === null) return { list: empty, until: null };
  // A reader's own comments awaiting review head their first page; nobody else's page has them.
  const ownPending = after === null && readerHash !== '';
  // The editor's picks open the first page, in pick order; the pages themselves leave them out.
  const { articleRows, pickRows = [], pageRows, pendingRows = [] } = await namedBatch(db, {
    articleRows: db.all<ClosingState & { comment_count: number }>(sql`SELECT ${closingColumns('articles')}, comment_count FROM articles WHERE id = ${articleId}`),
    pickRows:
      after === null
        ? db.all<CommentRow>(sql`SELECT ${commentColumns(readerHash)} FROM comments c
            WHERE c.article_id = ${articleId} AND c.picked_at IS NOT NULL AND c.status = 'approved' ORDER BY c.picked_at, c.id LIMIT ${MAX_PICKS}`)
        : null,
    pageRows: db.all<CommentRow>(sql`SELECT ${commentColumns(readerHash)} FROM comments c
      WHERE c.article_id = ${articleId} AND c.status = 'approved' AND c.parent_id IS NULL AND c.picked_at IS NULL AND ${pageCondition(sort, after)}
      ORDER BY ${pageOrder[sort]} LIMIT ${limit + 1}`),
    pendingRows: ownPending
      ? db.all<CommentRow>(sql`SELECT ${commentColumns(readerHash)} FROM comments c
          WHERE c.article_id = ${articleId} AND c.status = 'pending' AND c.reader_hash = ${readerHash}
          ORDER BY c.id DESC LIMIT ${OWN_PENDING_LIMIT}`)
      : null,
  });
  const article = articleRows[0];
  if (!article) return { list: empty, until: null };
  const withReader = readerHash !== '';
  const page = pageRows.slice(0, limit);
  const last = page.at(-1);
  const threads = [...pickRows, ...page];
  const replies = await inlineReplies(db, threads.map((row) => row.id), readerHash);
  const list: CommentList = {
    article: { id: externalId, commentsOpen: commentsOpenAt(article, site.settings, input.now) },
    form,
    total: article.comment_count,
    sort,
    comments: threads.map((row) => {
      const shown = replies.get(row.id) ?? [];
      const lastReply = shown.at(-1);
      return {
        ...toView(row, withReader),
        replies: shown.map((reply) => toView(reply, withReader)),
        repliesCursor:
          lastReply && row.reply_count > shown.length ? encodeCursor({ sort: 'replies', likes: 0, id: lastReply.id }) : null,
      };
    }),
    pending: pendingRows.map((row) => toView(row, withReader)),
    nextCursor: pageRows.length > limit && last ? encodeCursor({ sort, likes: last.like_count, id: last.id }) : null,
  };
  return { list, until: commentsClosesAt(article, site.settings) };
}

/**
 * The first approved replies of each thread on a page, oldest first: one statement, one
 * index range of at most `INLINE_REPLIES` rows per thread, however long a thread grows.
 */
async function inlineReplies(db: Db, parentIds: number[], readerHash: string): Promise<Map<number, CommentRow[]>> {
  const byParent = new Map<number, CommentRow[]>();
  if (parentIds.length === 0) return byParent;
  const perThread = parentIds.map(
    (id) => sql`SELECT * FROM (SELECT ${commentColumns(readerHash)} FROM comments c
      WHERE c.parent_id = ${id} AND c.status = 'approved' ORDER BY c.id LIMIT ${INLINE_REPLIES})`,
  );
  const rows = await db.all<CommentRow>(sql.join(perThread, sql` UNION ALL `));
  for (const row of rows.sort((a, b) => a.id - b.id)) {
    const list = byParent.get(row.parent_id ?? 0) ?? [];
    list.push(row);
    byParent.set(row.parent_id ?? 0, list);
  }
  return byParent;
}

/** More replies of one thread, oldest first, after the `repliesCursor` a list gave. */
export async function listReplies(input: {
  db: Db;
  secret: string;
  siteId: string;
  commentId: number;
  cursor?: string | undefined;
  limit?: number | undefined;
  readerToken: string | null;
}): Promise<{ replies: CommentView[]; nextCursor: string | null }> {
  const { db, siteId, commentId } = input;
  await loadSite({ db, siteId });
  const after = decodeCursor(input.cursor, 'replies');
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const readerHash = input.readerToken ? await hashReaderToken(input.secret, input.readerToken) : '';
  const { parentRows, rows } = await namedBatch(db, {
    parentRows: db.all<{ id: number }>(sql`SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id
      WHERE c.id = ${commentId} AND a.site_id = ${siteId} AND c.status = 'approved' AND c.parent_id IS NULL`),
    rows: db.all<CommentRow>(sql`SELECT ${commentColumns(readerHash)} FROM comments c
      WHERE c.parent_id = ${commentId} AND c.status = 'approved' AND c.id > ${after?.id ?? 0}
      ORDER BY c.id LIMIT ${limit + 1}`),
  });
  if (parentRows.length === 0) throw commentNotFound(commentId);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    replies: page.map((row) => toView(row, readerHash !== '')),
    nextCursor: rows.length > limit && last ? encodeCursor({ sort: 'replies', likes: 0, id: last.id }) : null,
  };
}

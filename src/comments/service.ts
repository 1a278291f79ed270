import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../db/client';
import type { Writer } from '../db/group-commit';
import { ensureArticle, findArticleId, type PageContext } from '../articles/service';
import { base64url, constantTimeEqual, keyedHash, randomToken } from '../lib/crypto';
import { AppError, type RateQuota } from '../lib/errors';
import type { AppEvent } from '../lib/events';
import { DAY_MS } from '../lib/time';
import { complaintDueAt } from '../lib/deadline';
import { verifyProof } from '../ratelimit/challenge';
import { bindingQuota, countFired, limit, type LimitOutcome, policyKeys, refusal } from '../ratelimit/service';
import { appCache, articleChanged, articleSubject, cacheKey, type Serialized, serialize } from '../lib/cache';
import { type ClientInfo, hashReaderToken, identifyReader } from '../readers/service';
import { loadSite, type Site } from '../sites/service';
import { assertNoBannedWords, heldReason } from './moderation';
import type * as v from 'valibot';
import { type CommentSort, type commentListSchema, type commentViewSchema, DEFAULT_PAGE_SIZE, INLINE_REPLIES, type postedCommentSchema, type threadViewSchema } from './schemas';

/** A comment as readers see it. `body` is plain text; renderers escape it. */
export type CommentView = v.InferOutput<typeof commentViewSchema>;

export type ThreadView = v.InferOutput<typeof threadViewSchema>;

export type CommentList = v.InferOutput<typeof commentListSchema>;

export type ReportReason = 'spam' | 'abuse' | 'off-topic' | 'misinformation';

/** Submissions faster than this were not typed by a person. */
export const MIN_FILL_MS = 2_000;
/** The same body from the same reader within this window is a double post or a flood. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;
/** Own pending comments shown back to their author on the first page. */
const OWN_PENDING_LIMIT = 20;

type CommentRow = {
  id: number;
  parent_id: number | null;
  author_name: string;
  body: string;
  status: string;
  created_at: number;
  edited_at: number | null;
  like_count: number;
  reply_count: number;
  liked: number;
  mine: number;
};

/** Columns every read selects; `liked`/`mine` are relative to one reader hash ('' for nobody). */
function commentColumns(readerHash: string): SQL {
  return sql`c.id, c.parent_id, c.author_name, c.body, c.status, c.created_at, c.edited_at, c.like_count, c.reply_count,
    EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = c.id AND l.reader_hash = ${readerHash}) AS liked,
    (c.reader_hash = ${readerHash}) AS mine`;
}

function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

function toView(row: CommentRow, withReader: boolean): CommentView {
  return {
    id: row.id,
    parentId: row.parent_id,
    authorName: row.author_name,
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
    editedAt: iso(row.edited_at),
    likeCount: row.like_count,
    replyCount: row.reply_count,
    pending: row.status !== 'approved',
    ...(withReader ? { liked: Boolean(row.liked), mine: Boolean(row.mine) } : {}),
  };
}

function invalidCursor(): AppError {
  return new AppError(
    'invalid_input',
    { id: 'cursor tidak valid: pakai nilai nextCursor dari halaman sebelumnya.', en: 'Invalid cursor: use the nextCursor value of the previous page.' },
    { details: [{ path: 'cursor', message: 'must be a nextCursor value returned for the same sort' }] },
  );
}

type Cursor = { sort: CommentSort | 'replies'; likes: number; id: number };

/** Opaque to clients: base64url of the sort and the last row's sort key, so a page is one index range. */
function encodeCursor({ sort, likes, id }: Cursor): string {
  return base64url(new TextEncoder().encode(JSON.stringify([sort, likes, id])));
}

function decodeCursor(cursor: string | undefined, sort: Cursor['sort']): Cursor | null {
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
function cursorPosition(sort: CommentSort, after: Cursor | null): (number | null)[] {
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

function pageCondition(sort: CommentSort, after: Cursor | null): SQL {
  if (after === null) return sql`1`;
  if (sort === 'oldest') return sql`c.id > ${after.id}`;
  if (sort === 'newest') return sql`c.id < ${after.id}`;
  return sql`(c.like_count, c.id) < (${after.likes}, ${after.id})`;
}

const pageOrder: Record<CommentSort, SQL> = {
  newest: sql`c.id DESC`,
  oldest: sql`c.id ASC`,
  top: sql`c.like_count DESC, c.id DESC`,
};

type ListInput = {
  db: Db;
  secret: string;
  siteId: string;
  externalId: string;
  sort: CommentSort;
  cursor?: string | undefined;
  limit?: number | undefined;
};

/**
 * One page of an article's approved top-level comments, each with its first replies, plus —
 * for a named reader on the first page — their own comments awaiting review. Pages are keyset
 * ranges over `(article_id, status, id)` or `(article_id, status, like_count, id)`, never
 * OFFSET, so the last page of a 2,000-comment story costs what the first does and a comment
 * posted meanwhile never shifts a page (under `top`, likes moving can reorder later pages).
 */
export async function listComments(input: ListInput & { readerToken: string | null }): Promise<CommentList> {
  if (input.readerToken === null) return JSON.parse((await listPublicComments(input)).json) as CommentList;
  const site = await loadSite({ db: input.db, siteId: input.siteId });
  const after = decodeCursor(input.cursor, input.sort);
  const articleId = await findArticleId({ db: input.db, siteId: input.siteId, externalId: input.externalId });
  return readPage({ ...input, site, after, articleId, readerHash: await hashReaderToken(input.secret, input.readerToken) });
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
  const page = serialize(await readPage({ ...input, site, after, articleId, readerHash: '' }));
  if (articleId === null) return page;
  const answer = { ...page, subject: articleSubject(articleId) };
  cache.set(key, answer, { subject: answer.subject, ticket });
  return answer;
}

/** Reads one page from the database; `readerHash` '' for the page everyone sees. */
async function readPage(input: ListInput & { site: Site; after: Cursor | null; articleId: number | null; readerHash: string }): Promise<CommentList> {
  const { db, site, externalId, sort, after, articleId, readerHash } = input;
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const empty: CommentList = {
    article: { id: externalId, commentsOpen: site.settings.commentsEnabled },
    total: 0,
    sort,
    comments: [],
    pending: [],
    nextCursor: null,
  };
  if (articleId === null) return empty;
  // A reader's own comments awaiting review head their first page; nobody else's page has them.
  const ownPending = after === null && readerHash !== '';
  const [articleRows, pageRows, pendingRows = []] = (await db.batch([
    db.all(sql`SELECT comments_open, comment_count FROM articles WHERE id = ${articleId}`),
    db.all(sql`SELECT ${commentColumns(readerHash)} FROM comments c
      WHERE c.article_id = ${articleId} AND c.status = 'approved' AND c.parent_id IS NULL AND ${pageCondition(sort, after)}
      ORDER BY ${pageOrder[sort]} LIMIT ${limit + 1}`),
    ...(ownPending
      ? [
          db.all(sql`SELECT ${commentColumns(readerHash)} FROM comments c
            WHERE c.article_id = ${articleId} AND c.status = 'pending' AND c.reader_hash = ${readerHash}
            ORDER BY c.id DESC LIMIT ${OWN_PENDING_LIMIT}`),
        ]
      : []),
  ] as unknown as [BatchItem, ...BatchItem[]])) as unknown as [
    { comments_open: number; comment_count: number }[],
    CommentRow[],
    CommentRow[] | undefined,
  ];
  const article = articleRows[0];
  if (!article) return empty;
  const withReader = readerHash !== '';
  const page = pageRows.slice(0, limit);
  const last = page.at(-1);
  const replies = await inlineReplies(db, page.map((row) => row.id), readerHash);
  return {
    article: { id: externalId, commentsOpen: Boolean(article.comments_open) && site.settings.commentsEnabled },
    total: article.comment_count,
    sort,
    comments: page.map((row) => {
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

function commentNotFound(id: number): AppError {
  return new AppError('not_found', {
    id: `Komentar ${id} tidak ditemukan di situs ini (mungkin sudah dihapus atau sedang ditinjau).`,
    en: `Comment ${id} was not found on this site (it may have been deleted or be under review).`,
  });
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
  const [parentRows, rows] = (await db.batch([
    db.all(sql`SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id
      WHERE c.id = ${commentId} AND a.site_id = ${siteId} AND c.status = 'approved' AND c.parent_id IS NULL`),
    db.all(sql`SELECT ${commentColumns(readerHash)} FROM comments c
      WHERE c.parent_id = ${commentId} AND c.status = 'approved' AND c.id > ${after?.id ?? 0}
      ORDER BY c.id LIMIT ${limit + 1}`),
  ] as unknown as [BatchItem, ...BatchItem[]])) as unknown as [{ id: number }[], CommentRow[]];
  if (parentRows.length === 0) throw commentNotFound(commentId);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    replies: page.map((row) => toView(row, readerHash !== '')),
    nextCursor: rows.length > limit && last ? encodeCursor({ sort: 'replies', likes: 0, id: last.id }) : null,
  };
}

function commentsClosed(): AppError {
  return new AppError('comments_closed', { id: 'Komentar ditutup untuk artikel ini.', en: 'Comments are closed for this article.' });
}

function editTokenHash(secret: string, token: string): Promise<string> {
  return keyedHash(secret, 'comment-edit', token);
}

function editableUntil(site: Site, createdAt: number): number {
  return createdAt + site.settings.editWindowMinutes * 60_000;
}

export type PostedComment = v.InferOutput<typeof postedCommentSchema>;

export type PostCommentInput = {
  db: Db;
  /** Where the comment's atomic batch goes: a group-commit writer on Node, the db itself elsewhere. */
  writer: Writer;
  secret: string;
  siteId: string;
  externalId: string;
  readerToken: string;
  name: string;
  body: string;
  parentId?: number | undefined;
  /** The form's hidden field and fill time; see the comments README. */
  honeypot: { website?: string | undefined; elapsedMs?: number | undefined };
  client: ClientInfo;
  now: number;
  page: PageContext;
  /** A solved challenge, needed once the address is past its soft ceiling (src/ratelimit/challenge.ts). */
  proof?: string | undefined;
};

/** What `postComment` reads before it writes, as one row. */
type PostChecks = {
  commentsOpen: number | null;
  parentId: number | null;
  parentThread: number | null;
  muted: number;
  duplicate: number;
  approved: number;
};

function looksLikeBot(honeypot: PostCommentInput['honeypot']): boolean {
  return (honeypot.website !== undefined && honeypot.website !== '') || (honeypot.elapsedMs !== undefined && honeypot.elapsedMs < MIN_FILL_MS);
}

/**
 * What a bot is told: the shape of a real answer, so it learns nothing from the refusal,
 * while nothing is stored.
 */
function decoyPosted(site: Site, input: PostCommentInput): PostedComment {
  return {
    comment: {
      id: Math.floor(input.now / 1000) % 1_000_000_000,
      parentId: input.parentId ?? null,
      authorName: input.name,
      body: input.body,
      createdAt: new Date(input.now).toISOString(),
      editedAt: null,
      likeCount: 0,
      replyCount: 0,
      pending: site.settings.moderationMode !== 'post',
      liked: false,
      mine: true,
    },
    editToken: randomToken(24),
    editableUntil: new Date(editableUntil(site, input.now)).toISOString(),
  };
}

function refused(path: string, message: { id: string; en: string }, detail: string): AppError {
  return new AppError('comment_refused', message, { details: [{ path, message: detail }] });
}

/**
 * Posts a comment: bots (honeypot, too-fast form) get a decoy answer; banned words, duplicates
 * and closed articles are refused with the reason; rate limits answer 429; everything else is
 * stored, visible at once or held for review according to the site's moderation. Returns the
 * comment, its edit token (stored only as a keyed hash) and a `comment.held` event if held.
 */
export async function postComment(input: PostCommentInput): Promise<{ posted: PostedComment; events: AppEvent[]; quota: RateQuota | null }> {
  const { db, siteId, now, body, name } = input;
  const site = await loadSite({ db, siteId });
  if (looksLikeBot(input.honeypot)) {
    // The limits as a reader's first comment would leave them, so the headers tell a bot nothing either.
    const decoy = { readerHash: 'decoy', networkHash: 'decoy', addressHash: 'decoy' };
    const perReader = policyKeys('comment', site.settings, decoy, 'decoy').slice(0, 1);
    return { posted: decoyPosted(site, input), events: [], quota: bindingQuota(perReader, [{ key: perReader[0]!.key, at: now, count: 1 }], now) };
  }
  if (!site.settings.commentsEnabled) throw commentsClosed();
  assertNoBannedWords(body, site.settings, 'body');
  assertNoBannedWords(name, site.settings, 'name');
  const proofId = input.proof ? await verifyProof({ secret: input.secret, siteId, proof: input.proof, now }) : null;
  const articleId = await ensureArticle({ db, site, externalId: input.externalId, page: input.page });
  const requester = await identifyReader({ db, secret: input.secret, token: input.readerToken, client: input.client, now });
  const { readerHash } = requester;
  // Everything the post depends on, read in one statement (one snapshot, no transaction).
  // Only first-comment moderation asks for an approved comment; CROSS JOIN keeps SQLite on the
  // reader's own comments (comments_reader) instead of walking every approved comment of the site.
  const approvedBefore =
    site.settings.moderationMode === 'first-comment'
      ? sql`EXISTS (SELECT 1 FROM comments c CROSS JOIN articles a ON a.id = c.article_id
          WHERE c.reader_hash = ${readerHash} AND c.status = 'approved' AND a.site_id = ${siteId})`
      : sql`0`;
  const [checks] = await db.all<PostChecks>(sql`SELECT
      (SELECT comments_open FROM articles WHERE id = ${articleId}) AS commentsOpen,
      (SELECT id FROM comments WHERE id = ${input.parentId ?? 0} AND article_id = ${articleId} AND status = 'approved') AS parentId,
      (SELECT parent_id FROM comments WHERE id = ${input.parentId ?? 0} AND article_id = ${articleId} AND status = 'approved') AS parentThread,
      EXISTS (SELECT 1 FROM reader_mutes WHERE site_id = ${siteId} AND reader_hash = ${readerHash} AND until > ${now}) AS muted,
      EXISTS (SELECT 1 FROM comments
        WHERE reader_hash = ${readerHash} AND created_at > ${now - DUPLICATE_WINDOW_MS} AND body = ${body}) AS duplicate,
      ${approvedBefore} AS approved`);
  if (!checks?.commentsOpen) throw commentsClosed();
  const parent = checks.parentId === null ? undefined : { id: checks.parentId, parent_id: checks.parentThread };
  if (input.parentId !== undefined && !parent) {
    throw new AppError(
      'unprocessable',
      {
        id: `Komentar yang dibalas (${input.parentId}) tidak ada di artikel ini atau belum tampil.`,
        en: `The comment being replied to (${input.parentId}) is not on this article or is not visible.`,
      },
      { details: [{ path: 'parentId', message: 'must be the id of a visible comment on the same article' }] },
    );
  }
  if (checks.duplicate) {
    throw refused(
      'body',
      {
        id: 'Anda baru saja mengirim komentar yang sama. Tulis sesuatu yang baru, atau tunggu 10 menit.',
        en: 'You just sent the same comment. Write something new, or wait 10 minutes.',
      },
      'duplicates a comment sent in the last 10 minutes',
    );
  }
  const reason = heldReason(`${name}\n${body}`, { settings: site.settings, muted: Boolean(checks.muted), hasApprovedComment: Boolean(checks.approved) });
  const editToken = randomToken(24);
  const tokenHash = await editTokenHash(input.secret, editToken);
  const threadId = parent ? (parent.parent_id ?? parent.id) : null;
  // The comment this very request writes: what a re-run of its batch finds instead of adding another.
  const thisComment = sql`SELECT id FROM comments
    WHERE reader_hash = ${readerHash} AND created_at = ${now} AND article_id = ${articleId} AND body = ${body}`;
  const admission = limit({
    db,
    now,
    keys: policyKeys('comment', site.settings, requester, `site:${siteId}`),
    unless: sql`EXISTS (${thisComment})`,
    proofId,
  });
  const [admitted, , , recent, rows] = (await input.writer.batch([
    ...(admission.prune ? [admission.prune] : []),
    admission.admit,
    db.run(sql`INSERT INTO comments
        (article_id, parent_id, reader_hash, author_name, body, status, held_reason, edit_token_hash, created_at, updated_at)
      SELECT ${articleId}, ${threadId}, ${readerHash}, ${name}, ${body}, ${reason ? 'pending' : 'approved'}, ${reason}, ${tokenHash}, ${now}, ${now}
      WHERE changes() > 0 AND NOT EXISTS (${thisComment})`),
    admission.spend,
    admission.recent,
    db.all(sql`SELECT ${commentColumns(readerHash)} FROM comments c WHERE c.id = (${thisComment})`),
  ] as unknown as [BatchItem, ...BatchItem[]])).slice(-5) as unknown as [unknown[], unknown, unknown, unknown[], CommentRow[]];
  const outcome = admission.outcome(admitted, recent);
  const row = rows[0];
  if (!row) {
    if (outcome.allowed) throw new Error('comment admitted but not recorded');
    await countFired({ db, siteId, policy: 'comment', now });
    throw refusal(outcome, siteId, (retryAfter, rule) =>
      rule.windowSeconds === DAY_MS / 1000
        ? {
            id: `Batas ${rule.limit} komentar per hari sudah tercapai. Silakan lanjutkan besok.`,
            en: `You have reached the limit of ${rule.limit} comments a day. Please continue tomorrow.`,
          }
        : {
            id: `Terlalu cepat: tunggu ${retryAfter} detik sebelum mengirim komentar lagi.`,
            en: `Too fast: wait ${retryAfter} seconds before sending another comment.`,
          },
    );
  }
  if (row.status === 'approved') articleChanged(db, articleId);
  return {
    posted: { comment: toView(row, true), editToken, editableUntil: new Date(editableUntil(site, now)).toISOString() },
    events: [reason ? { type: 'comment.held', siteId, commentId: row.id, reason } : { type: 'comment.posted', siteId, commentId: row.id }],
    quota: outcome.quota,
  };
}

type OwnedComment = { id: number; article_id: number; status: string; created_at: number; edit_token_hash: string | null; comments_open: number };

/**
 * The comment an edit token unlocks, checked in the order a reader can act on: it exists on
 * this site (404), the token is its own (403), the window is still open (409).
 */
async function ownedComment({ db, secret, site, commentId, editToken, now }: { db: Db; secret: string; site: Site; commentId: number; editToken: string; now: number }) {
  const [row] = await db.all<OwnedComment>(sql`SELECT c.id, c.article_id, c.status, c.created_at, c.edit_token_hash, a.comments_open
    FROM comments c JOIN articles a ON a.id = c.article_id
    WHERE c.id = ${commentId} AND a.site_id = ${site.id} AND c.status IN ('approved', 'pending')`);
  if (!row) throw commentNotFound(commentId);
  const presented = await editTokenHash(secret, editToken);
  if (!row.edit_token_hash || !constantTimeEqual(presented, row.edit_token_hash)) {
    throw new AppError('forbidden', {
      id: 'Token edit tidak cocok dengan komentar ini. Hanya penulisnya yang bisa mengubah atau menghapusnya.',
      en: 'The edit token does not match this comment. Only its author can edit or delete it.',
    });
  }
  if (now >= editableUntil(site, row.created_at)) {
    const minutes = site.settings.editWindowMinutes;
    throw new AppError('edit_window_closed', {
      id: `Komentar hanya bisa diubah atau dihapus dalam ${minutes} menit setelah dikirim.`,
      en: `A comment can only be edited or deleted within ${minutes} minutes of posting.`,
    });
  }
  return row;
}

/**
 * Replaces a comment's body within the edit window. The new text passes the same checks as a
 * new comment: banned words are refused, and content or pre-moderation sends it back to review.
 */
export async function editComment(input: {
  db: Db;
  secret: string;
  siteId: string;
  commentId: number;
  editToken: string;
  body: string;
  now: number;
}): Promise<{ comment: CommentView; events: AppEvent[] }> {
  const { db, siteId, commentId, body, now } = input;
  const site = await loadSite({ db, siteId });
  const owned = await ownedComment({ db, secret: input.secret, site, commentId, editToken: input.editToken, now });
  if (!owned.comments_open || !site.settings.commentsEnabled) throw commentsClosed();
  assertNoBannedWords(body, site.settings, 'body');
  const [author] = await db.all<{ author_name: string; muted: number }>(sql`SELECT c.author_name,
      EXISTS (SELECT 1 FROM reader_mutes m WHERE m.site_id = ${siteId} AND m.reader_hash = c.reader_hash AND m.until > ${now}) AS muted
    FROM comments c WHERE c.id = ${commentId}`);
  const reason = heldReason(`${author?.author_name ?? ''}\n${body}`, {
    settings: site.settings,
    muted: Boolean(author?.muted),
    hasApprovedComment: true,
  });
  const [updated] = await db.all<CommentRow & { held_reason: string | null }>(sql`UPDATE comments SET
      body = ${body}, edited_at = ${now}, updated_at = ${now},
      status = CASE WHEN ${reason} IS NOT NULL THEN 'pending' ELSE status END,
      held_reason = coalesce(${reason}, held_reason)
    WHERE id = ${commentId} AND status IN ('approved', 'pending')
    RETURNING id, parent_id, author_name, body, status, created_at, edited_at, like_count, reply_count, 0 AS liked, 1 AS mine`);
  if (!updated) throw commentNotFound(commentId);
  const newlyHeld = owned.status === 'approved' && updated.status === 'pending' && reason !== null;
  articleChanged(db, owned.article_id);
  return {
    comment: toView(updated, false),
    events: [{ type: 'comment.edited', siteId, commentId }, ...(newlyHeld ? [{ type: 'comment.held' as const, siteId, commentId, reason }] : [])],
  };
}

/**
 * Deletes a comment within the edit window. Its replies, which belong to other readers, move
 * up to the top level rather than disappear with it; counters follow by trigger.
 */
export async function deleteComment(input: { db: Db; secret: string; siteId: string; commentId: number; editToken: string; now: number }): Promise<{ events: AppEvent[] }> {
  const { db, commentId } = input;
  const site = await loadSite({ db, siteId: input.siteId });
  const owned = await ownedComment({ db, secret: input.secret, site, commentId, editToken: input.editToken, now: input.now });
  await db.batch([
    db.run(sql`UPDATE comments SET parent_id = NULL WHERE parent_id = ${commentId}`),
    db.run(sql`DELETE FROM comments WHERE id = ${commentId}`),
  ]);
  articleChanged(db, owned.article_id);
  return { events: [{ type: 'comment.deleted', siteId: input.siteId, commentId }] };
}

/** A comment readers can currently see, on this site. */
function isPublic(siteId: string, commentId: number): SQL {
  return sql`EXISTS (SELECT 1 FROM comments c JOIN articles a ON a.id = c.article_id
    WHERE c.id = ${commentId} AND a.site_id = ${siteId} AND c.status = 'approved')`;
}

/** A refused like or report: the network's or the address's daily ceiling is reached. */
async function refusedAction(db: Db, siteId: string, policy: 'like' | 'report', outcome: LimitOutcome, now: number): Promise<AppError> {
  if (outcome.allowed) throw new Error(`${policy} admitted but not recorded`);
  await countFired({ db, siteId, policy, now });
  return refusal(outcome, siteId, () => ({
    id: 'Terlalu banyak pembaca dari jaringan yang sama sudah melakukan ini hari ini. Silakan coba lagi besok.',
    en: 'Too many readers on the same network have already done this today. Please try again tomorrow.',
  }));
}

export type LikeState = { commentId: number; liked: boolean; likeCount: number };

/**
 * Likes or unlikes a visible comment for one reader token: one like per reader, repeats change
 * nothing; new likers per network and per address on a comment per day are capped by the
 * `like` policy (src/ratelimit).
 */
export async function setLike(input: {
  db: Db;
  writer: Writer;
  secret: string;
  siteId: string;
  commentId: number;
  readerToken: string;
  liked: boolean;
  client: ClientInfo;
  now: number;
}): Promise<LikeState> {
  const { db, siteId, commentId, now } = input;
  const site = await loadSite({ db, siteId });
  const requester = await identifyReader({ db, secret: input.secret, token: input.readerToken, client: input.client, now });
  const { readerHash } = requester;
  const admission = limit({
    db,
    keys: policyKeys('like', site.settings, requester, `comment:${commentId}`),
    now,
    unless: sql`NOT ${isPublic(siteId, commentId)} OR EXISTS (SELECT 1 FROM comment_likes WHERE comment_id = ${commentId} AND reader_hash = ${readerHash})`,
  });
  const writes = input.liked
    ? [
        ...(admission.prune ? [admission.prune] : []),
        admission.admit,
        db.run(sql`INSERT INTO comment_likes (comment_id, reader_hash, created_at)
          SELECT ${commentId}, ${readerHash}, ${now} WHERE changes() > 0 AND ${isPublic(siteId, commentId)}
          ON CONFLICT DO NOTHING`),
        admission.recent,
      ]
    : [db.run(sql`DELETE FROM comment_likes WHERE comment_id = ${commentId} AND reader_hash = ${readerHash}`)];
  const results = await input.writer.batch([
    ...writes,
    db.all(sql`SELECT c.like_count, c.status, c.article_id,
        EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = c.id AND l.reader_hash = ${readerHash}) AS liked
      FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ${commentId} AND a.site_id = ${siteId}`),
  ] as unknown as [BatchItem, ...BatchItem[]]);
  const [state] = results.at(-1) as { like_count: number; status: string; article_id: number; liked: number }[];
  if (state) articleChanged(db, state.article_id);
  if (!state || state.status !== 'approved') throw commentNotFound(commentId);
  if (input.liked && !state.liked) {
    const [admitted, , recent] = results.slice(-4) as unknown as [unknown[], unknown, unknown[]];
    throw await refusedAction(db, siteId, 'like', admission.outcome(admitted, recent), now);
  }
  return { commentId, liked: Boolean(state.liked), likeCount: state.like_count };
}

/**
 * Records a reader's report (one per reader per comment, even after a moderator dismissed it;
 * repeating it changes nothing), capped per network and address per article per day by the
 * `report` policy. When the live reports come from `reportThreshold` distinct networks *and*
 * as many distinct addresses, the comment is held for review in the same batch: one person
 * with fresh tokens and User-Agents on one address cannot hide a comment.
 * Returns `comment.reported` for a new report and `comment.held` when it held the comment.
 */
export async function reportComment(input: {
  db: Db;
  writer: Writer;
  secret: string;
  siteId: string;
  commentId: number;
  readerToken: string;
  reason: ReportReason;
  client: ClientInfo;
  now: number;
}): Promise<{ receipt: { commentId: number; reported: true }; events: AppEvent[] }> {
  const { db, siteId, commentId, reason, now } = input;
  const site = await loadSite({ db, siteId });
  const [target] = await db.all<{ articleId: number }>(sql`SELECT c.article_id AS articleId FROM comments c JOIN articles a ON a.id = c.article_id
    WHERE c.id = ${commentId} AND a.site_id = ${siteId}`);
  if (!target) throw commentNotFound(commentId);
  const requester = await identifyReader({ db, secret: input.secret, token: input.readerToken, client: input.client, now });
  const { readerHash, networkHash, addressHash } = requester;
  const alreadyReported = sql`EXISTS (SELECT 1 FROM comment_reports WHERE comment_id = ${commentId} AND reader_hash = ${readerHash})`;
  const admission = limit({
    db,
    keys: policyKeys('report', site.settings, requester, `article:${target.articleId}`),
    now,
    unless: sql`NOT ${isPublic(siteId, commentId)} OR ${alreadyReported}`,
  });
  const threshold = site.settings.reportThreshold;
  const distinct = (column: SQL) =>
    sql`(SELECT count(DISTINCT ${column}) FROM comment_reports WHERE comment_id = ${commentId} AND dismissed = 0) >= ${threshold}`;
  const [admitted, inserted, recent, held, state] = (await input.writer.batch([
    ...(admission.prune ? [admission.prune] : []),
    admission.admit,
    db.all(sql`INSERT INTO comment_reports (comment_id, reader_hash, reason, network_hash, address_hash, created_at, due_at)
      SELECT ${commentId}, ${readerHash}, ${reason}, ${networkHash}, ${addressHash}, ${now}, ${complaintDueAt(site.settings, now)} WHERE changes() > 0 AND ${isPublic(siteId, commentId)}
      ON CONFLICT DO NOTHING RETURNING comment_id`),
    admission.recent,
    db.all(sql`UPDATE comments SET status = 'pending', held_reason = 'reports', updated_at = ${now}
      WHERE id = ${commentId} AND status = 'approved' AND ${distinct(sql`network_hash`)} AND ${distinct(sql`address_hash`)}
        AND ${isPublic(siteId, commentId)}
      RETURNING article_id`),
    db.all(sql`SELECT c.status, c.report_count, ${alreadyReported} AS reported
      FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ${commentId} AND a.site_id = ${siteId}`),
  ] as unknown as [BatchItem, ...BatchItem[]])).slice(-5) as unknown as [
    unknown[],
    unknown[],
    unknown[],
    { article_id: number }[],
    { status: string; report_count: number; reported: number }[],
  ];
  for (const { article_id: articleId } of held) articleChanged(db, articleId);
  const comment = state[0];
  const fresh = inserted.length > 0;
  if (!comment || (!fresh && comment.status !== 'approved')) throw commentNotFound(commentId);
  if (!comment.reported) throw await refusedAction(db, siteId, 'report', admission.outcome(admitted, recent), now);
  const events: AppEvent[] = [];
  if (fresh) events.push({ type: 'comment.reported', siteId, commentId, reason, reportCount: comment.report_count });
  if (held.length > 0) events.push({ type: 'comment.held', siteId, commentId, reason: 'reports' });
  return { receipt: { commentId, reported: true }, events };
}

export type ErasureReceipt = { deleted: { votes: number; comments: number; likes: number; reports: number } };

/**
 * Deletes everything stored under a reader token — votes, likes, reports and comments, on
 * every site — in one atomic batch; triggers keep every counter exact. Replies other readers
 * wrote to the erased comments move up to the top level. Moderation records (mutes, the
 * moderation log) stay: they are the newsroom's, not the reader's.
 */
export async function eraseReader({ db, secret, siteId, readerToken }: { db: Db; secret: string; siteId: string; readerToken: string }): Promise<ErasureReceipt> {
  await loadSite({ db, siteId });
  const readerHash = await hashReaderToken(secret, readerToken);
  const results = (await db.batch([
    db.run(sql`UPDATE comments SET parent_id = NULL
      WHERE reader_hash <> ${readerHash} AND parent_id IN (SELECT id FROM comments WHERE reader_hash = ${readerHash})`),
    db.all(sql`DELETE FROM comment_likes WHERE reader_hash = ${readerHash} RETURNING 1`),
    db.all(sql`DELETE FROM comment_reports WHERE reader_hash = ${readerHash} RETURNING 1`),
    db.all(sql`DELETE FROM comments WHERE reader_hash = ${readerHash} RETURNING article_id`),
    db.all(sql`DELETE FROM votes WHERE reader_hash = ${readerHash} RETURNING article_id`),
  ] as unknown as [BatchItem, ...BatchItem[]])) as unknown as [unknown, unknown[], unknown[], { article_id: number }[], { article_id: number }[]];
  const [, likes, reports, erasedComments, erasedVotes] = results;
  // Erased likes change counts on comments of any article, on any site.
  appCache(db).changedAll();
  return { deleted: { votes: erasedVotes.length, comments: erasedComments.length, likes: likes.length, reports: reports.length } };
}

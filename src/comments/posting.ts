import type * as v from 'valibot';
import { type ClosingState, closingColumns, commentsOpenAt } from '../articles/closing';
import { ensureArticle, type PageContext } from '../articles/service';
import { namedBatch } from '../db/batch';
import { flat } from '../db/flat-sql';
import type { Db } from '../db/client';
import type { Writer } from '../db/group-commit';
import { randomToken } from '../lib/crypto';
import { AppError, type RateQuota } from '../lib/errors';
import type { AppEvent } from '../lib/events';
import { commentEventData, deliveryStatements } from '../newsroom/webhooks/service';
import { DAY_MS } from '../lib/time';
import { verifyProof } from '../ratelimit/challenge';
import { bindingQuota, countFired, limit, policyKeys, refusal } from '../ratelimit/service';
import { type ClientInfo, identifyReader } from '../readers/service';
import { loadSite } from '../sites/service';
import { decoyPosted, looksLikeBot } from './bot-traps';
import { editableUntil, editTokenHash } from './editing';
import { commenter } from './commenter';
import { assertNoBannedWord, heldReason, screenWords } from './moderation';
import { authorOf, type TrustLevel, trustLevelSql } from './trust';
import { rulesAgreement } from './rules';
import { commentColumns, type CommentRow, commentsClosed, toView } from './rows';
import type { postedCommentSchema } from './schemas';

/*
 * Posting a comment: the checks (closed, banned words, duplicates, parent), the rate limits, the
 * held reason, and one batch that spends the limit exactly when the comment is stored.
 */

/** The same body from the same reader within this window is a double post or a flood. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export type PostedComment = v.InferOutput<typeof postedCommentSchema>;

export type PostCommentInput = {
  db: Db;
  /** Where the comment's atomic batch goes: a group-commit writer on Node, the db itself elsewhere. */
  writer: Writer;
  secret: string;
  siteId: string;
  externalId: string;
  readerToken: string;
  /** Required unless `ssoToken` signs the reader in. */
  name?: string | undefined;
  body: string;
  /** The site login's token (src/sso/service.ts); its name replaces `name`. */
  ssoToken?: string | undefined;
  /** The house rules version the reader ticked (src/comments/rules.ts). */
  rulesVersion?: number | undefined;
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
type PostChecks = ClosingState & {
  parentId: number | null;
  parentThread: number | null;
  muted: number;
  duplicate: number;
  /** Null unless it can decide the hold (see `ModerationContext.trust`). */
  trust: TrustLevel | null;
};

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
  const { db, siteId, now, body } = input;
  const site = await loadSite({ db, siteId });
  if (looksLikeBot(input.honeypot)) {
    // The limits as a reader's first comment would leave them, so the headers tell a bot nothing either.
    const decoy = { readerHash: 'decoy', networkHash: 'decoy', addressHash: 'decoy' };
    const perReader = policyKeys('comment', site.settings, decoy, 'decoy').slice(0, 1);
    return { posted: decoyPosted(site, input), events: [], quota: bindingQuota(perReader, [{ key: perReader[0]!.key, at: now, count: 1 }], now) };
  }
  if (!site.settings.commentsEnabled) throw commentsClosed();
  const { name, ssoUserHash } = await commenter({ db, secret: input.secret, site, name: input.name, ssoToken: input.ssoToken, now });
  const screened = { body: screenWords(body, site.settings), name: screenWords(name, site.settings) };
  assertNoBannedWord(screened.body, 'body');
  assertNoBannedWord(screened.name, 'name');
  const proofId = input.proof ? await verifyProof({ secret: input.secret, siteId, proof: input.proof, now }) : null;
  const articleId = await ensureArticle({ db, site, externalId: input.externalId, page: input.page });
  const requester = await identifyReader({ db, secret: input.secret, token: input.readerToken, client: input.client, now });
  const { readerHash } = requester;
  // Everything the post depends on, read in one statement (one snapshot, no transaction).
  // The author's trust level is read only where it can decide the hold: under first-comment
  // moderation, or for a text with a suspect word.
  const suspect = screened.body.suspect || screened.name.suspect;
  const trustRead =
    site.settings.moderationMode === 'first-comment' || suspect
      ? trustLevelSql(siteId, authorOf(readerHash, ssoUserHash), site.settings, now)
      : null;
  // Written flat (src/db/flat-sql.ts), as the batch below: every comment assembles them.
  const [checks] = await db.all<PostChecks>(flat`SELECT ${closingColumns('a')},
      (SELECT id FROM comments WHERE id = ${input.parentId ?? 0} AND article_id = ${articleId} AND status = 'approved') AS parentId,
      (SELECT parent_id FROM comments WHERE id = ${input.parentId ?? 0} AND article_id = ${articleId} AND status = 'approved') AS parentThread,
      EXISTS (SELECT 1 FROM reader_mutes WHERE site_id = ${siteId} AND reader_hash = ${readerHash} AND until > ${now}) AS muted,
      EXISTS (SELECT 1 FROM comments
        WHERE reader_hash = ${readerHash} AND created_at > ${now - DUPLICATE_WINDOW_MS} AND body = ${body}) AS duplicate,
      ${trustRead ?? flat`NULL`} AS trust
    FROM articles a WHERE a.id = ${articleId}`.toSql());
  if (!checks || !commentsOpenAt(checks, site.settings, now)) throw commentsClosed();
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
  const agreement = await rulesAgreement({ db, site, authorHash: ssoUserHash ?? readerHash, rulesVersion: input.rulesVersion, now });
  const reason = heldReason(`${name}\n${body}`, { settings: site.settings, suspect, muted: Boolean(checks.muted), trust: checks.trust });
  const editToken = randomToken(24);
  const tokenHash = await editTokenHash(input.secret, editToken);
  const threadId = parent ? (parent.parent_id ?? parent.id) : null;
  // The comment this very request writes: what a re-run of its batch finds instead of adding another.
  const thisComment = flat`SELECT id FROM comments
    WHERE reader_hash = ${readerHash} AND created_at = ${now} AND article_id = ${articleId} AND body = ${body}`;
  const admission = limit({
    db,
    now,
    keys: policyKeys('comment', site.settings, requester, `site:${siteId}`),
    unless: flat`EXISTS (${thisComment})`,
    proofId,
  });
  // A held comment's webhook delivery is written in its own batch, after the read-back.
  const [heldDelivery] = reason
    ? await deliveryStatements(db, {
        siteId,
        now,
        queued: [{ event: 'comment.held', data: commentEventData(flat`c.id = (${thisComment}) AND c.status = 'pending'`.toSql(), [['reason', reason]]) }],
      })
    : [];
  const { admitted, recent, rows } = await namedBatch(input.writer, {
    prune: admission.prune,
    admitted: admission.admit,
    inserted: db.run(flat`INSERT INTO comments
        (article_id, parent_id, reader_hash, sso_user_hash, author_name, body, status, held_reason, edit_token_hash, created_at, updated_at)
      SELECT ${articleId}, ${threadId}, ${readerHash}, ${ssoUserHash}, ${name}, ${body}, ${reason ? 'pending' : 'approved'}, ${reason}, ${tokenHash}, ${now}, ${now}
      WHERE changes() > 0 AND NOT EXISTS (${thisComment})`.toSql()),
    spent: admission.spend,
    recent: admission.recent,
    rows: db.all<CommentRow>(flat`SELECT ${commentColumns(readerHash)} FROM comments c WHERE c.id = (${thisComment})`.toSql()),
    heldDelivery: heldDelivery ?? null,
    // The agreement to the house rules is recorded only with the comment it came with.
    agreed: agreement?.(thisComment.toSql()) ?? null,
  });
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
  const where = { siteId, article: input.externalId, articleId, commentId: row.id };
  return {
    posted: { comment: toView(row, true), editToken, editableUntil: new Date(editableUntil(site, now)).toISOString() },
    events: [reason ? { type: 'comment.held', ...where, reason } : { type: 'comment.posted', ...where }],
    quota: outcome.quota,
  };
}

import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { LIVE_PUBLIC_CACHE, privateJson, publicJson, type SharedAnswer } from '../http/cache';
import { type ReplayRoute, sendReaderOrShared } from '../http/replay';
import { type AppEnv, pageOf, readerWrite, requestTime } from '../http/context';
import { publish } from '../http/events';
import { responses } from '../http/openapi';
import { setRateLimitHeaders } from '../http/rate-limit';
import { validate } from '../http/validate';
import {
  articleCommentsParamsSchema,
  commentListSchema,
  DEFAULT_PAGE_SIZE,
  commentParamsSchema,
  deleteCommentBodySchema,
  editCommentBodySchema,
  editedCommentSchema,
  likeBodySchema,
  likeStateSchema,
  listQuerySchema,
  postCommentBodySchema,
  postedCommentSchema,
  replyListSchema,
  repliesQuerySchema,
  reportBodySchema,
  reportReceiptSchema,
  siteParamsSchema,
} from './schemas';
import { pagePosition } from './cursors';
import { deleteComment, editComment } from './editing';
import { reportComment, setLike } from './feedback';
import { listComments, listPublicComments, listReplies } from './listing';
import { postComment } from './posting';

/** Anonymous comment pages may be a few seconds old, like the poll; they are the same in every language. */
const PUBLIC_LIST: SharedAnswer = { cacheControl: LIVE_PUBLIC_CACHE };

/** Repeated anonymous comment pages are replayed (http/replay.ts), keyed as `listPublicComments` keys them. */
export const commentsReplay: ReplayRoute = {
  path: /^\/v1\/sites\/([^/]+)\/articles\/([^/]+)\/comments$/,
  key: ([site, article], query) => {
    const params = v.safeParse(articleCommentsParamsSchema, { site, article });
    const parsed = v.safeParse(listQuerySchema, query);
    if (!params.success || !parsed.success) return null;
    const { sort, cursor, limit = DEFAULT_PAGE_SIZE } = parsed.output;
    const position = pagePosition(sort, cursor);
    return position && { kind: 'comments', siteId: params.output.site, article: params.output.article, page: [sort, ...position, limit] };
  },
};

export function commentRoutes() {
  const app = new Hono<AppEnv>();

  app.get(
    '/sites/:site/articles/:article/comments',
    describeRoute({
      tags: ['Comments'],
      summary: "List an article's comments",
      description:
        'Approved top-level comments, `newest` (default), `oldest` or `top` (most liked), `limit` (1–50, default 20) per page, each with its first three replies (oldest first) and a `repliesCursor` for the rest. Follow `nextCursor` for the next page: pages are keyset ranges, stable when new comments arrive. `total` counts approved comments including replies. With `reader`, each comment says whether the reader liked it or wrote it, and the first page lists the reader\'s own comments awaiting review in `pending` — nobody else ever sees those. Bodies are plain text: escape them when rendering.',
      responses: responses({ description: 'A page of comments', schema: commentListSchema }, [400, 403, 404]),
    }),
    validate('param', articleCommentsParamsSchema),
    validate('query', listQuerySchema),
    async (c) => {
      const { site, article } = c.req.valid('param');
      const query = c.req.valid('query');
      const { db, config } = c.get('deps');
      const request = { db, secret: config.secret, siteId: site, externalId: article, sort: query.sort, cursor: query.cursor, limit: query.limit, now: requestTime(c) };
      return sendReaderOrShared(c, query.reader, { own: async (readerToken) => ({ json: JSON.stringify(await listComments({ ...request, readerToken })) }), shared: () => listPublicComments(request) }, PUBLIC_LIST);
    },
  );

  app.get(
    '/sites/:site/comments/:id/replies',
    describeRoute({
      tags: ['Comments'],
      summary: "More of a thread's replies",
      description: 'Approved replies to a top-level comment, oldest first, after the `repliesCursor` a list gave (or from the start).',
      responses: responses({ description: 'A page of replies', schema: replyListSchema }, [400, 403, 404]),
    }),
    validate('param', commentParamsSchema),
    validate('query', repliesQuerySchema),
    async (c) => {
      const { site, id } = c.req.valid('param');
      const query = c.req.valid('query');
      const { db, config } = c.get('deps');
      const replies = await listReplies({
        db,
        secret: config.secret,
        siteId: site,
        commentId: id,
        cursor: query.cursor,
        limit: query.limit,
        readerToken: query.reader ?? null,
      });
      return query.reader ? privateJson(c, replies) : publicJson(c, replies, PUBLIC_LIST);
    },
  );

  app.post(
    '/sites/:site/articles/:article/comments',
    describeRoute({
      tags: ['Comments'],
      summary: 'Post a comment or a reply',
      description:
        'Display name 1–40 characters, plain-text body 1–2,000 characters, optional `parentId` (a reply to a reply joins the top-level thread). With `ssoToken` (a token from the site\'s login, see `POST /v1/sites/{site}/sso/verify` for its refusals, 401) the comment carries the token\'s name and `verified: true`; a site in `sso-required` mode refuses comments without one (403 `sso_required`). When the site has house rules (`form.rules` of the list), a commenter\'s first comment under the current rules version must send that version as `rulesVersion` after the reader ticked their agreement (422 `rules_not_agreed` otherwise); the agreement is stored with the comment. The answer carries the comment (`pending: true` when it waits for review, shown to its author only) and a secret `editToken` that edits or deletes it until `editableUntil`; keep it, it is shown once. Refused with 422 and the reason for a banned word or a duplicate of a comment sent in the last 10 minutes, 409 when comments are closed, 429 with Retry-After past the site\'s rate limits, or 429 `challenge_required` past the address\'s soft ceiling: send again with a solved challenge as `proof` (GET /v1/sites/{site}/challenge). Answers (201 and 429) carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds) for the limit closest to exhaustion. The widget form sends `website` (a hidden honeypot, must stay empty) and `elapsedMs` (time spent on the form): a filled honeypot or a form sent in under two seconds gets a success-shaped answer and nothing is stored.',
      responses: responses({ status: 201, description: 'The posted comment and its edit token', schema: postedCommentSchema }, [
        400, 401, 403, 404, 409, 413, 422, 429,
      ]),
    }),
    validate('param', articleCommentsParamsSchema),
    validate('json', postCommentBodySchema),
    async (c) => {
      const { site, article } = c.req.valid('param');
      const body = c.req.valid('json');
      const { posted, events, quota } = await postComment({
        ...readerWrite(c, site, body.lang),
        externalId: article,
        readerToken: body.reader,
        name: body.name,
        body: body.body,
        ssoToken: body.ssoToken,
        rulesVersion: body.rulesVersion,
        parentId: body.parentId,
        honeypot: { website: body.website, elapsedMs: body.elapsedMs },
        page: pageOf(c, body),
        proof: body.proof,
      });
      await publish(c, events);
      if (quota) setRateLimitHeaders(c, quota);
      return privateJson(c, posted, 201);
    },
  );

  app.patch(
    '/sites/:site/comments/:id',
    describeRoute({
      tags: ['Comments'],
      summary: 'Edit a comment',
      description:
        "Replaces the body, with the `editToken` the comment was posted with, within the site's edit window (15 minutes by default). The new text is checked like a new comment: banned words are refused, and content that needs review (or pre-moderation) holds it again.",
      responses: responses({ description: 'The edited comment', schema: editedCommentSchema }, [400, 403, 404, 409, 413, 422]),
    }),
    validate('param', commentParamsSchema),
    validate('json', editCommentBodySchema),
    async (c) => {
      const { site, id } = c.req.valid('param');
      const body = c.req.valid('json');
      const { comment, events } = await editComment({ ...readerWrite(c, site, body.lang), commentId: id, editToken: body.editToken, body: body.body });
      await publish(c, events);
      return privateJson(c, { comment });
    },
  );

  app.delete(
    '/sites/:site/comments/:id',
    describeRoute({
      tags: ['Comments'],
      summary: 'Delete a comment',
      description: "Deletes the comment, with its `editToken`, within the site's edit window. Replies other readers wrote stay, as top-level comments.",
      responses: responses({ status: 204, description: 'Deleted' }, [400, 403, 404, 409]),
    }),
    validate('param', commentParamsSchema),
    validate('json', deleteCommentBodySchema),
    async (c) => {
      const { site, id } = c.req.valid('param');
      const body = c.req.valid('json');
      const { events } = await deleteComment({ ...readerWrite(c, site, body.lang), commentId: id, editToken: body.editToken });
      await publish(c, events);
      return c.body(null, 204);
    },
  );

  for (const [method, liked] of [['put', true], ['delete', false]] as const) {
    app[method](
      '/sites/:site/comments/:id/like',
      describeRoute({
        tags: ['Comments'],
        summary: liked ? 'Like a comment' : 'Withdraw a like',
        description: liked
          ? "One like per reader token; liking again changes nothing. Distinct readers per network per comment per day are capped like votes (429)."
          : 'Removes the reader\'s like, if any; withdrawing twice is harmless.',
        responses: responses({ description: 'The like state', schema: likeStateSchema }, liked ? [400, 403, 404, 429] : [400, 403, 404]),
      }),
      validate('param', commentParamsSchema),
      validate('json', likeBodySchema),
      async (c) => {
        const { site, id } = c.req.valid('param');
        const body = c.req.valid('json');
        const { state, events } = await setLike({ ...readerWrite(c, site, body.lang), commentId: id, readerToken: body.reader, liked });
        await publish(c, events);
        return privateJson(c, state);
      },
    );
  }

  app.post(
    '/sites/:site/comments/:id/reports',
    describeRoute({
      tags: ['Comments'],
      summary: 'Report a comment',
      description:
        "Reports a visible comment as `spam`, `abuse`, `off-topic` or `misinformation`; one report per reader counts, repeating it is harmless. When reports reach the site's threshold (3 by default) the comment is held for review.",
      responses: responses({ status: 202, description: 'The report is recorded', schema: reportReceiptSchema }, [400, 403, 404, 429]),
    }),
    validate('param', commentParamsSchema),
    validate('json', reportBodySchema),
    async (c) => {
      const { site, id } = c.req.valid('param');
      const body = c.req.valid('json');
      const { receipt, events } = await reportComment({ ...readerWrite(c, site, body.lang), commentId: id, readerToken: body.reader, reason: body.reason });
      await publish(c, events);
      return privateJson(c, receipt, 202);
    },
  );

  return app;
}

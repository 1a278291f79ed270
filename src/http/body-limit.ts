import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../lib/errors';

/** The readers' API takes small JSON objects (a vote, a comment); anything larger is refused before parsing. */
export const PUBLIC_BODY_LIMIT = 8 * 1024;
/** The most any other route accepts: the newsroom's settings and word lists, the dashboard's forms. */
export const BODY_LIMIT = 64 * 1024;

/** Where the readers' API lives, the only paths held to `PUBLIC_BODY_LIMIT`. */
const PUBLIC_API = /^\/v1\/sites\//;

/**
 * The body limit of a path, in bytes: what `limitBody` enforces and what the 413 answer and
 * the OpenAPI document state, so the three cannot disagree.
 */
export function bodyLimitFor(path: string): number {
  return PUBLIC_API.test(path) ? PUBLIC_BODY_LIMIT : BODY_LIMIT;
}

function tooLarge(bytes: number): never {
  const kilobytes = bytes / 1024;
  throw new AppError('payload_too_large', {
    id: `Isi permintaan terlalu besar (maksimal ${kilobytes} KB).`,
    en: `Request body too large (${kilobytes} KB at most).`,
  });
}

/**
 * Refuses bodies over the path's limit (`bodyLimitFor`), naming that limit. A declared
 * Content-Length is enough to decide (Node's parser never delivers more than it declares),
 * which keeps the request on @hono/node-server's fast path: Hono's `bodyLimit` touches
 * `req.raw.body`, and that alone turns every request into a full web Request with a streamed
 * body. Chunked bodies still go through `bodyLimit`.
 */
export function limitBody(): MiddlewareHandler {
  const streamed = Object.fromEntries(
    [PUBLIC_BODY_LIMIT, BODY_LIMIT].map((maxSize) => [maxSize, bodyLimit({ maxSize, onError: () => tooLarge(maxSize) })]),
  );
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const maxSize = bodyLimitFor(c.req.path);
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) tooLarge(maxSize);
      return next();
    }
    return streamed[maxSize]!(c, next);
  };
}

import type { MiddlewareHandler } from 'hono';
import { AppError } from '../lib/errors';

/** No request body the API accepts nests deeper than a few levels; 32 leaves room for every one. */
export const MAX_JSON_DEPTH = 32;

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * How deeply the arrays and objects of a JSON text nest, without parsing it: brackets inside
 * strings do not count. Stops counting once past `limit`.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/**
 * Refuses JSON bodies nested deeper than `maxDepth` with a 400 before anything parses or walks
 * them, so a small but deep body cannot make a validator or a recursive walk blow the stack.
 * Runs after the body-size limit, which bounds the text it reads.
 */
export function jsonDepthLimit(maxDepth = MAX_JSON_DEPTH): MiddlewareHandler {
  return async (c, next) => {
    // Only headers are read for requests that skip the check, so they stay on the Node
    // server's fast path (touching `c.req.raw.body` would build a full web Request).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (!JSON_MEDIA_TYPE.test(mediaType)) return next();
    const text = await c.req.text();
    if (jsonDepth(text, maxDepth) > maxDepth) {
      throw new AppError(
        'invalid_input',
        {
          id: `Isi permintaan bersarang terlalu dalam (maksimal ${maxDepth} tingkat).`,
          en: `The request body is nested too deeply (${maxDepth} levels at most).`,
        },
        { details: [{ path: 'body', message: `must nest at most ${maxDepth} levels deep` }] },
      );
    }
    return next();
  };
}

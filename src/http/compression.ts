import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';
import { acceptsGzip } from './accept-encoding';

const gzip = promisify(gzipCallback);

/** Below this a gzip header and trailer cost more than they save. */
const THRESHOLD_BYTES = 1024;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const VARIES_ON_ENCODING = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

/**
 * Gzip for the Node server (on Workers the edge compresses). Unlike `hono/compress` it never
 * calls `c.header` on a finished response, which makes Hono rebuild it as a full web Response
 * and takes every request off @hono/node-server's fast path (measured: about a third of an
 * anonymous poll read's CPU). Responses are only read when the client accepts gzip; bodies
 * under 1 KB go out as they are, larger ones are gzipped on libuv's thread pool.
 */
export function nodeCompression(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const headers = res.headers;
    const type = headers.get('content-type');
    if (
      c.req.method === 'HEAD' ||
      res.status === 204 ||
      res.status === 206 ||
      res.status === 304 ||
      !type ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) ||
      headers.has('content-encoding') ||
      headers.has('transfer-encoding') ||
      NO_TRANSFORM.test(headers.get('cache-control') ?? '')
    ) {
      return;
    }
    const vary = headers.get('vary');
    if (vary !== '*' && !(vary && VARIES_ON_ENCODING.test(vary))) headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    if (!acceptsGzip(c.req.header('accept-encoding'))) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const out = new Headers(headers);
    // Cleared first: assigning over a response makes Hono copy the old headers onto the new one.
    c.res = undefined;
    if (body.byteLength < THRESHOLD_BYTES) {
      c.res = new Response(body, { status: res.status, headers: out });
      return;
    }
    const compressed = await gzip(body);
    out.set('Content-Encoding', 'gzip');
    out.delete('Content-Length');
    const etag = out.get('etag');
    if (etag && !etag.startsWith('W/')) out.set('ETag', `W/${etag}`);
    c.res = new Response(new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength), { status: res.status, headers: out });
  };
}

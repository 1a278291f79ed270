import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CACHE_TTL_MS, type Serialized, serialize } from '../lib/cache';

/**
 * `Cache-Control` of the public answers built from live counts (the poll, comment pages):
 * browsers and shared caches keep them as long as this process may (`CACHE_TTL_MS`), then
 * revalidate in the background.
 */
export const LIVE_PUBLIC_CACHE = `public, max-age=${CACHE_TTL_MS / 1000}, stale-while-revalidate=30`;

/** The ETag of a serialized answer: weak, since gzip on the way out changes its bytes, not its meaning. */
export function etagOf(answer: Serialized): string {
  return `W/"${answer.digest}"`;
}

/** Whether If-None-Match names `etag`, strong or weak (compression turns a strong one weak). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const weak = etag.startsWith('W/') ? etag : `W/${etag}`;
  return ifNoneMatch.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || trimmed === etag || trimmed === weak || `W/${trimmed}` === weak;
  });
}

export type SharedAnswer = {
  /** `Cache-Control` for browsers and shared caches, e.g. `public, max-age=5`. */
  cacheControl: string;
  /** Every request header the body depends on, e.g. `Accept-Language`; added to `Vary`. */
  vary?: readonly string[];
};

/**
 * The one conditional-response helper: sends a JSON answer that is the same for everyone who
 * sends the same request, with its ETag, `Cache-Control` and `Vary`, or a 304 when the client's
 * If-None-Match already names it. Node routes and the Workers edge cache both answer through it.
 */
export function sendShared(c: Context, answer: Serialized, shared: SharedAnswer): Response {
  return sendConditional(c, { body: answer.json, etag: etagOf(answer) }, shared);
}

/** `sendShared` for a stored copy whose ETag was made by `etagOf` when it was first sent (the edge cache's). */
export function sendConditional(c: Context, { body, etag }: { body: string; etag: string }, { cacheControl, vary = [] }: SharedAnswer): Response {
  c.header('ETag', etag);
  c.header('Cache-Control', cacheControl);
  for (const name of vary) c.header('Vary', name, { append: true });
  if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  c.header('Content-Type', 'application/json; charset=UTF-8');
  return c.body(body, 200);
}

/** `sendShared` for an answer not taken from a cache: serializes it first. */
export function publicJson(c: Context, body: unknown, shared: SharedAnswer): Response {
  return sendShared(c, serialize(body), shared);
}

/** Sends a JSON body meant for this caller only (`private, no-store`). */
export function privateJson(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  c.header('Cache-Control', 'private, no-store');
  return c.json(body, status);
}

/** `privateJson` for an answer already serialized (newsroom analytics shared by its askers, a reader's poll). */
export function privateSerialized(c: Context, answer: Pick<Serialized, 'json'>): Response {
  c.header('Cache-Control', 'private, no-store');
  c.header('Content-Type', 'application/json');
  return c.body(answer.json);
}

import type { Context } from 'hono';

/** FNV-1a, enough to tell two tallies apart for conditional requests; not a security hash. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/** Serializations of bodies that services hand out again and again (e.g. a cached poll view). */
const serialized = new WeakMap<object, { text: string; etag: string }>();

function serialize(body: unknown): { text: string; etag: string } {
  const known = typeof body === 'object' && body !== null ? serialized.get(body) : undefined;
  if (known) return known;
  const text = JSON.stringify(body);
  const result = { text, etag: `W/"${text.length.toString(36)}-${fnv1a(text)}"` };
  if (typeof body === 'object' && body !== null) serialized.set(body, result);
  return result;
}

/**
 * Sends a JSON body that is the same for every reader (so shared caches may keep it briefly),
 * with an ETag and 304 for a matching If-None-Match. The body must not be mutated afterwards:
 * its serialization is remembered for as long as the object lives.
 */
export function publicJson(c: Context, body: unknown, cacheControl: string): Response {
  const { text, etag } = serialize(body);
  c.header('ETag', etag);
  c.header('Cache-Control', cacheControl);
  const match = c.req.header('if-none-match');
  if (match && match.split(',').some((candidate) => candidate.trim() === etag)) return c.body(null, 304);
  c.header('Content-Type', 'application/json; charset=UTF-8');
  return c.body(text, 200);
}

/** Serializations of private bodies, so an answer shared between requests is stringified once. */
const privateTexts = new WeakMap<object, string>();

/**
 * Sends a JSON body meant for this caller only (`private, no-store`). The body must not be
 * mutated afterwards: its serialization is remembered for as long as the object lives, which
 * is what lets one shared newsroom answer serve many requests for the cost of one stringify.
 */
export function privateJson(c: Context, body: unknown): Response {
  c.header('Cache-Control', 'private, no-store');
  if (typeof body !== 'object' || body === null) return c.json(body);
  let text = privateTexts.get(body);
  if (text === undefined) {
    text = JSON.stringify(body);
    privateTexts.set(body, text);
  }
  c.header('Content-Type', 'application/json');
  return c.body(text);
}

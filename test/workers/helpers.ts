import { env, exports } from 'cloudflare:workers';
import { d1Db } from '../../src/db/d1';

/** The suite's D1 (migrated by ./setup.ts) as the shared `Db`, for seeding and for checking rows. */
export const db = d1Db(env.DB);

/** A reader token as the widget makes one: 16 random bytes, base64url (workerd has no node:crypto here). */
export function readerToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export type Answer = { status: number; body: any; headers: Headers };

/**
 * A request through the Worker's real entry (`export default { fetch }` of src/worker.ts) with
 * the bindings from wrangler.toml, as Cloudflare would deliver it: the client address comes in
 * `CF-Connecting-IP`.
 */
export async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { 'cf-connecting-ip': '203.0.113.7', ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const response = await exports.default.fetch(new Request(`https://tanggap.test${path}`, init));
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

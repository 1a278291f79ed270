import type { ApiError, Target } from '../api';
import type { Prove } from '../challenge';

/** A failed comment request; `message` is the server's localized reason (422, 409, 429). */
export interface CommentError extends ApiError {
  code?: string;
}

/**
 * The address of `path` under the site's `/v1/sites/{site}/`, with `lang` in the query so errors
 * come back in the reader's language. The site id goes in as it is: one that needs escaping is
 * invalid anyway, and the API says so.
 */
export const siteUrl = (target: Target, path: string) =>
  `${target.base}/v1/sites/${target.site}/${path}${path.includes('?') ? '&' : '?'}lang=${target.lang}`;

/** `articles/{article}/{what}`, the article's id escaped (ids may hold slashes). */
export const articlePath = (target: Target, what: string) => `articles/${encodeURIComponent(target.article!)}/${what}`;

/**
 * One call to the comments API under `/v1/sites/{site}/`. Reads are CORS simple requests (no
 * preflight); writes send JSON. A write answered `challenge_required` (the reader's address is
 * busy) is sent once more with a solved challenge (challenge.js, loaded then); `checking` shows
 * that this is happening.
 */
export async function call<T>(target: Target, path: string, method?: string, body?: object, checking?: (text: string) => void): Promise<T> {
  const url = siteUrl(target, path);
  let response: Response;
  try {
    response = await fetch(url, method ? { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : undefined);
  } catch {
    throw { status: 0 } satisfies CommentError;
  }
  if (response.status === 204) return undefined as T;
  const json: any = await response.json().catch(() => 0);
  const error = json?.error;
  if (error?.code === 'challenge_required' && checking) {
    return (await target.load<Prove>('challenge'))(call, [target, path, method, body], checking);
  }
  if (!response.ok || !json) throw { status: response.status, message: error?.message, code: error?.code } satisfies CommentError;
  return json as T;
}

import type { ApiError, Target } from '../api';

/** A failed comment request; `message` is the server's localized reason (422, 409, 429). */
export interface CommentError extends ApiError {
  code?: string;
}

/** A proof-of-work challenge as GET /v1/sites/{site}/challenge answers it (ALTCHA v1). */
interface Challenge {
  challenge: string;
  salt: string;
}

/**
 * Finds n with SHA-256(salt + n) = challenge, WebCrypto only, and returns the proof the server
 * expects: base64 of the challenge's JSON with `number` added. About a second in a browser. The
 * server's challenge always has an answer (n ≤ maxnumber), so the search needs no bound.
 */
const solve = async (c: Challenge, n = 0): Promise<string> => {
  for (; ; n++) {
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(c.salt + n)));
    if (c.challenge === hash.reduce((hex, byte) => hex + (byte | 256).toString(16).slice(1), '')) return btoa(JSON.stringify({ ...c, number: n }));
  }
};

/**
 * One call to the comments API under `/v1/sites/{site}/`. Reads are CORS simple requests (no
 * preflight); writes send JSON. `lang` rides in the query so errors come back in the
 * reader's language. A write answered `challenge_required` (the reader's address is busy) is
 * sent once more with a solved challenge; `checking` shows that this is happening.
 */
export async function call<T>(target: Target, path: string, method?: string, body?: object, checking?: () => void): Promise<T> {
  const url = `${target.base}/v1/sites/${encodeURIComponent(target.site!)}/${path}${path.includes('?') ? '&' : '?'}lang=${target.lang}`;
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
    checking();
    return call<T>(target, path, method, { ...body, proof: await solve(await call<Challenge>(target, 'challenge')) });
  }
  if (!response.ok || !json) throw { status: response.status, message: error?.message, code: error?.code } satisfies CommentError;
  return json as T;
}

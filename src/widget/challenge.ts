import type { call } from './comments/api';

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
 * Sends a write again with a solved challenge, after it was answered `challenge_required` (the
 * reader's address is busy). `checking` shows "Memeriksa…" meanwhile; the reader does nothing.
 */
const prove = async <T>(send: typeof call, request: Parameters<typeof call>, checking: (text: string) => void): Promise<T> => {
  const [target, path, method, body] = request;
  checking(target.lang === 'en' ? 'Checking…' : 'Memeriksa…');
  return send<T>(target, path, method, { ...body, proof: await solve(await send<Challenge>(target, 'challenge')) });
};

/** What challenge.js hands more.js. */
export type Prove = typeof prove;

/**
 * Entry of challenge.js: only a reader whose address is past its soft ceiling ever needs it, so
 * more.js loads it (src/widget/chunk.ts) when a vote or comment is answered
 * `challenge_required`, and every other reader never downloads it.
 */
document.dispatchEvent(new CustomEvent('tanggap:challenge', { detail: prove }));

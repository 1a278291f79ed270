import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';
import { keyedHash } from '../lib/crypto';
import { AppError } from '../lib/errors';

/**
 * The proof-of-work a request past an address's soft ceiling carries (ALTCHA v1, SHA-256): the
 * client finds the number n ≤ `maxnumber` with SHA-256(salt + n) = challenge, on average
 * `CHALLENGE_MAX_NUMBER / 2` hashes. A browser doing one WebCrypto digest at a time needs about
 * a second for that; a script with native SHA-256 tens of milliseconds of a core — per
 * request, since each proof admits one. Figures in docs/SECURITY.md.
 */
export const CHALLENGE_MAX_NUMBER = 50_000;
/** A challenge must be solved and used within this; spent ones are remembered longer (the limiter's log keeps two days). */
export const CHALLENGE_TTL_MS = 10 * 60_000;

/** The HMAC key signing challenges, derived from the server secret so no new secret is needed. */
const challengeKey = (secret: string) => keyedHash(secret, 'challenge');

/**
 * A fresh challenge for one site, signed and expiring after `CHALLENGE_TTL_MS`. Nothing is
 * stored: the signature proves it is ours, and only a spent one is written down.
 */
export async function issueChallenge({ secret, siteId, now }: { secret: string; siteId: string; now: number }): Promise<Challenge> {
  return createChallenge({
    hmacKey: await challengeKey(secret),
    maxnumber: CHALLENGE_MAX_NUMBER,
    expires: new Date(now + CHALLENGE_TTL_MS),
    params: { site: siteId },
  });
}

function unsolved(): AppError {
  return new AppError(
    'challenge_required',
    {
      id: 'Tantangan tidak terpecahkan atau sudah kedaluwarsa. Minta tantangan baru lalu kirim lagi.',
      en: 'The challenge was not solved or has expired. Get a new challenge and send again.',
    },
    { details: [{ path: 'proof', message: 'must be a solved, unexpired challenge of this site (base64 JSON)' }] },
  );
}

/**
 * Checks a solution (the base64 JSON payload ALTCHA clients send) against our signature, the
 * site and the expiry, and returns its id, which the limiter records when it is spent so a
 * proof admits one request. A wrong, foreign or expired proof is `challenge_required` again.
 */
export async function verifyProof({ secret, siteId, proof, now }: { secret: string; siteId: string; proof: string; now: number }): Promise<string> {
  let params: Record<string, string>;
  try {
    params = extractParams(proof);
  } catch {
    throw unsolved();
  }
  const expires = Number(params.expires) * 1000;
  if (params.site !== siteId || !Number.isFinite(expires) || expires < now) throw unsolved();
  if (!(await verifySolution(proof, await challengeKey(secret), false))) throw unsolved();
  return (JSON.parse(atob(proof)) as { challenge: string }).challenge;
}

import * as v from 'valibot';
import { siteIdSchema } from '../sites/schemas';

/** A solved challenge as ALTCHA clients send it: base64 of its JSON payload. */
export const proofSchema = v.pipe(
  v.string('proof must be a string: the solved challenge, base64 JSON.'),
  v.maxLength(1000, 'proof must be at most 1,000 characters.'),
  v.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'proof must be base64 (the solved challenge as ALTCHA clients send it).'),
);

export const challengeParamsSchema = v.object({ site: siteIdSchema });

/** An ALTCHA v1 challenge: find n ≤ maxnumber with SHA-256(salt + n) = challenge. */
export const challengeSchema = v.object({
  algorithm: v.literal('SHA-256'),
  challenge: v.string(),
  maxnumber: v.number(),
  salt: v.string(),
  signature: v.string(),
});

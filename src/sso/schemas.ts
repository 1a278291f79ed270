import * as v from 'valibot';
import { localeSchema } from '../http/schemas';
import { siteIdSchema } from '../sites/schemas';

/** Longest token accepted: a few claims signed with HS256 are far shorter; bounds the work of a refusal. */
export const MAX_SSO_TOKEN_LENGTH = 2048;

/** A compact JWS as the site's login issues it: three base64url parts. */
export const ssoTokenSchema = (field: string) =>
  v.pipe(
    v.string(`${field} must be a string.`),
    v.maxLength(MAX_SSO_TOKEN_LENGTH, `${field} must be at most ${MAX_SSO_TOKEN_LENGTH} characters.`),
    v.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, `${field} must be a JWT: three base64url parts separated by dots.`),
  );

export const ssoSiteParamsSchema = v.object({ site: siteIdSchema });

export const ssoCheckBodySchema = v.strictObject({ token: ssoTokenSchema('token'), lang: v.optional(localeSchema) });

/** What a valid token signs in: the name comments will show, and until when. */
export const ssoIdentitySchema = v.object({
  name: v.string(),
  verified: v.literal(true),
  expiresAt: v.string(),
  /** The house rules version this account already agreed to, or null. */
  agreedRulesVersion: v.nullable(v.number()),
});

/** A freshly rotated SSO secret, shown this once. */
export const ssoSecretSchema = v.object({ secret: v.string(), rotatedAt: v.string() });

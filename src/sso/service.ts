import { and, eq, lt } from 'drizzle-orm';
// Hono's JWT helper (the `verify` of `hono/jwt`) from its utility entry: `hono/jwt` also
// declares the JWT middleware's context variable app-wide, which this API does not use.
import { Jwt } from 'hono/utils/jwt';
import * as v from 'valibot';
import { displayNameSchema } from '../comments/schemas';
import { agreedRulesVersion } from '../comments/rules';
import type { Db } from '../db/client';
import { siteSsoSecrets, ssoTokensSeen } from '../db/schema';
import { keyedHash, randomToken } from '../lib/crypto';
import { AppError, type Localized } from '../lib/errors';
import { DAY_MS } from '../lib/time';
import { siteLinkSchema } from '../sites/schemas';
import { loadSite, type Site } from '../sites/service';

/** The longest a token may live, `exp` after `iat`: the site's login hands out short-lived proof, not a session. */
export const SSO_MAX_LIFETIME_SECONDS = 24 * 3600;
/** Clock difference tolerated between the site's login server and this one, for `iat` and `nbf`. */
const CLOCK_SKEW_SECONDS = 60;
/** How long a token that signed someone in is remembered after it expires, to name a replay as such. */
export const SEEN_TOKEN_RETENTION_MS = 7 * DAY_MS;

/**
 * The claims a site's login puts in the token. `sub` is the site's own user id (stored only as
 * a keyed hash), `name` the name shown on the comment, `exp`/`iat`/`nbf` in Unix seconds;
 * `aud`, when present, must name this site.
 */
const ssoClaimsSchema = v.object({
  sub: v.pipe(v.string('sub must be a string.'), v.minLength(1, 'sub must not be empty.'), v.maxLength(256, 'sub must be at most 256 characters.')),
  name: displayNameSchema,
  avatar: v.optional(siteLinkSchema('avatar')),
  exp: v.pipe(v.number('exp must be a number of seconds since 1970.'), v.integer('exp must be whole seconds.')),
  iat: v.optional(v.pipe(v.number('iat must be a number of seconds since 1970.'), v.integer('iat must be whole seconds.'))),
  nbf: v.optional(v.number('nbf must be a number of seconds since 1970.')),
  aud: v.optional(v.union([v.string(), v.array(v.string())], 'aud must be the site id or a list of site ids.')),
});

/** A reader the site's login vouches for: the name to show and the keyed hash of their account. */
export type SignedInReader = { name: string; userHash: string; expiresAt: number };

/**
 * The site's SSO secret, derived rather than stored: HMAC(server secret, site, seed). HS256
 * needs the secret itself to verify, so a hash would not do; deriving it means a copy of the
 * database alone (a backup, a leaked Turso token) cannot mint sign-ins, and no encryption key
 * has to be managed beside the server secret.
 */
async function siteSsoSecret(serverSecret: string, siteId: string, seed: string): Promise<string> {
  return `sso_${await keyedHash(serverSecret, 'sso-secret', siteId, seed)}`;
}

/** The keyed hash of a site account: per site, so one person's accounts on two sites never link. */
export function ssoUserHash(serverSecret: string, siteId: string, sub: string): Promise<string> {
  return keyedHash(serverSecret, 'sso-user', siteId, sub);
}

/**
 * Makes a new SSO secret for the site, replacing any earlier one at once (tokens signed with
 * the old secret are refused from now on). The secret is returned only here.
 */
export async function rotateSsoSecret({ db, secret, siteId, now }: { db: Db; secret: string; siteId: string; now: number }): Promise<{ secret: string; rotatedAt: string }> {
  const seed = randomToken(32);
  await db
    .insert(siteSsoSecrets)
    .values({ siteId, seed, rotatedAt: now })
    .onConflictDoUpdate({ target: siteSsoSecrets.siteId, set: { seed, rotatedAt: now } });
  return { secret: await siteSsoSecret(secret, siteId, seed), rotatedAt: new Date(now).toISOString() };
}

/**
 * Refuses a settings change that would leave readers unable to comment: an `sso-*` mode needs
 * an SSO secret (or no token could be checked), and `sso-required` needs the login URL the
 * "Masuk untuk berkomentar" link opens.
 */
export async function assertCommentIdentityUsable({ db, siteId, identity, loginUrl }: { db: Db; siteId: string; identity: Site['settings']['commentIdentity']; loginUrl: string | null }): Promise<void> {
  if (identity === 'anonymous') return;
  const missing = (await ssoSecretRotatedAt({ db, siteId })) === null ? 'secret' : identity === 'sso-required' && loginUrl === null ? 'loginUrl' : null;
  if (!missing) return;
  throw new AppError(
    'unprocessable',
    missing === 'secret'
      ? { id: `Buat kunci SSO dulu (Pengaturan → Akun pembaca) sebelum memilih ${identity}.`, en: `Make an SSO secret first (Settings → Reader accounts) before choosing ${identity}.` }
      : { id: 'sso-required butuh ssoLoginUrl: alamat halaman masuk situs Anda.', en: "sso-required needs ssoLoginUrl: the address of your site's login page." },
    { details: [{ path: missing === 'secret' ? 'settings.commentIdentity' : 'settings.ssoLoginUrl', message: missing === 'secret' ? 'needs an SSO secret: POST /v1/newsroom/sites/{site}/sso/secret' : 'required for sso-required' }] },
  );
}

/** When the site's SSO secret was last made, or null when it has none. */
export async function ssoSecretRotatedAt({ db, siteId }: { db: Db; siteId: string }): Promise<number | null> {
  const [row] = await db.select({ rotatedAt: siteSsoSecrets.rotatedAt }).from(siteSsoSecrets).where(eq(siteSsoSecrets.siteId, siteId));
  return row?.rotatedAt ?? null;
}

function refusal(code: 'sso_token_invalid' | 'sso_token_forged' | 'sso_token_wrong_site' | 'sso_token_expired' | 'sso_token_replayed', message: Localized, detail: string, path: string): AppError {
  return new AppError(code, message, { details: [{ path, message: detail }] });
}

function invalid(path: string, reason: Localized, detail: string): AppError {
  return refusal(
    'sso_token_invalid',
    { id: `Token masuk tidak valid: ${reason.id}. Masuk lagi melalui situs.`, en: `The sign-in token is invalid: ${reason.en}. Sign in again through the site.` },
    detail,
    path,
  );
}

function audiences(aud: unknown): string[] {
  return (Array.isArray(aud) ? aud : [aud]).filter((entry): entry is string => typeof entry === 'string');
}

function wrongSite(site: Site, aud: string[], path: string): AppError {
  return refusal(
    'sso_token_wrong_site',
    {
      id: `Token masuk ini dibuat untuk situs lain (${aud.join(', ')}), bukan "${site.id}". Masuk melalui situs ini.`,
      en: `This sign-in token was made for another site (${aud.join(', ')}), not "${site.id}". Sign in through this site.`,
    },
    `aud must name "${site.id}"`,
    path,
  );
}

/** Whether SSO is off for the site, or on but without a secret yet: either way no token can be checked. */
function notEnabled(site: Site, hasSecret: boolean): AppError {
  return new AppError(
    'sso_not_enabled',
    hasSecret || site.settings.commentIdentity === 'anonymous'
      ? {
          id: 'Situs ini tidak memakai akun situs untuk komentar; kirim komentar tanpa token masuk.',
          en: 'This site does not use site accounts for comments; send the comment without a sign-in token.',
        }
      : {
          id: 'Situs ini belum selesai menyiapkan masuk dengan akun situs (kunci SSO belum dibuat di pengaturan redaksi).',
          en: "This site has not finished setting up sign-in with its accounts (no SSO secret has been made in the newsroom's settings).",
        },
  );
}

/**
 * Checks a token from the site's login and returns who it signs in. Each way a token can fail
 * has its own code and message: malformed or with bad claims (`sso_token_invalid`), not signed
 * with this site's secret (`sso_token_forged`), made for another site (`sso_token_wrong_site`),
 * expired on arrival (`sso_token_expired`), or expired after it was already used here
 * (`sso_token_replayed`). Time comes from `now`, not the system clock, so the refusals can be
 * tested. A token that signs someone in is remembered (as a keyed hash) until a week after it
 * expires; that memory is what tells a replay from a late token.
 */
export async function verifySsoToken({ db, secret, site, token, path, now }: { db: Db; secret: string; site: Site; token: string; path: string; now: number }): Promise<SignedInReader> {
  const [stored] = await db.select({ seed: siteSsoSecrets.seed }).from(siteSsoSecrets).where(eq(siteSsoSecrets.siteId, site.id));
  if (site.settings.commentIdentity === 'anonymous' || !stored) throw notEnabled(site, Boolean(stored));
  let payload: Record<string, unknown>;
  try {
    // Time claims are checked below against `now`; hono's own checks read the system clock.
    payload = await Jwt.verify(token, await siteSsoSecret(secret, site.id, stored.seed), { alg: 'HS256', exp: false, nbf: false, iat: false });
  } catch (error) {
    if ((error as Error).name !== 'JwtTokenSignatureMismatched') {
      throw invalid(path, { id: 'bukan JWT HS256 yang utuh', en: 'it is not a well-formed HS256 JWT' }, 'must be a JWT signed with HS256');
    }
    const claimed = audiences(Jwt.decode(token).payload.aud);
    if (claimed.length > 0 && !claimed.includes(site.id)) throw wrongSite(site, claimed, path);
    throw refusal(
      'sso_token_forged',
      {
        id: 'Token masuk ini tidak ditandatangani dengan kunci SSO situs ini, jadi ditolak. Masuk lagi melalui situs.',
        en: "This sign-in token was not signed with this site's SSO secret, so it is refused. Sign in again through the site.",
      },
      "signature does not match the site's SSO secret",
      path,
    );
  }
  const parsed = v.safeParse(ssoClaimsSchema, payload);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const claim = String(issue.path?.[0]?.key ?? 'claims');
    throw invalid(`${path}.${claim}`, { id: `klaim ${claim} salah (${issue.message})`, en: `the ${claim} claim is wrong (${issue.message})` }, issue.message);
  }
  const claims = parsed.output;
  if (claims.aud !== undefined && !audiences(claims.aud).includes(site.id)) throw wrongSite(site, audiences(claims.aud), path);
  const nowSeconds = Math.floor(now / 1000);
  if ((claims.nbf ?? 0) > nowSeconds + CLOCK_SKEW_SECONDS || (claims.iat ?? 0) > nowSeconds + CLOCK_SKEW_SECONDS) {
    throw invalid(
      path,
      { id: 'waktunya di masa depan (periksa jam server login situs)', en: "it is dated in the future (check the clock of the site's login server)" },
      'iat and nbf must not be in the future',
    );
  }
  if (claims.exp - (claims.iat ?? nowSeconds) > SSO_MAX_LIFETIME_SECONDS) {
    throw invalid(path, { id: 'masa berlakunya lebih dari 24 jam', en: 'it is valid for more than 24 hours' }, 'exp must be at most 24 hours after iat');
  }
  const tokenHash = await keyedHash(secret, 'sso-token', token);
  if (claims.exp <= nowSeconds) {
    const [seen] = await db.select({ tokenHash: ssoTokensSeen.tokenHash }).from(ssoTokensSeen).where(and(eq(ssoTokensSeen.tokenHash, tokenHash), eq(ssoTokensSeen.siteId, site.id)));
    if (seen) {
      throw refusal(
        'sso_token_replayed',
        { id: 'Sesi masuk Anda sudah berakhir. Masuk lagi untuk berkomentar.', en: 'Your sign-in has ended. Sign in again to comment.' },
        'token expired after it was used; the page must ask the site for a new one',
        path,
      );
    }
    throw refusal(
      'sso_token_expired',
      {
        id: 'Token masuk sudah kedaluwarsa saat tiba. Masuk lagi; bila terus terjadi, periksa jam server login situs.',
        en: "The sign-in token had already expired when it arrived. Sign in again; if this keeps happening, check the clock of the site's login server.",
      },
      'exp is in the past',
      path,
    );
  }
  const expiresAt = claims.exp * 1000;
  await db.batch([
    db.insert(ssoTokensSeen).values({ tokenHash, siteId: site.id, expiresAt }).onConflictDoNothing(),
    db.delete(ssoTokensSeen).where(lt(ssoTokensSeen.expiresAt, now - SEEN_TOKEN_RETENTION_MS)),
  ]);
  return { name: claims.name, userHash: await ssoUserHash(secret, site.id, claims.sub), expiresAt };
}

/**
 * What the widget learns when a page signs a reader in: the name their comments will carry,
 * until when, and which house rules version they already agreed to (so the form can skip the tick).
 */
export async function checkSsoToken(input: { db: Db; secret: string; siteId: string; token: string; now: number }) {
  const site = await loadSite({ db: input.db, siteId: input.siteId });
  const reader = await verifySsoToken({ ...input, site, path: 'token' });
  return {
    name: reader.name,
    verified: true as const,
    expiresAt: new Date(reader.expiresAt).toISOString(),
    agreedRulesVersion: await agreedRulesVersion({ db: input.db, siteId: site.id, authorHash: reader.userHash }),
  };
}

/** The refusal for an `sso-required` site's comment without a sign-in. */
export function signInRequired(): AppError {
  return new AppError('sso_required', {
    id: 'Masuk dulu dengan akun Anda di situs ini untuk berkomentar.',
    en: 'Sign in with your account on this site to comment.',
  }, { details: [{ path: 'ssoToken', message: 'required: this site accepts comments from signed-in readers only' }] });
}

import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import * as v from 'valibot';
import { type AppEnv, requestTime } from '../../http/context';
import { invalidInput } from '../../http/validate';
import { constantTimeEqual } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import { loadSite, type Site } from '../../sites/service';
import { siteParamsSchema } from '../schemas';
import { admitLoginAttempt, authenticateKey, createSession, endSession, type Principal, type Role, readSession, roleRank, SESSION_TTL_MS } from './service';

export type NewsroomEnv = {
  Variables: AppEnv['Variables'] & { principal: Principal; site: Site };
};

/** Over https the cookie gets the `__Host-` prefix, pinning it to this host and path `/`. */
const SESSION_COOKIE = 'tanggap_session';
const cookiePrefix = (secure: boolean) => (secure ? ('host' as const) : undefined);

/** Whether the request reached us over https (directly or via the configured public URL). */
export function isHttps(c: Context): boolean {
  const publicUrl = (c as Context<AppEnv>).get('deps').config.publicUrl;
  if (publicUrl) return publicUrl.startsWith('https:');
  return new URL(c.req.url).protocol === 'https:';
}

/** The session id from the signed cookie, or null. */
export async function sessionIdFrom(c: Context<NewsroomEnv>): Promise<string | null> {
  const secret = c.get('deps').config.secret;
  for (const secure of [true, false]) {
    const value = await getSignedCookie(c, secret, SESSION_COOKIE, cookiePrefix(secure));
    if (value) return value;
  }
  return null;
}

/** Resolves the caller from `Authorization: Bearer <key>` or the session cookie, else 401. */
export async function resolvePrincipal(c: Context<NewsroomEnv>): Promise<Principal | null> {
  const { db, config } = c.get('deps');
  const at = requestTime(c);
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return null;
    return authenticateKey({ db, secret: config.secret, adminKey: config.adminKey, production: config.production, key: match[1], now: at });
  }
  const sessionId = await sessionIdFrom(c);
  if (!sessionId) return null;
  return readSession({ db, secret: config.secret, sessionId, now: at });
}

export function missingCredentials(): AppError {
  return new AppError('unauthorized', {
    id: 'Masuk dulu: kirim kunci API di header Authorization (Bearer) atau masuk lewat /newsroom.',
    en: 'Sign in first: send an API key in the Authorization header (Bearer) or sign in at /newsroom.',
  });
}

/** Every newsroom API route but sign-in: no credentials, no entry. */
export function authenticate(): MiddlewareHandler<NewsroomEnv> {
  return async (c, next) => {
    const principal = await resolvePrincipal(c);
    if (!principal) throw missingCredentials();
    c.set('principal', principal);
    await next();
  };
}

const roleNames: Record<Role, { id: string; en: string }> = {
  viewer: { id: 'viewer', en: 'viewer' },
  moderator: { id: 'moderator', en: 'moderator' },
  admin: { id: 'admin', en: 'admin' },
};

/** Throws 403 unless the principal may act on `siteId` with at least `role`. */
export function assertAccess(principal: Principal, siteId: string, role: Role): void {
  if (principal.siteId !== null && principal.siteId !== siteId) {
    throw new AppError('forbidden', {
      id: `Kunci ini tidak berlaku untuk situs "${siteId}".`,
      en: `This key is not valid for site "${siteId}".`,
    });
  }
  if (roleRank[principal.role] < roleRank[role]) {
    throw new AppError('forbidden', {
      id: `Tindakan ini perlu peran ${roleNames[role].id} atau lebih tinggi; kunci ini berperan ${roleNames[principal.role].id}.`,
      en: `This needs the ${roleNames[role].en} role or higher; this key is a ${roleNames[principal.role].en}.`,
    });
  }
}

/**
 * Session requests that change state must echo the session's CSRF token (header
 * `X-CSRF-Token`, or form field `_csrf`). Key requests carry no ambient credential, so
 * they need none.
 */
export async function assertCsrf(c: Context<NewsroomEnv>, principal: Principal): Promise<void> {
  if (principal.via !== 'session' || ['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return;
  let presented = c.req.header('x-csrf-token');
  if (!presented && /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('content-type') ?? '')) {
    const form = await c.req.parseBody({ all: true });
    const field = Array.isArray(form._csrf) ? form._csrf[0] : form._csrf;
    presented = typeof field === 'string' ? field : undefined;
  }
  if (!presented || !principal.csrfToken || !constantTimeEqual(presented, principal.csrfToken)) {
    throw new AppError('csrf_failed', {
      id: 'Formulir kedaluwarsa atau tidak berasal dari dasbor. Muat ulang halaman lalu coba lagi.',
      en: 'The form expired or did not come from the dashboard. Reload the page and try again.',
    });
  }
}

/**
 * Guards a session write outside `/sites/:site/…` (signing out): without it, any page could
 * end a moderator's session with a cross-site request.
 */
export function requireCsrf(): MiddlewareHandler<NewsroomEnv> {
  return async (c, next) => {
    await assertCsrf(c, c.get('principal'));
    await next();
  };
}

/**
 * Guards a `/sites/:site/…` route: the site id must be well formed (a 400 naming `site`, before
 * anything is looked up or echoed back), the caller's key must belong to the site (or be the
 * instance admin's) and hold `role`, and session writes must pass CSRF. Sets `site`.
 */
export function requireRole(role: Role): MiddlewareHandler<NewsroomEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    const parsed = v.safeParse(siteParamsSchema, { site: c.req.param('site') });
    if (!parsed.success) throw invalidInput('param', parsed.issues.map((issue) => ({ message: issue.message, path: ['site'] })));
    const siteId = parsed.output.site;
    assertAccess(principal, siteId, role);
    await assertCsrf(c, principal);
    c.set('site', await loadSite({ db: c.get('deps').db, siteId }));
    await next();
  };
}

/**
 * Guards what only the instance admin may do (create or delete a site): session writes must
 * pass CSRF first, then the key must be the instance's (`siteId` null), else 403.
 */
export function requireInstanceAdmin(): MiddlewareHandler<NewsroomEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    await assertCsrf(c, principal);
    assertInstanceAdmin(principal);
    await next();
  };
}

/** Throws 403 unless the principal is the instance admin, who alone creates and deletes sites. */
export function assertInstanceAdmin(principal: Principal): void {
  if (principal.siteId !== null || principal.role !== 'admin') {
    throw new AppError('forbidden', {
      id: 'Hanya admin instans (kunci TANGGAP_ADMIN_KEY) yang boleh membuat atau menghapus situs.',
      en: 'Only the instance admin (the TANGGAP_ADMIN_KEY key) may create or delete sites.',
    });
  }
}

/**
 * Signs in with a key: checks the login rate limit and the key, opens a session and sets its
 * signed, HttpOnly, SameSite=Strict cookie (Secure over https).
 */
export async function signIn(c: Context<NewsroomEnv>, key: string): Promise<{ principal: Principal; csrfToken: string; expiresAt: number }> {
  const { db, config, clientInfo } = c.get('deps');
  const at = requestTime(c);
  await admitLoginAttempt({ db, secret: config.secret, clientIp: clientInfo(c).ip, now: at });
  const principal = await authenticateKey({ db, secret: config.secret, adminKey: config.adminKey, production: config.production, key: key.trim(), now: at });
  const session = await createSession({ db, secret: config.secret, keyId: principal.keyId, now: at });
  const secure = isHttps(c);
  await setSignedCookie(c, SESSION_COOKIE, session.sessionId, config.secret, {
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
    prefix: cookiePrefix(secure),
  });
  return { principal: { ...principal, via: 'session', csrfToken: session.csrfToken }, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

/** Ends the current session (if any) and clears its cookie. */
export async function signOut(c: Context<NewsroomEnv>): Promise<void> {
  const sessionId = await sessionIdFrom(c);
  if (sessionId) await endSession({ db: c.get('deps').db, secret: c.get('deps').config.secret, sessionId });
  const secure = isHttps(c);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Strict', prefix: cookiePrefix(secure) });
}

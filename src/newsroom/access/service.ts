import { and, eq, isNull, sql } from 'drizzle-orm';
import type * as v from 'valibot';
import type { Db } from '../../db/client';
import { apiKeys, sessions, sites as sitesTable } from '../../db/schema';
import { constantTimeEqual, keyedHash, randomToken, sha256 } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import type { AppEvent } from '../../lib/events';
import { appCache, cacheKey, keysSubject } from '../../lib/cache';
import type { createdKeySchema, keySummarySchema } from './schemas';
import { admitHit, SIGNIN_RULE } from '../../ratelimit/service';
import { addressGroup } from '../../readers/service';

export type Role = 'viewer' | 'moderator' | 'admin';

export const roleRank: Record<Role, number> = { viewer: 0, moderator: 1, admin: 2 };

/** Who is calling: one API key, presented directly or through a dashboard session. */
export type Principal = {
  keyId: number;
  /** Null for the instance admin, who may act on every site. */
  siteId: string | null;
  role: Role;
  name: string;
  via: 'key' | 'session';
  /** The session's CSRF token; state-changing session requests must echo it. */
  csrfToken: string | null;
};

/** Keys are shown once; only this keyed hash is stored, so a database leak reveals no key. */
const hashKey = (secret: string, key: string) => keyedHash(secret, 'api-key', key);

const KEY_PREFIX = 'tgp_';

/** A new key: `tgp_` plus 192 random bits. */
export function generateKey(): string {
  return `${KEY_PREFIX}${randomToken(24)}`;
}

function unauthorized(): AppError {
  return new AppError('unauthorized', {
    id: 'Kunci API tidak dikenal, sudah dicabut, atau sesi sudah berakhir. Masuk lagi dengan kunci yang berlaku.',
    en: 'Unknown or revoked API key, or the session has ended. Sign in again with a valid key.',
  });
}

type VerifiedKey = { id: number; siteId: string | null; role: Role; name: string };

/**
 * The verified keys in the app cache. Keys verified recently are cached by their keyed
 * hash (never the key itself), so a dashboard polling the API costs an HMAC, not a lookup plus,
 * for the instance key, an upsert per request. Only successes are kept: a key created a moment
 * ago is found by the next miss. A revocation in this process ends every verified key at once,
 * including a verification that read the row before it committed; another process (a second
 * Node instance, a Worker isolate) keeps accepting a revoked key for at most `CACHE_TTL_MS`.
 * Sessions are not cached: their row is read on every request.
 */
/** Where a verified key is remembered: under its SHA-256, so a request that presents it again computes no HMAC. */
const verifiedKeyCacheKey = (keyDigest: string) => cacheKey({ kind: 'api-key', siteId: '', page: [keyDigest] });

/**
 * The principal a presented key stands for. The instance key from `TANGGAP_ADMIN_KEY` is
 * compared in constant time and gets a row on first use (so sessions and the moderation log
 * can refer to it); every other key is found by its hash. In production an instance key
 * counts only when it is the configured one. A verified key is trusted for `CACHE_TTL_MS`
 * (see `keysSubject`), so `lastUsedAt` is exact to about a minute plus that.
 */
export async function authenticateKey({
  db,
  secret,
  adminKey,
  production,
  key,
  now,
}: {
  db: Db;
  secret: string;
  adminKey: string | undefined;
  production: boolean;
  key: string;
  now: number;
}): Promise<Principal> {
  if (key.length < 24 || key.length > 200) throw unauthorized();
  const remembered = verifiedKeyCacheKey(await sha256(key));
  const isConfiguredAdmin = adminKey !== undefined && constantTimeEqual(key, adminKey);
  // An instance key counts in production only when it is the configured one: this depends on the
  // app's configuration, not the row, so it is checked on every request, cached or not.
  const refusedHere = (siteId: string | null) => siteId === null && production && !isConfiguredAdmin;
  // Concurrent requests with one key share one verification (a dashboard's parallel requests,
  // the moment the remembered one ages out).
  const verified = await appCache(db).remember<VerifiedKey>(
    remembered,
    async () => {
      const keyHash = await hashKey(secret, key);
      if (isConfiguredAdmin) {
        await db
          .insert(apiKeys)
          .values({ siteId: null, role: 'admin', name: 'Instance admin (TANGGAP_ADMIN_KEY)', prefix: key.slice(0, 8), keyHash })
          .onConflictDoNothing();
      }
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).limit(1);
      if (!row || row.revokedAt !== null || !constantTimeEqual(row.keyHash, keyHash) || refusedHere(row.siteId)) throw unauthorized();
      if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
        await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
      }
      return { id: row.id, siteId: row.siteId, role: row.role, name: row.name };
    },
    keysSubject,
  );
  if (refusedHere(verified.siteId)) throw unauthorized();
  return { keyId: verified.id, siteId: verified.siteId, role: verified.role, name: verified.name, via: 'key', csrfToken: null };
}

export type CreatedKey = v.InferOutput<typeof createdKeySchema>;

/** Creates a key and returns it in full, the only time it is ever visible. */
export async function createKey({
  db,
  secret,
  siteId,
  role,
  name,
}: {
  db: Db;
  secret: string;
  siteId: string | null;
  role: Role;
  name: string;
}): Promise<CreatedKey> {
  const key = generateKey();
  const prefix = key.slice(0, 10);
  const [row] = await db
    .insert(apiKeys)
    .values({ siteId, role, name, prefix, keyHash: await hashKey(secret, key) })
    .returning({ id: apiKeys.id });
  if (!row) throw new Error('key insert returned no row');
  return { id: row.id, key, prefix, name, role, siteId };
}

export type KeySummary = v.InferOutput<typeof keySummarySchema>;

/** A site's keys, newest first, without anything secret. */
export async function listKeys({ db, siteId }: { db: Db; siteId: string }): Promise<KeySummary[]> {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.siteId, siteId))
    .orderBy(sql`${apiKeys.id} DESC`);
}

/**
 * Revokes a site's key and ends its sessions at once. Its `keys.revoked` event empties the
 * verified-key cache, so this process refuses the key from the next request on; other
 * processes within `CACHE_TTL_MS`.
 */
export async function revokeKey({ db, siteId, keyId, now }: { db: Db; siteId: string; keyId: number; now: number }): Promise<{ events: AppEvent[] }> {
  const [updated] = await db.batch([
    db
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.siteId, siteId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id }),
    db.delete(sessions).where(sql`${sessions.keyId} = ${keyId} AND EXISTS (SELECT 1 FROM api_keys WHERE id = ${keyId} AND site_id = ${siteId})`),
  ]);
  if (updated.length === 0) {
    throw new AppError('not_found', {
      id: `Kunci #${keyId} tidak ada di situs ini atau sudah dicabut.`,
      en: `Key #${keyId} does not exist on this site or is already revoked.`,
    });
  }
  return { events: [{ type: 'keys.revoked', siteId }] };
}

/**
 * On a development instance without `TANGGAP_ADMIN_KEY`: makes an instance admin key the
 * first time and returns it (to print once), or null when one already exists.
 */
export async function ensureLocalAdminKey({ db, secret }: { db: Db; secret: string }): Promise<string | null> {
  const [existing] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(isNull(apiKeys.siteId), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (existing) return null;
  const created = await createKey({ db, secret, siteId: null, role: 'admin', name: 'Instance admin (generated at first start)' });
  return created.key;
}

export const SESSION_TTL_MS = 12 * 3_600_000;

const hashSession = (secret: string, id: string) => keyedHash(secret, 'session', id);

/** Opens a dashboard session for a key; the cookie carries `sessionId`, the database only its hash. */
export async function createSession({ db, secret, keyId, now }: { db: Db; secret: string; keyId: number; now: number }) {
  const sessionId = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = now + SESSION_TTL_MS;
  await db.batch([
    db.delete(sessions).where(sql`${sessions.expiresAt} < ${now}`),
    db.insert(sessions).values({ idHash: await hashSession(secret, sessionId), keyId, csrfToken, expiresAt }),
  ]);
  return { sessionId, csrfToken, expiresAt };
}

/** The principal behind a live session of a key that is still valid. */
export async function readSession({
  db,
  secret,
  sessionId,
  now,
}: {
  db: Db;
  secret: string;
  sessionId: string;
  now: number;
}): Promise<Principal> {
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      siteId: apiKeys.siteId,
      role: apiKeys.role,
      name: apiKeys.name,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(sessions)
    .innerJoin(apiKeys, eq(apiKeys.id, sessions.keyId))
    .where(eq(sessions.idHash, await hashSession(secret, sessionId)))
    .limit(1);
  if (!row || row.expiresAt <= now || row.revokedAt !== null) throw unauthorized();
  return { keyId: row.keyId, siteId: row.siteId, role: row.role, name: row.name, via: 'session', csrfToken: row.csrfToken };
}

export async function endSession({ db, secret, sessionId }: { db: Db; secret: string; sessionId: string }): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, await hashSession(secret, sessionId)));
}

/**
 * Counts a sign-in attempt from one client under the limiter's `signin` policy (by keyed hash
 * of its address, an IPv6 /64) and refuses past twenty in fifteen minutes, so keys cannot be
 * guessed online. The attempt counts whether or not the key turns out right.
 */
export async function admitLoginAttempt({ db, secret, clientIp, now }: { db: Db; secret: string; clientIp: string; now: number }) {
  const key = `signin:address:${await keyedHash(secret, 'login-ip', addressGroup(clientIp))}`;
  await admitHit({
    db,
    key,
    rule: SIGNIN_RULE,
    now,
    message: () => ({
      id: 'Terlalu banyak percobaan masuk. Tunggu beberapa menit lalu coba lagi.',
      en: 'Too many sign-in attempts. Wait a few minutes and try again.',
    }),
  });
}

/** The sites a principal may open: its own, or every site for the instance admin. */
export async function sitesFor({ db, principal }: { db: Db; principal: Principal }): Promise<{ id: string; name: string }[]> {
  const query = db.select({ id: sitesTable.id, name: sitesTable.name }).from(sitesTable);
  return principal.siteId === null
    ? query.orderBy(sitesTable.id)
    : query.where(eq(sitesTable.id, principal.siteId));
}

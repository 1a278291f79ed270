import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { dailySalts, voteNetworkUsage } from '../db/schema';
import { keyedHash, randomToken } from '../lib/crypto';
import { DAY_MS, utcDay } from '../lib/time';
import { perDb } from '../lib/cache';

/** What the transport knows about the caller; hashed here and never stored or logged raw. */
export type ClientInfo = { ip: string; userAgent: string };

/** A reader as the database sees them: keyed hashes only. */
export type ReaderKeys = {
  /** HMAC(secret, reader token): stable across days, identifies the reader's own votes and comments. */
  readerHash: string;
  /** HMAC(secret, today's salt, ip, user agent): links requests from one network for one day only. */
  networkHash: string;
  day: string;
};

/** Today's salt per database handle: one day's, replaced when the day changes. */
const saltCache = perDb<Db, { day: string; salt: Promise<string> | null }>(() => ({ day: '', salt: null }));

/**
 * Today's salt, created by whichever process asks first (a single INSERT … ON CONFLICT, so
 * racing processes agree). Creating a new day's salt also deletes salts and network usage
 * older than yesterday, which makes old network keys unlinkable to anything.
 */
export function dailySalt(db: Db, now: number): Promise<string> {
  const day = utcDay(now);
  const cache = saltCache(db);
  if (cache.day === day && cache.salt) return cache.salt;
  const cutoff = utcDay(now - DAY_MS);
  const salt = db
    .batch([
      db.insert(dailySalts).values({ day, salt: randomToken(32) }).onConflictDoNothing(),
      db.delete(dailySalts).where(lt(dailySalts.day, cutoff)),
      db.delete(voteNetworkUsage).where(lt(voteNetworkUsage.day, cutoff)),
      db.select({ salt: dailySalts.salt }).from(dailySalts).where(eq(dailySalts.day, day)),
    ])
    .then((results) => {
      const row = results[3][0];
      if (!row) throw new Error(`daily salt for ${day} missing after insert`);
      return row.salt;
    });
  cache.day = day;
  cache.salt = salt;
  salt.catch(() => {
    if (cache.salt === salt) cache.salt = null;
  });
  return salt;
}

export function hashReaderToken(secret: string, token: string): Promise<string> {
  return keyedHash(secret, 'reader', token);
}

export async function identifyReader({
  db,
  secret,
  token,
  client,
  now,
}: {
  db: Db;
  secret: string;
  token: string;
  client: ClientInfo;
  now: number;
}): Promise<ReaderKeys> {
  const salt = await dailySalt(db, now);
  const [readerHash, networkHash] = await Promise.all([
    hashReaderToken(secret, token),
    keyedHash(secret, 'network', salt, client.ip, client.userAgent),
  ]);
  return { readerHash, networkHash, day: utcDay(now) };
}

import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { dailySalts, voteNetworkUsage } from '../db/schema';
import { keyedHash, randomToken } from '../lib/crypto';
import { DAY_MS, utcDay } from '../lib/time';
import { perDb } from '../lib/ttl-cache';

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

const saltCache = perDb<Db, Map<string, Promise<string>>>(() => new Map());

/**
 * Today's salt, created by whichever process asks first (a single INSERT … ON CONFLICT, so
 * racing processes agree). Creating a new day's salt also deletes salts and network usage
 * older than yesterday, which makes old network keys unlinkable to anything.
 */
export function dailySalt(db: Db, now: number): Promise<string> {
  const day = utcDay(now);
  const cache = saltCache(db);
  let salt = cache.get(day);
  if (!salt) {
    cache.clear();
    const cutoff = utcDay(now - DAY_MS);
    salt = db
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
    cache.set(day, salt);
    salt.catch(() => cache.delete(day));
  }
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

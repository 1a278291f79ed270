import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Ballots } from '../reactions/service';
import { dailySalts } from '../db/schema';
import { keyedHash, randomToken } from '../lib/crypto';
import { DAY_MS, utcDay } from '../lib/time';
import { perDb } from '../lib/cache';
import { admitHit, READER_DATA_RULE } from '../ratelimit/service';

/** What the transport knows about the caller; hashed here and never stored or logged raw. */
export type ClientInfo = { ip: string; userAgent: string };

/**
 * A reader asking about their own data (export, erasure): their token, and where votes live
 * besides the database (`ballots`: the articles' objects on Workers).
 */
export type ReaderRequest = { db: Db; ballots?: Ballots | undefined; secret: string; siteId: string; readerToken: string; client: ClientInfo; now: number };

/**
 * Counts a reader data request (export, erasure) against the client's address, an IPv6 /64
 * (`READER_DATA_RULE`), and refuses past it: the token is the client's to change, the address
 * is not.
 */
export async function admitDataRequest({ db, secret, client, now }: Pick<ReaderRequest, 'db' | 'secret' | 'client' | 'now'>): Promise<void> {
  await admitHit({
    db,
    key: `reader-data:address:${await keyedHash(secret, 'reader-data-ip', addressGroup(client.ip))}`,
    rule: READER_DATA_RULE,
    now,
    message: () => ({
      id: 'Terlalu banyak permintaan data pembaca dari alamat jaringan ini. Tunggu beberapa menit lalu coba lagi.',
      en: 'Too many reader data requests from this network address. Wait a few minutes and try again.',
    }),
  });
}

/** A reader as the database sees them: keyed hashes only. */
export type ReaderKeys = {
  /** HMAC(secret, reader token): stable across days, identifies the reader's own votes and comments. */
  readerHash: string;
  /** HMAC(secret, today's salt, ip, user agent): links requests from one network for one day only. */
  networkHash: string;
  /**
   * HMAC(secret, today's salt, address group): the address alone, an IPv6 address grouped by
   * its /64 (one subscriber's whole prefix), so rotating the User-Agent, the token or the
   * interface id does not make a new key.
   */
  addressHash: string;
  day: string;
};

/** Today's salt per database handle: one day's, replaced when the day changes. */
const saltCache = perDb<Db, { day: string; salt: Promise<string> | null }>(() => ({ day: '', salt: null }));

/**
 * Today's salt, created by whichever process asks first (a single INSERT … ON CONFLICT, so
 * racing processes agree). Creating a new day's salt also deletes salts older than yesterday,
 * which makes old network and address keys unlinkable to anything.
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
      db.select({ salt: dailySalts.salt }).from(dailySalts).where(eq(dailySalts.day, day)),
    ])
    .then((results) => {
      const row = results[2][0];
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
  const [readerHash, networkHash, addressHash] = await Promise.all([
    hashReaderToken(secret, token),
    keyedHash(secret, 'network', salt, client.ip, client.userAgent),
    hashAddress({ db, secret, ip: client.ip, now }),
  ]);
  return { readerHash, networkHash, addressHash, day: utcDay(now) };
}

/** The address key of the day: the address group under today's salt. */
async function hashAddress({ db, secret, ip, now }: { db: Db; secret: string; ip: string; now: number }): Promise<string> {
  return keyedHash(secret, 'address', await dailySalt(db, now), addressGroup(ip));
}

/**
 * What one subscriber controls: an IPv4 address (also when written IPv4-mapped, `::ffff:a.b.c.d`),
 * or an IPv6 address's /64 prefix, since a host picks its interface id freely within it.
 *
 * @example addressGroup('2001:db8:1:2:aaaa::1') === '2001:db8:1:2::/64'
 */
export function addressGroup(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const hextets = tail === undefined ? headParts : [...headParts, ...Array(Math.max(0, 8 - headParts.length - tailParts.length)).fill('0'), ...tailParts];
  return `${hextets.slice(0, 4).map((part) => part.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

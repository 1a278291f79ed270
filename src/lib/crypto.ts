/**
 * Keyed hashing and random values on WebCrypto, which Node 20 and workerd both provide, so
 * reader and network keys come out identical on either runtime for the same secret.
 */

import { BoundedMap } from './cache';

const encoder = new TextEncoder();

/**
 * Imported HMAC keys by secret (the app's, each webhook's), bounded in bytes so a newsroom that
 * adds and removes hooks cannot grow it: a key is counted as its secret plus an imported key.
 */
export const hmacKeys = new BoundedMap<string, Promise<CryptoKey>>(256 * 1024, (secret) => secret.length * 2 + 512);

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    hmacKeys.set(secret, key);
  }
  return key;
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Node's own HMAC when running on Node. WebCrypto's `sign` hands every call to a worker
 * thread and back, which costs tens of microseconds per vote; the synchronous HMAC costs a
 * few. Found without an import so the Workers bundle neither includes nor needs `node:crypto`.
 */
const nodeCrypto = (globalThis as { process?: NodeJS.Process }).process?.getBuiltinModule?.('node:crypto');

/**
 * HMAC-SHA256 of the parts joined by a separator that cannot occur in them unescaped,
 * base64url-encoded. Different `purpose`s never collide. Same bytes on Node and workerd.
 */
export async function keyedHash(secret: string, purpose: string, ...parts: string[]): Promise<string> {
  const message = [purpose, ...parts.map((part) => part.replace(/\\/g, '\\\\').replace(/\n/g, '\\n'))].join('\n');
  if (nodeCrypto) return nodeCrypto.createHmac('sha256', secret).update(message).digest('base64url');
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message));
  return base64url(new Uint8Array(signature));
}

/**
 * SHA-256 of a text, base64url-encoded: a name for a secret that is itself unguessable (an API
 * key), to find what was already verified about it without the HMAC its stored hash takes.
 */
export async function sha256(text: string): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(text).digest('base64url');
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

/** Hex HMAC-SHA256 of a body, the form webhook receivers expect to verify. */
export async function hmacHex(secret: string, body: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(body));
  return [...new Uint8Array(signature)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Random bytes are drawn from the system this many at a time and handed out once each: one
 * call for a token's 24 bytes cost about as much as one for 4 KiB (4 µs against 11 µs here).
 */
const RANDOM_POOL_BYTES = 4096;
let randomPool = new Uint8Array(0);
let randomOffset = 0;

function randomBytes(count: number): Uint8Array {
  if (count > RANDOM_POOL_BYTES) return crypto.getRandomValues(new Uint8Array(count));
  if (randomOffset + count > randomPool.length) {
    randomPool = crypto.getRandomValues(new Uint8Array(RANDOM_POOL_BYTES));
    randomOffset = 0;
  }
  randomOffset += count;
  return randomPool.subarray(randomOffset - count, randomOffset);
}

/** A random base64url token of `bytes` bytes (16 bytes = 128 bits). */
export function randomToken(bytes = 24): string {
  return base64url(randomBytes(bytes));
}

/** Compares two strings in time that depends only on their lengths, never on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let difference = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}

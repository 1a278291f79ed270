import { describe, expect, it } from 'vitest';
import { base64url, keyedHash, sha256 } from '../../src/lib/crypto';

/** The WebCrypto computation workerd performs, to prove Node's fast path gives the same keys. */
async function webCryptoHash(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message))));
}

describe('keyedHash', () => {
  it('gives the same reader and network keys as WebCrypto, so Node and Workers agree', async () => {
    const secret = 'a-secret-that-is-at-least-32-characters-long';
    expect(await keyedHash(secret, 'reader', 'tok')).toBe(await webCryptoHash(secret, 'reader\ntok'));
    expect(await keyedHash(secret, 'network', 'salt', '10.0.0.1', 'Mozilla/5.0\nx')).toBe(
      await webCryptoHash(secret, 'network\nsalt\n10.0.0.1\nMozilla/5.0\\nx'),
    );
  });
});

describe('sha256', () => {
  it('is SHA-256 in base64url, as WebCrypto computes it', async () => {
    expect(await sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    const text = 'tg_kunci-API-yang-panjang-🙂';
    expect(await sha256(text)).toBe(base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))));
  });
});

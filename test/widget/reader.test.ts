import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh module per test: the in-memory fallback token is module state. */
const load = async () => {
  vi.resetModules();
  return import('../../src/widget/reader');
};

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

afterEach(() => vi.unstubAllGlobals());

describe('reader token', () => {
  it('is 128 random bits as four 32-bit numbers in base64url characters, different every time', async () => {
    const { newToken } = await load();
    const tokens = new Set(Array.from({ length: 200 }, newToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(TOKEN);
    for (const token of tokens) expect(token.split('-').map(Number).every((part) => Number.isInteger(part) && part >= 0 && part < 2 ** 32)).toBe(true);
    expect([...tokens].every((token) => token.split('-').length === 4)).toBe(true);
  });

  it('is stored only once the reader votes, then reused', async () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    const { ensureToken, readToken, STORAGE_KEY } = await load();
    expect(readToken()).toBeNull();
    expect(storage.length).toBe(0);
    const token = ensureToken();
    expect(storage.getItem(STORAGE_KEY)).toBe(token);
    expect(ensureToken()).toBe(token);
    expect(readToken()).toBe(token);
  });

  it('ignores a stored value that is not a token', async () => {
    const storage = memoryStorage();
    storage.setItem('tanggap:reader', 'short');
    vi.stubGlobal('localStorage', storage);
    const { readToken } = await load();
    expect(readToken()).toBeNull();
  });

  it('lives in memory for the page view when storage throws', async () => {
    vi.stubGlobal('localStorage', {
      getItem() {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    const { ensureToken, readToken } = await load();
    const token = ensureToken();
    expect(token).toMatch(TOKEN);
    expect(readToken()).toBe(token);
    expect(ensureToken()).toBe(token);
  });
});

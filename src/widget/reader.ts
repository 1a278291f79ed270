/**
 * The reader token lets the server recognise a returning reader's vote without cookies.
 * It is stored only when the reader first votes, so merely viewing a page stores nothing.
 * When storage throws (private modes, sandboxed iframes, blocked storage) the token lives
 * in memory for this page view only.
 */
export const STORAGE_KEY = 'tanggap:reader';

let memoryToken: string | null = null;

/** 16 random bytes as unpadded base64url: 22 characters, 128 bits. */
export const newToken = (): string =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .slice(0, 22);

export function readToken(): string | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && /^[\w-]{22,64}$/.test(stored)) return stored;
  } catch {
    // storage unavailable: fall back to the in-memory token
  }
  return memoryToken;
}

export function ensureToken(): string {
  const token = readToken() || (memoryToken = newToken());
  try {
    localStorage.setItem(STORAGE_KEY, token);
  } catch {
    // keep the in-memory token
  }
  return token;
}

/**
 * The reader token lets the server recognise a returning reader's vote without cookies.
 * It is stored only when the reader first votes, so merely viewing a page stores nothing.
 * When storage throws (private modes, sandboxed iframes, blocked storage) the token lives
 * in memory for this page view only.
 */
export const STORAGE_KEY = 'tanggap:reader';

let memoryToken: string | null = null;

/**
 * 128 random bits as four decimal 32-bit numbers joined by `-` (characters the server's
 * base64url rule allows): about 40 characters, and shorter to build than base64url, which
 * matters inside widget.js's 3 KB. Fewer than the server's minimum of 22 characters would
 * take the four numbers to have at most 18 digits among them (odds below 1 in 10^18).
 */
export const newToken = (): string => crypto.getRandomValues(new Uint32Array(4)).join('-');

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

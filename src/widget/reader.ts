/**
 * The reader token lets the server recognise a returning reader's vote without cookies.
 * It is stored only when the reader first votes, so merely viewing a page stores nothing.
 * When storage throws (private modes, sandboxed iframes, blocked storage) the token lives
 * in memory for this page view only.
 */
export const STORAGE_KEY = 'tanggap:reader';

/** Set once this browser has reported a comment: from its next page view on, complaints.js shows the outcomes. */
export const COMPLAINTS_KEY = 'tanggap:reported';

let memoryToken: string | null = null;

/**
 * 128 random bits as four decimal 32-bit numbers joined by `-` (characters the server's
 * base64url rule allows): about 40 characters, and shorter to build than base64url, which
 * matters inside widget.js's 3 KB. Fewer than the server's minimum of 22 characters would
 * take the four numbers to have at most 18 digits among them (odds below 1 in 10^18).
 */
export const newToken = (): string => crypto.getRandomValues(new Uint32Array(4)).join('-');

/**
 * localStorage that never throws: a blocked store reads as empty and forgets writes. Exported
 * so that more.js gets this copy with the token functions instead of carrying its own.
 */
export const load = (key: string): string | null | undefined => {
  try {
    return localStorage.getItem(key);
  } catch {
    return undefined;
  }
};

/** Writes through to localStorage (see `load`) and returns the value. */
export const store = <T extends string>(key: string, value: T): T => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage blocked: the value lasts for this page view only
  }
  return value;
};

/** The stored token if it is well formed, else this page view's in-memory one. */
export const readToken = (): string | null => {
  const stored = load(STORAGE_KEY);
  return stored && /^[\w-]{22,64}$/.test(stored) ? stored : memoryToken;
};

/** The reader's token, made and stored at the first write (a vote, a comment, a like). */
export const ensureToken = (): string => store(STORAGE_KEY, readToken() || (memoryToken = newToken()));

import { AppError } from '../lib/errors';
import type { SiteSettings } from '../sites/schemas';
import { countLinks } from './render';
import { defaultBannedWords, defaultSuspectWords } from './words';

/**
 * Why a comment waits for a moderator; stored in `comments.held_reason`. `reports` is set
 * later, when readers' reports reach the site's threshold.
 */
export type HeldReason = 'suspect-word' | 'links' | 'muted' | 'pre-moderation' | 'first-comment' | 'reports';

/** Characters people swap in for letters to slip past filters ("4nj1ng", "sh!t", "b@ngsat"). */
const LOOKALIKES: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', $: 's', '!': 'i', '|': 'l', '€': 'e',
};

/** Endings that leave the insult intact: Indonesian clitics and particles, English inflections. */
const SUFFIXES = new Set(['', 'nya', 'lah', 'kah', 'mu', 'ku', 'lu', 'in', 'an', 'kan', 'i', 's', 'es', 'ed', 'er', 'ers', 'ing', 'y']);

/** Words this short match only whole, so "asus" is not "asu" and "skill" is not "kill". */
const MIN_STEM_FOR_SUFFIX = 4;

/** How many links a comment may carry before it waits for review. */
export const MAX_LINKS = 2;

function collapseRepeats(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

/** Every reading of one raw token: lookalikes mapped (a "1" may be an i or an l), repeats collapsed. */
function readings(raw: string): string[] {
  const token = raw.replace(/[@$!|€]+$/u, '');
  if (token === '') return [];
  const asI = [...token].map((char) => LOOKALIKES[char] ?? char).join('');
  const variants = new Set([asI, token.includes('1') ? asI.replace(/i/g, (_, offset: number) => (token[offset] === '1' ? 'l' : 'i')) : asI]);
  return [...variants].map(collapseRepeats);
}

/**
 * The words a text can be read as, for matching against word lists: case and accents folded,
 * lookalike digits and symbols mapped to letters, repeated letters collapsed ("anjjjing"), and
 * runs of single characters joined ("a n j 1 n g", "f.u.c.k") into one word.
 *
 * @example normalizedWords('A n j 1 n g!') // ['anjing', 'anjlng']
 */
export function normalizedWords(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const tokens = folded.match(/[\p{L}\p{N}@$!|€]+/gu) ?? [];
  const words: string[] = [];
  let spelled = '';
  const flushSpelled = () => {
    if ([...spelled].length >= 3) words.push(...readings(spelled));
    spelled = '';
  };
  for (const token of tokens) {
    if ([...token].length === 1) {
      spelled += token;
      continue;
    }
    flushSpelled();
    words.push(...readings(token));
  }
  flushSpelled();
  return words;
}

/** A list word in the same folded form the text is read in. */
function normalizeListWord(word: string): string {
  return readings(word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}@$!|€]/gu, ''))[0] ?? '';
}

/** A word list ready for matching: each folded stem with the first list entry it came from. */
type CompiledList = Map<string, { entry: string; index: number }>;

/** Lists are compiled once per list (site settings are cached objects), not once per comment. */
const compiledLists = new WeakMap<readonly string[], CompiledList>();

function compile(list: readonly string[]): CompiledList {
  let compiled = compiledLists.get(list);
  if (!compiled) {
    compiled = new Map();
    list.forEach((entry, index) => {
      const stem = normalizeListWord(entry);
      if (stem !== '' && !compiled!.has(stem)) compiled!.set(stem, { entry, index });
    });
    compiledLists.set(list, compiled);
  }
  return compiled;
}

/**
 * The list entry a text word is, if any: the word itself, or a stem of at least four letters
 * plus one of the harmless endings. When several entries match, the earliest in the list wins.
 */
function lookup(word: string, compiled: CompiledList): { entry: string; index: number } | undefined {
  let best = compiled.get(word);
  for (const suffix of SUFFIXES) {
    if (suffix === '' || !word.endsWith(suffix)) continue;
    const stem = word.slice(0, word.length - suffix.length);
    if (stem.length < MIN_STEM_FOR_SUFFIX) continue;
    const hit = compiled.get(stem);
    if (hit && (!best || hit.index < best.index)) best = hit;
  }
  return best;
}

/** The first list word the text contains, as the list spells it, or null. */
export function findListedWord(text: string, list: readonly string[]): string | null {
  const compiled = compile(list);
  if (compiled.size === 0) return null;
  for (const word of normalizedWords(text)) {
    const hit = lookup(word, compiled);
    if (hit) return hit.entry;
  }
  return null;
}

/** Refuses text containing one of the site's banned words, saying which and what to do. */
export function assertNoBannedWords(text: string, settings: SiteSettings, field: 'body' | 'name'): void {
  const word = findListedWord(text, settings.bannedWords ?? defaultBannedWords);
  if (word === null) return;
  const where = field === 'body' ? { id: 'Komentar', en: 'Your comment' } : { id: 'Nama', en: 'Your name' };
  throw new AppError(
    'comment_refused',
    {
      id: `${where.id} memuat kata yang tidak diizinkan di situs ini ("${word}"). Ubah kata itu lalu kirim lagi.`,
      en: `${where.en} contains a word this site does not allow ("${word}"). Change it and send again.`,
    },
    { details: [{ path: field, message: `contains the banned word "${word}"` }] },
  );
}

export type ModerationContext = {
  settings: SiteSettings;
  /** The reader is muted on this site until a later time. */
  muted: boolean;
  /** The reader already has an approved comment on this site. */
  hasApprovedComment: boolean;
};

/**
 * Whether a comment (already past the banned-word check) is shown at once or waits for a
 * moderator, and why. Content reasons come first so a moderator sees the most useful one.
 */
export function heldReason(text: string, { settings, muted, hasApprovedComment }: ModerationContext): HeldReason | null {
  if (findListedWord(text, settings.suspectWords ?? defaultSuspectWords) !== null) return 'suspect-word';
  if (countLinks(text) > MAX_LINKS) return 'links';
  if (muted) return 'muted';
  if (settings.moderationMode === 'pre') return 'pre-moderation';
  if (settings.moderationMode === 'first-comment' && !hasApprovedComment) return 'first-comment';
  return null;
}

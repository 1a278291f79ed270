import {
  collapseDuplicatesTransformer,
  parseRawPattern,
  RegExpMatcher,
  resolveConfusablesTransformer,
  resolveLeetSpeakTransformer,
  skipNonAlphabeticTransformer,
  toAsciiLowerCaseTransformer,
  type MatchPayload,
} from 'obscenity';
import { AppError } from '../lib/errors';
import { BoundedMap } from '../lib/cache';
import type { SiteSettings } from '../sites/schemas';
import { countLinks } from './render';
import type { TrustLevel } from './trust';
import { defaultBannedWords, defaultSuspectWords, innocentWords } from './words';

/**
 * Why a comment waits for a moderator; stored in `comments.held_reason`. `reports` is set
 * later, when readers' reports reach the site's threshold.
 */
export type HeldReason = 'suspect-word' | 'links' | 'muted' | 'pre-moderation' | 'first-comment' | 'reports';

/** How many links a comment may carry before it waits for review. */
export const MAX_LINKS = 2;

/** Endings that leave the insult intact: Indonesian clitics and particles, English inflections. */
const ENDINGS = new Set(['nya', 'lah', 'kah', 'mu', 'ku', 'lu', 'in', 'an', 'kan', 'i', 's', 'es', 'ed', 'er', 'ers', 'ing', 'y']);

/** Words this short match only whole, so "asus" is not "asu" and "skill" is not "kill". */
const MIN_STEM_FOR_ENDINGS = 4;

/**
 * Words this long also match glued inside a longer word ("dasarbangsat", "bajingannya"); shorter
 * ones only where a word starts, because Indonesian is full of innocent words that contain
 * them ("pantai", "masuk", "banjir", "perekonomian", "pembunuhan").
 */
const MIN_STEM_ANYWHERE = 6;

/**
 * The obscenity transformers, in order: lookalike letters from other scripts and styles
 * (Cyrillic "а", small capital "ᴀ", fullwidth, mathematical), leet-speak ("4"→a, "$"→s, "!"→i),
 * case, every character that is not a Latin letter skipped (spaces, "-", "_", "*", emoji, dots),
 * and repeated letters collapsed ("anjjjing").
 */
const textTransformers = () => [
  resolveConfusablesTransformer(),
  resolveLeetSpeakTransformer(),
  toAsciiLowerCaseTransformer(),
  skipNonAlphabeticTransformer(),
  collapseDuplicatesTransformer({ defaultThreshold: 1 }),
];

const RIGHT_TO_LEFT_OVERRIDE = '\u202E';
const LEFT_TO_RIGHT_OVERRIDE = '\u202D';
const LEFT_TO_RIGHT_EMBEDDING = '\u202A';
const RIGHT_TO_LEFT_EMBEDDING = '\u202B';
const POP_DIRECTIONAL_FORMATTING = '\u202C';

/**
 * A line as a screen shows it: text after a right-to-left override (up to its pop or the end of
 * the line) is drawn reversed, so "\u202Etasgnab" reads "bangsat". Embeddings and isolates do
 * not reverse Latin letters; they are only tracked so each pop closes the right run.
 */
function displayOrder(line: string): string {
  const runs: { reversed: boolean; parts: string[] }[] = [{ reversed: false, parts: [] }];
  const close = () => {
    const run = runs.pop()!;
    runs.at(-1)!.parts.push((run.reversed ? run.parts.reverse() : run.parts).join(''));
  };
  for (const char of line) {
    if (char === RIGHT_TO_LEFT_OVERRIDE || char === LEFT_TO_RIGHT_OVERRIDE || char === RIGHT_TO_LEFT_EMBEDDING || char === LEFT_TO_RIGHT_EMBEDDING) {
      runs.push({ reversed: char === RIGHT_TO_LEFT_OVERRIDE, parts: [] });
    } else if (char === POP_DIRECTIONAL_FORMATTING) {
      if (runs.length > 1) close();
    } else {
      runs.at(-1)!.parts.push(char);
    }
  }
  while (runs.length > 1) close();
  return runs[0]!.parts.join('');
}

/** Compatibility forms folded, accents and other combining marks dropped, format characters removed. */
function plain(text: string): string {
  return text.normalize('NFKD').replace(/[\p{M}\p{Cf}]+/gu, '');
}

/**
 * The texts a reader can be shown for one comment: as stored, and (when it holds a
 * right-to-left override) as drawn on screen. Each has zero-width characters, bidi controls,
 * soft hyphens and combining marks removed, so none of them can split a word.
 */
export function readings(text: string): string[] {
  const stored = plain(text);
  if (!text.includes(RIGHT_TO_LEFT_OVERRIDE)) return [stored];
  const shown = plain(text.split(/(\r\n|[\n\r\u2028\u2029])/u).map(displayOrder).join(''));
  return shown === stored ? [stored] : [stored, shown];
}

/** A character that belongs to a word: a letter, a digit, or a leet-speak letter ("b@ngs4t", "a$u"). */
const WORD_CHAR = /[\p{L}\p{N}@$]/u;

function isWordChar(text: string, index: number): boolean {
  const code = text.codePointAt(index);
  return code !== undefined && WORD_CHAR.test(String.fromCodePoint(code));
}

/** A list word in the form the transformed text is matched in: Latin letters, lower case, no repeats. */
function stemOf(word: string): string {
  return plain(word).toLowerCase().replace(/[^a-z]/g, '').replace(/([a-z])\1+/g, '$1');
}

/**
 * A compiled list word; `anywhere` when it is long enough to be matched glued inside a word.
 * `ranks[i]` is its place in list `i` of the lists compiled together (undefined: not in it) and
 * `spellings[i]` how that list spells it.
 */
type ListEntry = { stem: string; anywhere: boolean; ranks: (number | undefined)[]; spellings: (string | undefined)[] };

/** Word lists compiled into one obscenity matcher; term ids are indexes into `entries`. */
type CompiledList = { matcher: RegExpMatcher; entries: ListEntry[] };

/**
 * What the compiled lists may take in memory. A compiled matcher measured about 6 bytes of heap
 * per character of its lists; each is counted as `COMPILED_BYTES_PER_CHAR` per character of its
 * key, a margin over that. Full lists (500 words of 64 characters each) count about 0.6 MB, so the
 * default lists and many sites' own fit, and a flood of distinct lists evicts the oldest.
 */
export const COMPILED_LISTS_MAX_BYTES = 8 * 1024 * 1024;
const COMPILED_BYTES_PER_CHAR = 18;

/** Lists compiled once per distinct content, least recently used out first. */
export const compiledLists = new BoundedMap<string, CompiledList | null>(COMPILED_LISTS_MAX_BYTES, (key) => key.length * COMPILED_BYTES_PER_CHAR);

/** Compiles lists once per distinct content (site settings are re-read, their lists rarely change). */
function compile(lists: readonly (readonly string[])[]): CompiledList | null {
  const key = lists.map((list) => list.join('\n')).join('\n\u0000\n');
  const cached = compiledLists.get(key);
  if (cached !== undefined) return cached;
  const entries: ListEntry[] = [];
  const byStem = new Map<string, ListEntry>();
  lists.forEach((list, which) => {
    let rank = 0;
    for (const word of list) {
      const stem = stemOf(word);
      if (stem === '') continue;
      let entry = byStem.get(stem);
      if (!entry) {
        entry = { stem, anywhere: plain(word).replace(/[^\p{L}]/gu, '').length >= MIN_STEM_ANYWHERE, ranks: lists.map(() => undefined), spellings: lists.map(() => undefined) };
        byStem.set(stem, entry);
        entries.push(entry);
      }
      if (entry.ranks[which] !== undefined) continue;
      entry.ranks[which] = rank++;
      entry.spellings[which] = word;
    }
  });
  const compiled =
    entries.length === 0
      ? null
      : {
          entries,
          matcher: new RegExpMatcher({
            blacklistedTerms: entries.map(({ stem }, id) => ({ id, pattern: parseRawPattern(stem) })),
            blacklistMatcherTransformers: textTransformers(),
            whitelistedTerms: [...innocentWords],
            whitelistMatcherTransformers: [toAsciiLowerCaseTransformer()],
          }),
        };
  compiledLists.set(key, compiled);
  return compiled;
}

/** Whatever follows a listed word in its own word is nothing, more of its last letter, or a harmless ending. */
function isHarmlessEnding(rest: string, stem: string): boolean {
  const letters = rest.toLowerCase();
  const trimmed = letters.replace(new RegExp(`^${stem.at(-1)}+`), '');
  if (trimmed === '') return true;
  return stem.length >= MIN_STEM_FOR_ENDINGS && (ENDINGS.has(letters) || ENDINGS.has(trimmed));
}

/**
 * Whether a match found in the transformed text is a use of the word and not an accident of
 * skipping separators. The match must start where a word starts (long words may carry a glued
 * prefix inside one word), and what follows it in its last word must be a harmless ending
 * (long words matched inside one word may be followed by anything). A short word split by
 * spaces counts only when spelled out letter by letter ("a s u"), so "Bab I" is not "babi".
 * So "b a n g s a t", "bang sat", "bang-sat" and "dasarbangsat" are the word, and
 * "bangsa tercinta" or "kita ikut" are not.
 */
function isUse(text: string, match: MatchPayload, { stem, anywhere }: ListEntry): boolean {
  const { startIndex: start, endIndex: end } = match;
  let wordStart = start;
  while (wordStart > 0 && isWordChar(text, wordStart - 1)) wordStart -= 1;
  let wordEnd = end + 1;
  while (wordEnd < text.length && isWordChar(text, wordEnd)) wordEnd += 1;
  const span = text.slice(start, end + 1);
  const spansWords = [...span].some((char) => !WORD_CHAR.test(char));
  if (anywhere && !spansWords) return true;
  if (!anywhere && wordStart < start) return false;
  if (!anywhere && /\s/u.test(span) && span.split(/\s+/u).some((piece) => [...piece.replace(/[^\p{L}\p{N}@$]/gu, '')].length > 1)) return false;
  return isHarmlessEnding(text.slice(end + 1, wordEnd), stem);
}

/**
 * For each list, the first of its words the text uses, as the list spells it, or null; when
 * several match, the earliest in the list wins. One scan of the text serves every list. Sees
 * through lookalike letters, leet-speak, separators inside a word, repeated letters, invisible
 * characters and right-to-left overrides.
 *
 * @example findListedWords('dasar b@ng-s4t!', [['bangsat'], ['anjing']]) // ['bangsat', null]
 */
export function findListedWords(text: string, lists: readonly (readonly string[])[]): (string | null)[] {
  const compiled = compile(lists);
  const best: { rank: number; word: string }[] = [];
  if (!compiled) return lists.map(() => null);
  const improves = (entry: ListEntry) => entry.ranks.some((rank, which) => rank !== undefined && (best[which] === undefined || rank < best[which].rank));
  for (const reading of readings(text)) {
    for (const match of compiled.matcher.getAllMatches(reading)) {
      const entry = compiled.entries[match.termId]!;
      if (!improves(entry) || !isUse(reading, match, entry)) continue;
      entry.ranks.forEach((rank, which) => {
        if (rank !== undefined && (best[which] === undefined || rank < best[which].rank)) best[which] = { rank, word: entry.spellings[which]! };
      });
    }
  }
  return lists.map((_, which) => best[which]?.word ?? null);
}

/** `findListedWords` for one list. */
export function findListedWord(text: string, list: readonly string[]): string | null {
  return findListedWords(text, [list])[0]!;
}

/** What the site's word lists say of one text: the first banned word it uses (or null), and whether it uses a suspect word. */
export type Screened = { banned: string | null; suspect: boolean };

/** Screens a text against the site's banned and suspect words in one scan. */
export function screenWords(text: string, settings: SiteSettings): Screened {
  const [banned, suspect] = findListedWords(text, [settings.bannedWords ?? defaultBannedWords, settings.suspectWords ?? defaultSuspectWords]);
  return { banned: banned ?? null, suspect: suspect != null };
}

/** Refuses a field whose text uses one of the site's banned words (`screenWords`), saying which and what to do. */
export function assertNoBannedWord({ banned: word }: Screened, field: 'body' | 'name'): void {
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
  /** The text uses a suspect word (`screenWords`). */
  suspect: boolean;
  /** The reader is muted on this site until a later time. */
  muted: boolean;
  /**
   * The author's trust level (src/comments/trust.ts): `tepercaya` passes the suspect-word and
   * first-comment holds, `baru` is held in `first-comment` mode. Null where it decides nothing:
   * a post that neither uses a suspect word nor is under `first-comment` moderation, or a baru
   * author's edit (its comment was admitted already, so no first-comment hold applies).
   */
  trust: TrustLevel | null;
};

/**
 * Whether a comment (already past the banned-word check) is shown at once or waits for a
 * moderator, and why. Content reasons come first so a moderator sees the most useful one.
 */
export function heldReason(text: string, { settings, suspect, muted, trust }: ModerationContext): HeldReason | null {
  if (suspect && trust !== 'tepercaya') return 'suspect-word';
  if (countLinks(text) > MAX_LINKS) return 'links';
  if (muted) return 'muted';
  if (settings.moderationMode === 'pre') return 'pre-moderation';
  if (settings.moderationMode === 'first-comment' && trust === 'baru') return 'first-comment';
  return null;
}

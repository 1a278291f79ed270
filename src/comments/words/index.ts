import { englishWords } from './en';
import { indonesianWords } from './id';

/** The shipped lists, used while a site's `bannedWords` / `suspectWords` setting is null. */
export const defaultBannedWords: readonly string[] = [...indonesianWords.banned, ...englishWords.banned];
export const defaultSuspectWords: readonly string[] = [...indonesianWords.suspect, ...englishWords.suspect];

/**
 * Ordinary words that contain a listed word glued inside them; a match inside one of these is
 * not a use of the listed word. Applies to every list, the site's own included.
 */
export const innocentWords: readonly string[] = [...indonesianWords.innocent, ...englishWords.innocent];

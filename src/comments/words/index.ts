import { englishWords } from './en';
import { indonesianWords } from './id';

/** The shipped lists, used while a site's `bannedWords` / `suspectWords` setting is null. */
export const defaultBannedWords: readonly string[] = [...indonesianWords.banned, ...englishWords.banned];
export const defaultSuspectWords: readonly string[] = [...indonesianWords.suspect, ...englishWords.suspect];

/**
 * Indonesian defaults. Banned words are refused outright: sexual vulgarities and insults that
 * have no innocent reading. Suspect words also have a plain meaning ("anjing" is a dog, "babi"
 * a pig) or are often used heatedly about people, so a comment using them is held for a
 * moderator instead of refused. A site replaces either list in its settings. Innocent words
 * contain a listed word glued inside them and are never a use of it.
 */
export const indonesianWords = {
  banned: ['bangsat', 'bajingan', 'kontol', 'memek', 'ngentot', 'entot', 'jancok', 'jancuk', 'pelacur', 'lonte', 'perek', 'keparat', 'pepek'],
  suspect: ['anjing', 'anjir', 'asu', 'tai', 'babi', 'monyet', 'goblok', 'tolol', 'bego', 'bodoh', 'idiot', 'kampret', 'brengsek', 'sialan', 'kafir', 'cebong', 'kadrun', 'bunuh', 'mampus'],
  innocent: ['kesialan'],
} as const;

/**
 * English defaults, on the same principle as the Indonesian list: banned words are refused,
 * suspect words (insults, threats, words with an innocent reading) hold a comment for review.
 */
export const englishWords = {
  banned: ['fuck', 'motherfucker', 'cunt', 'nigger', 'faggot', 'whore', 'slut', 'retard'],
  suspect: ['shit', 'bitch', 'bastard', 'asshole', 'dick', 'idiot', 'moron', 'stupid', 'kill', 'scum', 'scam'],
  innocent: ['retardant'],
} as const;

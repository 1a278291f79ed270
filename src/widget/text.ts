import type { Lang } from './types';

/**
 * Every string the poll shows or announces, per language. Plain strings composed by the
 * helpers below rather than ICU messages or Intl.PluralRules: Indonesian has no plural form
 * and English only needs n === 1, and widget.js has a 3 KB gzip budget. `texts` is what the
 * first render needs (widget.js); `voteTexts` only the vote flow (the lazily loaded chunk, handed `texts` for the rest).
 */
export interface Text {
  lang_: Lang;
  question_: string;
  reaction_: string;
  reactions_: string;
  percent_: string;
  hidden: string;
  closed: string;
  loadFailed: string;
  voteFailed: string;
  retry: string;
}

export interface VoteText {
  chose: string;
  withdrew: string;
}

export const texts: Record<Lang, Text> = {
  id: {
    lang_: 'id',
    question_: 'Bagaimana tanggapan anda mengenai artikel ini?',
    reaction_: 'tanggapan',
    reactions_: 'tanggapan',
    percent_: 'persen',
    hidden: 'Pilih untuk melihat hasil.',
    closed: 'Tanggapan sudah ditutup.',
    loadFailed: 'Gagal memuat tanggapan.',
    voteFailed: 'Gagal menyimpan.',
    retry: 'Coba lagi',
  },
  en: {
    lang_: 'en',
    question_: 'How do you feel about this article?',
    reaction_: 'reaction',
    reactions_: 'reactions',
    percent_: 'percent',
    hidden: 'Choose to see the results.',
    closed: 'Reactions are closed.',
    loadFailed: 'Could not load reactions.',
    voteFailed: 'Not saved.',
    retry: 'Try again',
  },
};

export const voteTexts: Record<Lang, VoteText> = {
  id: { chose: 'Anda memilih', withdrew: 'Tanggapan dibatalkan.' },
  en: { chose: 'You chose', withdrew: 'Reaction withdrawn.' },
};

export const toLang = (value: string | undefined): Lang => (value === 'en' ? 'en' : 'id');

/** "1.234 tanggapan", "1 reaction", "1,234 reactions". */
export const totalText = (text: Text, total: number): string =>
  `${total.toLocaleString(text.lang_)} ${total === 1 ? text.reaction_ : text.reactions_}`;

/** Accessible name of a reaction: "Senang, 42 persen"; just the label while results are hidden. */
export const optionName = (text: Pick<Text, 'percent_'>, label: string, percent?: number | null): string =>
  percent == null ? label : `${label}, ${percent} ${text.percent_}`;

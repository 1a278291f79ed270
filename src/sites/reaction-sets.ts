/**
 * The reaction sets a new site can start with, in one place: the site API, the dashboard's
 * "Situs baru" page, the `tanggap` command and the demo seeding all name a set by its key and
 * get exactly these reactions, in this order (position = index).
 */

/** One reaction as a site is created with it; its key is permanent once votes refer to it. */
export type ReactionDefinition = {
  key: string;
  labels: { id: string; en: string };
  emoji: string;
};

/** The named sets; `custom` (a list sent with the request) is not one of them. */
export const reactionSets = {
  /** The eight-reaction Indonesian set, the default (the demo site's reactions). */
  'indonesian-8': [
    { key: 'senang', labels: { id: 'Senang', en: 'Happy' }, emoji: '😊' },
    { key: 'terhibur', labels: { id: 'Terhibur', en: 'Amused' }, emoji: '😂' },
    { key: 'terinspirasi', labels: { id: 'Terinspirasi', en: 'Inspired' }, emoji: '🤩' },
    { key: 'tidak-peduli', labels: { id: 'Tidak peduli', en: "Don't care" }, emoji: '😐' },
    { key: 'terganggu', labels: { id: 'Terganggu', en: 'Annoyed' }, emoji: '😒' },
    { key: 'sedih', labels: { id: 'Sedih', en: 'Sad' }, emoji: '😢' },
    { key: 'cemas', labels: { id: 'Cemas', en: 'Worried' }, emoji: '😟' },
    { key: 'marah', labels: { id: 'Marah', en: 'Angry' }, emoji: '😡' },
  ],
  /** The four-reaction seed set (the `contoh` demo site's reactions). */
  'seed-4': [
    { key: 'happy', labels: { id: 'Senang', en: 'Happy' }, emoji: '😀' },
    { key: 'inspire', labels: { id: 'Terinspirasi', en: 'Inspired' }, emoji: '✨' },
    { key: 'confuse', labels: { id: 'Bingung', en: 'Confused' }, emoji: '😕' },
    { key: 'sad', labels: { id: 'Sedih', en: 'Sad' }, emoji: '😢' },
  ],
} as const satisfies Record<string, readonly ReactionDefinition[]>;

export type ReactionSetName = keyof typeof reactionSets;

/** The set names in the order they are offered, default first. */
export const reactionSetNames = Object.keys(reactionSets) as ReactionSetName[];

export const DEFAULT_REACTION_SET: ReactionSetName = 'indonesian-8';

/** Most active reactions a site may have; the widget's layout and the add-reaction check use it. */
export const MAX_ACTIVE_REACTIONS = 12;

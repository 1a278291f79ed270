import type { Db } from '../db/client';
import { reactions, sites } from '../db/schema';

/** Origins a developer's browser uses: any port on the loopback names. */
const LOCAL_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

/** `demo`: the 8-reaction Indonesian set the demo pages embed. */
const DEMO_REACTIONS = [
  { key: 'senang', labels: { id: 'Senang', en: 'Happy' }, emoji: '😊' },
  { key: 'terhibur', labels: { id: 'Terhibur', en: 'Amused' }, emoji: '😂' },
  { key: 'terinspirasi', labels: { id: 'Terinspirasi', en: 'Inspired' }, emoji: '🤩' },
  { key: 'tidak-peduli', labels: { id: 'Tidak peduli', en: "Don't care" }, emoji: '😐' },
  { key: 'terganggu', labels: { id: 'Terganggu', en: 'Annoyed' }, emoji: '😒' },
  { key: 'sedih', labels: { id: 'Sedih', en: 'Sad' }, emoji: '😢' },
  { key: 'cemas', labels: { id: 'Cemas', en: 'Worried' }, emoji: '😟' },
  { key: 'marah', labels: { id: 'Marah', en: 'Angry' }, emoji: '😡' },
];

/** `contoh`: a second site with its own 4 reactions and English default, so sets are visibly per site. */
const CONTOH_REACTIONS = [
  { key: 'happy', labels: { id: 'Senang', en: 'Happy' }, emoji: '😀' },
  { key: 'inspire', labels: { id: 'Terinspirasi', en: 'Inspired' }, emoji: '✨' },
  { key: 'confuse', labels: { id: 'Bingung', en: 'Confused' }, emoji: '😕' },
  { key: 'sad', labels: { id: 'Sedih', en: 'Sad' }, emoji: '😢' },
];

/**
 * Seeds the two demo sites (`demo`, `contoh`) that the demo pages and a developer's first
 * `npm start` use. Development only: production databases never get them (migration 0002,
 * which once inserted them everywhere, is now empty). Idempotent and atomic: one batch of
 * `INSERT OR IGNORE`, so it is safe on every start and leaves a site that an editor has since
 * changed (names, origins, relabelled reactions) as it is.
 *
 * @example
 * if (!production) await seedDemo(db);
 */
export async function seedDemo(db: Db): Promise<void> {
  const demoSites = [
    { id: 'demo', name: 'Tanggap Demo', defaultLocale: 'id' as const, reactions: DEMO_REACTIONS },
    { id: 'contoh', name: 'Contoh Media', defaultLocale: 'en' as const, reactions: CONTOH_REACTIONS },
  ];
  await db.batch([
    db
      .insert(sites)
      .values(demoSites.map(({ id, name, defaultLocale }) => ({ id, name, origins: LOCAL_ORIGINS, defaultLocale, timeZone: 'Asia/Jakarta', settings: {} })))
      .onConflictDoNothing(),
    db
      .insert(reactions)
      .values(demoSites.flatMap((site) => site.reactions.map((reaction, position) => ({ siteId: site.id, ...reaction, position, active: true }))))
      .onConflictDoNothing(),
  ]);
}

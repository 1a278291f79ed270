import type { Db } from '../db/client';
import { reactions, sites } from '../db/schema';
import { reactionSets } from '../sites/reaction-sets';

/** Origins a developer's browser uses: any port on the loopback names. */
const LOCAL_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

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
    { id: 'demo', name: 'Tanggap Demo', defaultLocale: 'id' as const, reactions: reactionSets['indonesian-8'] },
    { id: 'contoh', name: 'Contoh Media', defaultLocale: 'en' as const, reactions: reactionSets['seed-4'] },
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

import type { Db } from '../../db/client';
import { perDb, TtlCache } from '../../lib/ttl-cache';
import type { Site } from '../../sites/service';
import type { Period } from './periods';
import { authorMood, type Overview, overview, sectionMood, type TopBy, topArticles } from './service';

/**
 * How long one analytics answer is shared. Fifty editors whose dashboards ask for the same
 * ranking within this window share one computation, and each sees numbers at most this old.
 */
export const ANSWER_TTL_MS = 5_000;

/** Distinct answers kept per process; past this the oldest goes first. */
const MAX_ANSWERS = 1_000;

type Entry = { site: Site; answer: Promise<unknown> };

const answers = perDb<Db, TtlCache<string, Entry>>(() => new TtlCache(ANSWER_TTL_MS, MAX_ANSWERS));

/**
 * The answer to one analytics question about one site, computed at most once per
 * `ANSWER_TTL_MS` in this process: concurrent identical requests wait for the one computation
 * already running (single flight) instead of each running it. `question` must name everything
 * the answer depends on besides the site (the verb, the period's hours, the ranking, the
 * limit). An answer is keyed by site id and only ever reused for the same `Site` object, so a
 * site's settings changed in this process (which replaces its cached `Site`) are seen at once.
 * A failed computation is not kept. Answers are shared: callers must not mutate them.
 */
export function sharedAnswer<T>({ db, site, question, now }: { db: Db; site: Site; question: string; now: number }, compute: () => Promise<T>): Promise<T> {
  const cache = answers(db);
  const key = `${site.id}\n${question}`;
  const entry = cache.get(key, now);
  if (entry && entry.site === site) return entry.answer as Promise<T>;
  const answer = compute();
  const fresh: Entry = { site, answer };
  cache.set(key, fresh, now);
  answer.catch(() => {
    if (cache.get(key, now) === fresh) cache.delete(key);
  });
  return answer;
}

type Question = { db: Db; site: Site; period: Period; now: number };

/** `overview`, shared for `ANSWER_TTL_MS`: its hourly series may lack the hour begun in that time. */
export function sharedOverview({ db, site, period, now }: Question): Promise<Overview> {
  return sharedAnswer({ db, site, question: JSON.stringify(['overview', period]), now }, () => overview({ db, site, period, now }));
}

/** `topArticles`, shared for `ANSWER_TTL_MS`. */
export function sharedTopArticles({
  db,
  site,
  period,
  by,
  limit,
  section,
  author,
  now,
}: Question & { by: TopBy; limit: number; section?: string | undefined; author?: string | undefined }): ReturnType<typeof topArticles> {
  return sharedAnswer({ db, site, question: JSON.stringify(['top', period, by, limit, section ?? null, author ?? null]), now }, () =>
    topArticles({ db, site, period, by, limit, section, author }),
  );
}

/** `sectionMood`, shared for `ANSWER_TTL_MS`. */
export function sharedSectionMood({ db, site, period, now }: Question): ReturnType<typeof sectionMood> {
  return sharedAnswer({ db, site, question: JSON.stringify(['sections', period]), now }, () => sectionMood({ db, site, period }));
}

/** `authorMood`, shared for `ANSWER_TTL_MS`. */
export function sharedAuthorMood({ db, site, period, now }: Question): ReturnType<typeof authorMood> {
  return sharedAnswer({ db, site, question: JSON.stringify(['authors', period]), now }, () => authorMood({ db, site, period }));
}

import type { Db } from '../../db/client';
import { appCache, cacheKey, type SerializedValue, serializeValue } from '../../lib/cache';
import type { Site } from '../../sites/service';
import type { Period } from './periods';
import { authorMood, type Overview, overview, sectionMood, type TopQuery, topArticles } from './service';

/**
 * The answer to one analytics question about one site, computed and serialized at most once
 * per `CACHE_TTL_MS` in this process: fifty editors whose dashboards ask the same question
 * share one computation (concurrent identical requests wait for the one already running) and
 * one JSON text, and each sees numbers at most that old. `question` must name everything the
 * answer depends on besides the site (the verb, the period's hours, the ranking, the limit).
 * Answers are keyed by the site's version, so a change to its settings or reactions is seen at
 * once. A failed computation is not kept. Answers are shared: callers must not mutate them.
 */
export function sharedAnswer<T>({ db, site, question }: { db: Db; site: Site; question: string }, compute: () => Promise<T>): Promise<SerializedValue<T>> {
  return appCache(db).remember(cacheKey({ kind: 'analytics', siteId: site.id, siteVersion: site.version, page: [question] }), async () =>
    serializeValue(await compute()),
  );
}

/** What every analytics question is asked with: the site, the resolved period, the request's time. */
export type PeriodQuestion = { db: Db; site: Site; period: Period; now: number };

/** `overview`, shared for `CACHE_TTL_MS`: its hourly series may lack the hour begun in that time. */
export function sharedOverview({ db, site, period, now }: PeriodQuestion): Promise<SerializedValue<Overview>> {
  return sharedAnswer({ db, site, question: JSON.stringify(['overview', period]) }, () => overview({ db, site, period, now }));
}

/** `topArticles`, shared for `CACHE_TTL_MS`. */
export function sharedTopArticles(question: PeriodQuestion & TopQuery): Promise<SerializedValue<Awaited<ReturnType<typeof topArticles>>>> {
  const { db, site, period, by, limit, section, author } = question;
  return sharedAnswer({ db, site, question: JSON.stringify(['top', period, by, limit, section ?? null, author ?? null]) }, () => topArticles(question));
}

/** `sectionMood`, shared for `CACHE_TTL_MS`. */
export function sharedSectionMood({ db, site, period }: PeriodQuestion): Promise<SerializedValue<Awaited<ReturnType<typeof sectionMood>>>> {
  return sharedAnswer({ db, site, question: JSON.stringify(['sections', period]) }, () => sectionMood({ db, site, period }));
}

/** `authorMood`, shared for `CACHE_TTL_MS`. */
export function sharedAuthorMood({ db, site, period }: PeriodQuestion): Promise<SerializedValue<Awaited<ReturnType<typeof authorMood>>>> {
  return sharedAnswer({ db, site, question: JSON.stringify(['authors', period]) }, () => authorMood({ db, site, period }));
}

/**
 * A site's period as the dashboard's overview shows it: the overview, the top articles by
 * `by` (only `section`'s when given), and the mood by section and by author, each shared as
 * its verb above. One call, so the page asks one question of the service.
 */
export async function sharedPeriodReport({ db, site, period, by, section, now }: PeriodQuestion & Pick<TopQuery, 'by' | 'section'>) {
  const [summary, top, sections, authors] = await Promise.all([
    sharedOverview({ db, site, period, now }),
    sharedTopArticles({ db, site, period, by, limit: 20, section, now }),
    sharedSectionMood({ db, site, period, now }),
    sharedAuthorMood({ db, site, period, now }),
  ]);
  return { overview: summary.value, top: top.value, sections: sections.value, authors: authors.value };
}

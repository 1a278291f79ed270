import { listComments } from '../comments/listing';
import type { CommentView } from '../comments/rows';
import type { Db } from '../db/client';
import { AppError, type Locale } from '../lib/errors';
import { frameAncestorSources } from '../lib/origins';
import { type Ballots, type PollView, readPoll } from '../reactions/service';
import { loadSite, type Site, siteAllowsOrigin } from '../sites/service';

/**
 * The site an /embed page belongs to, with who may frame it. Only the site's own pages may
 * frame the poll (a vote button on someone else's page would invite clickjacking), and the
 * page reports its height only to a `parentOrigin` that is one of the site's origins.
 */
export async function loadEmbedSite({
  db,
  siteId,
  parentOrigin,
}: {
  db: Db;
  siteId: string;
  parentOrigin: string | undefined;
}): Promise<{ site: Site; frameAncestors: string[] }> {
  const site = await loadSite({ db, siteId });
  if (parentOrigin && !siteAllowsOrigin(site, parentOrigin)) {
    throw new AppError(
      'invalid_input',
      {
        id: `parent ${parentOrigin} bukan asal yang terdaftar untuk situs "${site.id}".`,
        en: `parent ${parentOrigin} is not one of site "${site.id}"'s origins.`,
      },
      { details: [{ path: 'parent', message: `must be one of: ${site.origins.join(', ')}` }] },
    );
  }
  // Origins that are not valid CSP sources (IPv6 literals, which CSP cannot express, or
  // anything malformed) are left out rather than allowed to break or widen the policy.
  return { site, frameAncestors: frameAncestorSources(site.origins) };
}

/** Comments a no-JavaScript reader sees under the tally: the newest few threads' openers. */
export const FRAGMENT_COMMENTS = 5;

export type Fragment = { poll: PollView; comments: CommentView[] | null };

/**
 * What the no-JavaScript fragment shows: the anonymous tally and, when the site takes
 * comments, the newest approved top-level comments. The same for every reader, so it caches.
 */
export async function readFragment({
  db,
  secret,
  siteId,
  externalId,
  locale,
  ballots,
  now,
}: {
  db: Db;
  secret: string;
  siteId: string;
  externalId: string;
  locale: Locale | null;
  /** The request's time: whether comments are open is decided at it. */
  now: number;
  /** Where the article's votes live (see `PollRequest`). */
  ballots?: Ballots | undefined;
}): Promise<Fragment> {
  const poll = await readPoll({ db, ballots, secret, siteId, externalId, locale, page: { origin: undefined }, now });
  const site = await loadSite({ db, siteId });
  if (!site.settings.commentsEnabled) return { poll, comments: null };
  const list = await listComments({ db, secret, siteId, externalId, sort: 'newest', limit: FRAGMENT_COMMENTS, readerToken: null, now });
  return { poll, comments: list.comments };
}

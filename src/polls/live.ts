import { findArticleId } from '../articles/service';
import type { Db } from '../db/client';
import type { LiveFeed } from '../http/context';
import { AppError, notFound } from '../lib/errors';
import { assertFollowable } from '../reactions/service';
import { loadSite } from '../sites/service';

/**
 * Where a live subscriber is connected: on Workers, the article's coordinator object, which
 * keeps the socket with the hibernation API (src/polls/article-poll.ts).
 */
export type LiveTallies = {
  connect(input: { siteId: string; articleId: number; reactions: string[]; request: Request }): Promise<Response>;
};

/**
 * Opens a WebSocket on an article's live tally: the site and a registered article must exist;
 * the socket receives `{"total", "counts"}` for the poll's shown reactions, in its order, at
 * once and then whenever the tally changes (at most once a second).
 */
export async function openLiveTally({ db, live, siteId, externalId, request }: {
  db: Db;
  live: LiveTallies;
  siteId: string;
  externalId: string;
  request: Request;
}): Promise<Response> {
  const site = await loadSite({ db, siteId });
  assertFollowable(site);
  const articleId = await findArticleId({ db, siteId: site.id, externalId });
  if (articleId === null) {
    throw notFound({
      id: `Artikel "${externalId}" belum terdaftar di situs ini; muat jajak pendapatnya dulu.`,
      en: `Article "${externalId}" is not registered on this site yet; load its poll first.`,
    });
  }
  const reactions = site.reactions.filter((reaction) => reaction.active).map((reaction) => reaction.key);
  return live.connect({ siteId: site.id, articleId, reactions, request });
}

/**
 * Workers' `LiveFeed` when article objects are bound: every poll announces `live: "ws"`, and
 * `GET …/live` upgrades to a WebSocket on the article's coordinator object. A request that
 * does not ask for the upgrade gets a readable 426 rather than a stream that never comes.
 */
export function objectLiveFeed({ db, live }: { db: Db; live: LiveTallies }): LiveFeed {
  return {
    transport: 'ws',
    open: (c, { siteId, article }) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        throw new AppError('upgrade_required', {
          id: 'Ikuti hasil ini lewat WebSocket (header Upgrade: websocket).',
          en: 'Follow this tally over a WebSocket (Upgrade: websocket).',
        });
      }
      return openLiveTally({ db, live, siteId, externalId: article, request: c.req.raw });
    },
  };
}

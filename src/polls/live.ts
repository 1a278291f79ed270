import { findArticleId } from '../articles/service';
import type { Db } from '../db/client';
import { notFound } from '../lib/errors';
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

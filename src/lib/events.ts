/**
 * What happened, as the write that did it tells it: the one union of domain events. Service
 * verbs return them; routes hand them to `AppDeps.events` once the write has committed, so a
 * subscriber never hears about a rolled-back change. Subscribers: the app cache (which ends what
 * an event made stale, see `cacheSubscriber` in lib/cache.ts), the Workers edge cache, spike
 * detection and the newsroom's webhooks. Nothing re-derives an event from an HTTP status.
 *
 * An article is named twice: `article`, its id as the site knows it (what webhooks and edge
 * keys use), and `articleId`, its row id (what cached answers are read from).
 */

/** Where an article-scoped event happened. */
type OnArticle = { siteId: string; article: string; articleId: number };

/** Where a comment event happened. */
type OnComment = OnArticle & { commentId: number };

/** What a moderator did to one comment; the actor is the key's name, never a reader. */
type Moderated = OnComment & { actor: string };

export type AppEvent =
  /** A reader's first vote on an article. */
  | (OnArticle & { type: 'vote.cast'; reaction: string })
  /** A reader moved their vote to another reaction. */
  | (OnArticle & { type: 'vote.changed'; reaction: string; previous: string })
  /** A reader withdrew their vote; `reaction` is the one it was for. */
  | (OnArticle & { type: 'vote.withdrawn'; reaction: string })
  /** A comment went up for every reader to see (a held one raises `comment.held` instead). */
  | (OnComment & { type: 'comment.posted' })
  /** Its author changed a comment's text (and `comment.held` follows if that put it on hold). */
  | (OnComment & { type: 'comment.edited' })
  /** Its author deleted a comment. */
  | (OnComment & { type: 'comment.deleted' })
  | (OnComment & {
      type: 'comment.held';
      /** `pre-moderation`, `first-comment`, `suspect-word`, `links`, `muted` or `reports`. */
      reason: string;
    })
  /** A reader liked a comment (`liked`) or took their like back. */
  | (OnComment & { type: 'comment.liked'; liked: boolean })
  | (OnComment & {
      type: 'comment.reported';
      reason: 'spam' | 'abuse' | 'off-topic' | 'misinformation';
      /** Reports on the comment after this one. */
      reportCount: number;
    })
  | (Moderated & { type: 'moderation.approved' })
  | (Moderated & { type: 'moderation.rejected' })
  | (Moderated & { type: 'moderation.spam' })
  /** A moderator made a comment one of its article's editor's picks (*Pilihan Redaksi*), shown first. */
  | (Moderated & { type: 'moderation.picked' })
  /** A moderator took a comment off its article's editor's picks. */
  | (Moderated & { type: 'moderation.unpicked' })
  /** The author of `commentId` may not comment on the site until `until` (epoch ms). */
  | { type: 'moderation.muted'; siteId: string; commentId: number; actor: string; until: number }
  /** The author of `commentId` may comment on the site again (their mute was lifted before `until`). */
  | { type: 'moderation.unmuted'; siteId: string; commentId: number; actor: string }
  /** The newsroom opened or closed an article's poll or comments. */
  | (OnArticle & { type: 'article.updated' })
  /** A site was created, deleted, or changed its settings or reactions. */
  | { type: 'site.changed'; siteId: string }
  /** A site's API key was revoked (or all of them, with the site): verified keys must be checked again. */
  | { type: 'keys.revoked'; siteId: string }
  /** The site's webhooks were added to or removed. */
  | { type: 'webhooks.changed'; siteId: string }
  /** A reader's votes, likes, reports and comments were erased, on every site. */
  | { type: 'reader.erased'; siteId: string }
  | {
      type: 'reaction.spike';
      siteId: string;
      /** The article's external id. */
      article: string;
      votesLast10Minutes: number;
      /** The article's usual ten-minute rate over the day before, one decimal. */
      usualPer10Minutes: number;
    };

/** Where events go. `emit` may return a promise; the app keeps it alive with `waitUntil`. */
export type EventSink = { emit: (event: AppEvent) => void | Promise<void> };

/**
 * One sink that hands each event to every given sink in turn (the newsroom's webhooks, the
 * live hub), so the app still has exactly one place events go. A sink's failure is reported
 * after the others had their turn.
 */
export function allOf(...sinks: readonly (EventSink | undefined)[]): EventSink {
  const present = sinks.filter((sink): sink is EventSink => sink !== undefined);
  if (present.length === 1) return present[0]!;
  return {
    emit: async (event) => {
      const outcomes = await Promise.allSettled(present.map(async (sink) => sink.emit(event)));
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

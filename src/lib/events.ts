/**
 * Things that happened which someone outside the request may care about (the newsroom's
 * webhooks, first of all): the one union of domain events. Services return them; routes hand
 * them to `AppDeps.events` once the write that caused them has committed, so a subscriber
 * never hears about a rolled-back change.
 */
export type AppEvent =
  | {
      /** A reader's first vote on an article. */
      type: 'vote.cast';
      siteId: string;
      /** The article's external id. */
      article: string;
      reaction: string;
    }
  | {
      /** A reader moved their vote to another reaction. */
      type: 'vote.changed';
      siteId: string;
      article: string;
      reaction: string;
      previous: string;
    }
  | {
      type: 'vote.withdrawn';
      siteId: string;
      article: string;
      /** The reaction the withdrawn vote was for. */
      reaction: string;
    }
  | {
      /** A comment went up for every reader to see (a held one raises `comment.held` instead). */
      type: 'comment.posted';
      siteId: string;
      commentId: number;
    }
  | {
      /** Its author changed a comment's text (and `comment.held` follows if that put it on hold). */
      type: 'comment.edited';
      siteId: string;
      commentId: number;
    }
  | {
      /** Its author deleted a comment. */
      type: 'comment.deleted';
      siteId: string;
      commentId: number;
    }
  | {
      type: 'comment.held';
      siteId: string;
      commentId: number;
      /** `pre-moderation`, `first-comment`, `suspect-word`, `links`, `muted` or `reports`. */
      reason: string;
    }
  | {
      type: 'comment.reported';
      siteId: string;
      commentId: number;
      reason: 'spam' | 'abuse' | 'off-topic' | 'misinformation';
      /** Reports on the comment after this one. */
      reportCount: number;
    }
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

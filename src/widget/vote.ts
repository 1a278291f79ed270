import type { ApiError, Target } from './api';
import { articlePath, call } from './comments/api';
import { pageDetails } from './metadata';
import { chosen, failed, settled, type State } from './state';
import { type optionName, type Text, voteTexts } from './text';
import type { Poll } from './types';

/** The part of a mounted poll the vote flow drives. */
export interface PollView {
  state: State;
  /** Shows `next` (and makes it the state); `announce` goes to the live region. */
  render(next: State, announce?: string): void;
}

/** Sends a vote (a reaction key) or a withdrawal (null) for one poll. */
export type Send = (choice: string | null) => void;

/**
 * Votes for `choice`, or withdraws the reader's vote when it is null. Through the comments
 * client, which this chunk carries anyway and which sends the reader's language in the query.
 */
const writeVote = (target: Target, reader: string, choice: string | null, checking: (text: string) => void) =>
  call<Poll>(
    target,
    articlePath(target, 'vote'),
    choice ? 'PUT' : 'DELETE',
    choice ? { ...pageDetails(target), reader, reaction: choice } : { reader },
    checking,
  );

/**
 * The vote flow of one poll, in the lazily loaded chunk since the first render does not need
 * it. One write in flight at a time, so answers cannot arrive out of order; a tap meanwhile
 * is shown at once and sent when the current write settles (only the latest tap counts).
 * `ensureToken` comes from widget.js, so both scripts share one reader token, and so does
 * `name` (text.ts's `optionName`), so this chunk carries no copy of it.
 */
export function voter(target: Target, pollText: Text, view: PollView, ensureToken: () => string, name: typeof optionName): Send {
  const text = voteTexts[pollText.lang_];
  let inFlight = false;
  let queued: string | null | undefined;

  const send: Send = (choice) => {
    view.render(chosen(view.state, choice));
    if (inFlight) {
      queued = choice;
      return;
    }
    inFlight = true;
    writeVote(target, ensureToken(), choice, (checking) => view.render(view.state, checking)).then(
      (poll) => {
        inFlight = false;
        const next = queued;
        queued = undefined;
        if (next !== undefined) {
          view.state = settled(poll);
          return send(next);
        }
        const mine = poll.reactions.find((r) => r.key === poll.choice);
        view.render(settled(poll), mine ? `${text.chose} ${name(pollText, mine.label, mine.percent)}.` : text.withdrew);
      },
      (error: ApiError) => {
        inFlight = false;
        const latest = queued === undefined ? choice : queued;
        queued = undefined;
        view.render(failed(view.state, { choice: latest, message: error.status === 429 ? error.message : undefined }, error.status === 409));
      },
    );
  };
  return send;
}

import { percents, sum } from '../lib/percent';
import type { Failure, Poll } from './types';

/**
 * `poll` is what the reader sees; `saved` is the last tally the server confirmed. While a
 * vote is in flight `poll` is the optimistic tally; a failed write falls back to `saved`, so
 * the poll stays readable.
 */
export interface State {
  poll?: Poll;
  saved?: Poll;
  failure?: Failure;
}

/** The server answered: its tally replaces any optimistic one. */
export const settled = (poll: Poll): State => ({ poll, saved: poll });

/** The reader chose (null: withdrew); show it at once, before the server confirms. */
export const chosen = ({ saved }: State, choice: string | null): State =>
  saved ? { poll: withChoice(saved, choice), saved } : {};

/**
 * A request failed. A 409 (`closed`) means voting ended since the poll was loaded: show the
 * poll closed rather than an error.
 */
export function failed({ saved }: State, failure: Failure, closed?: boolean): State {
  const poll = saved && closed ? { ...saved, article: { ...saved.article, pollOpen: false } } : saved;
  return { poll, saved: poll, failure: closed ? undefined : failure };
}

/** Tapping the chosen reaction withdraws it; tapping any other one votes for (or moves to) it. */
export const nextChoice = (current: string | null, tapped: string): string | null =>
  current === tapped ? null : tapped;

/**
 * Percents and bars show exactly when the server sent them: it leaves them out on `after-vote`
 * sites until the reader voted, while the poll is open (`pollView` on the server).
 */
export const resultsVisible = (poll: Poll): boolean => poll.total != null;

/** `poll` with other counts (in its reactions' order), percents from the one formula, and `choice`. */
const withCounts = (poll: Poll, counts: number[], choice = poll.choice): Poll => {
  const shares = percents(counts);
  return {
    ...poll,
    reactions: poll.reactions.map((r, i) => ({ ...r, count: counts[i]!, percent: shares[i]! })),
    total: sum(counts),
    choice,
  };
};

/**
 * The tally as it will look once the server accepts `choice` from this reader. Without counts
 * (hidden until the vote) only the choice changes, and the server's answer brings the results.
 */
export const withChoice = (poll: Poll, choice: string | null): Poll =>
  poll.total == null
    ? { ...poll, choice }
    : withCounts(poll, poll.reactions.map((r) => r.count! + +(r.key === choice) - +(r.key === poll.choice)), choice);

/**
 * A live tally arrived (`GET …/live`, only ever after the poll loaded, and only on sites whose
 * results every reader sees): it replaces the confirmed one, unless a vote of this reader is in
 * flight, whose answer will carry a tally at least as fresh. A failed vote's message stays.
 */
export function tallied(state: State, counts: Record<string, number>): State {
  const saved = state.saved!;
  if (state.poll != saved) return state;
  const poll = withCounts(saved, saved.reactions.map((r) => counts[r.key] ?? 0));
  return { ...state, poll, saved: poll };
}

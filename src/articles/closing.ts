import { type SQL, sql } from 'drizzle-orm';
import type { SiteSettings } from '../sites/schemas';
import { DAY_MS } from '../lib/time';

/*
 * Whether an article takes comments, decided at request time from the moderator's choice, the
 * site's closing schedule and the injected clock: nothing runs when the moment passes, so every
 * reader of the state (posting, editing, the poll, the comment list) calls `commentsOpenAt`, and
 * cached answers end at `commentsClosesAt` (see `AppCache.set`'s `until`).
 */

/** A moderator's choice for an article's comments; `automatic` follows the site's schedule. */
export type CommentsOverride = 'open' | 'closed' | 'automatic';

/** The article columns the decision needs, as `closingColumns` selects them. */
export type ClosingState = {
  /** 0/false: a moderator closed them. */
  commentsOpen: number | boolean;
  /** 1/true: a moderator keeps them open past the schedule. */
  commentsKeptOpen: number | boolean;
  firstVoteAt: number | null;
};

/** Selects an article's `ClosingState` from the table aliased `alias` (`a`, `articles`). */
export function closingColumns(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`${a}.comments_open AS commentsOpen, ${a}.comments_kept_open AS commentsKeptOpen, ${a}.first_vote_at AS firstVoteAt`;
}

/** The state of an article nobody registered yet: open, no vote. */
export const unregisteredClosing: ClosingState = { commentsOpen: true, commentsKeptOpen: false, firstVoteAt: null };

/** The moderator's choice as the API names it. */
export function commentsOverride(state: ClosingState): CommentsOverride {
  if (!state.commentsOpen) return 'closed';
  return state.commentsKeptOpen ? 'open' : 'automatic';
}

/** The article columns that store a choice (`comments_open`, `comments_kept_open`). */
export function overrideColumns(override: CommentsOverride): { commentsOpen: boolean; commentsKeptOpen: boolean } {
  return { commentsOpen: override !== 'closed', commentsKeptOpen: override === 'open' };
}

/**
 * When the site's schedule closes the article's comments (epoch ms), or null when it never
 * will: no schedule, no vote yet, or a moderator's choice decides.
 * @example commentsClosesAt({ commentsOpen: 1, commentsKeptOpen: 0, firstVoteAt: 0 }, { closeCommentsAfterDays: 7 }) // 7 days in ms
 */
export function commentsClosesAt(state: ClosingState, settings: Pick<SiteSettings, 'closeCommentsAfterDays'>): number | null {
  if (commentsOverride(state) !== 'automatic' || settings.closeCommentsAfterDays === 0 || state.firstVoteAt === null) return null;
  return state.firstVoteAt + settings.closeCommentsAfterDays * DAY_MS;
}

/** Whether the article takes comments at `now`: the site allows them, and neither a moderator nor the schedule closed them. */
export function commentsOpenAt(state: ClosingState, settings: Pick<SiteSettings, 'closeCommentsAfterDays' | 'commentsEnabled'>, now: number): boolean {
  if (!settings.commentsEnabled || !state.commentsOpen) return false;
  const closesAt = commentsClosesAt(state, settings);
  return closesAt === null || now < closesAt;
}

/** An article's comments as the newsroom sees them: open now, the moderator's choice, and when the schedule closes them. */
export function commentsState(state: ClosingState, settings: Pick<SiteSettings, 'closeCommentsAfterDays' | 'commentsEnabled'>, now: number) {
  return { commentsOpen: commentsOpenAt(state, settings, now), comments: commentsOverride(state), commentsClosesAt: commentsClosesAt(state, settings) };
}

import { sql } from 'drizzle-orm';
import type * as v from 'valibot';
import type { BatchItem, Db } from '../db/client';
import { namedBatch } from '../db/batch';
import { flat } from '../db/flat-sql';
import type { Writer } from '../db/group-commit';
import { type ClosingState, closingColumns, commentsClosesAt, commentsOpenAt, unregisteredClosing } from '../articles/closing';
import { ensureArticle, findArticleId, type PageContext } from '../articles/service';
import { AppError, type Locale } from '../lib/errors';
import type { AppEvent } from '../lib/events';
import { percents, sum } from '../lib/percent';
import { verifyProof } from '../ratelimit/challenge';
import { countFired, limit, type LimitKey, type LimitOutcome, policyKeys, refusal } from '../ratelimit/service';
import { type ClientInfo, hashReaderToken, identifyReader } from '../readers/service';
import { appCache, articleSubject, cacheKey, type Serialized, serialize } from '../lib/cache';
import { loadSite, type Site } from '../sites/service';
import type { liveTallySchema, liveTransportSchema, pollViewSchema } from './schemas';

export const pollQuestion = {
  id: 'Bagaimana tanggapan anda mengenai artikel ini?',
  en: 'How do you feel about this article?',
} as const;

/** What a reader sees: the site's active reactions in order, with the tally and their choice. */
export type PollView = v.InferOutput<typeof pollViewSchema>;

/** How a deployment follows polls live (`sse` on Node, `ws` on Workers). */
export type LiveTransport = v.InferOutput<typeof liveTransportSchema>;

/** One message of the live feed: what the poll's bars need, and nothing about any reader. */
export type LiveTally = v.InferOutput<typeof liveTallySchema>;

type ArticleState = ClosingState & { pollOpen: boolean; commentCount: number };

/** An article's state and counters as the poll read needs them; the same for every reader. */
type Tally = { article: ArticleState; counts: Readonly<Record<string, number>> };

const unregistered: ArticleState = { ...unregisteredClosing, pollOpen: true, commentCount: 0 };

/** The reactions a reader sees (retired ones keep their counts but are not shown), with their counts. */
function shownTally(site: Site, counts: Readonly<Record<string, number>>) {
  const shown = site.reactions.filter((reaction) => reaction.active);
  return { shown, shownCounts: shown.map((reaction) => Math.max(0, counts[reaction.key] ?? 0)) };
}

/**
 * Live tallies are anonymous, so only a site whose results every reader sees offers them: on an
 * `after-vote` site the feed would show counts to readers who have not voted.
 */
const followable = (site: Site) => site.settings.resultVisibility === 'always';

/**
 * Builds the reader's view from counters; retired reactions keep their counts but are not
 * shown. The one home of result visibility: on an `after-vote` site a reader who has not
 * voted gets no counts, percents or total while the poll is open, so hiding them is not left
 * to the widget (the anonymous JSON answer is the same as a non-voter's). `live` says how the
 * poll can be followed live, announced where the site allows it. Whether comments are open is
 * decided at `now` (src/articles/closing.ts).
 */
export function pollView({
  site,
  externalId,
  article,
  counts,
  choice,
  locale,
  live,
  now,
}: {
  site: Site;
  externalId: string;
  article: ArticleState;
  counts: Readonly<Record<string, number>>;
  choice: string | null;
  locale: Locale;
  live?: LiveTransport | undefined;
  now: number;
}): PollView {
  const { shown, shownCounts } = shownTally(site, counts);
  const shares = percents(shownCounts);
  const visible = site.settings.resultVisibility === 'always' || choice !== null || !article.pollOpen;
  return {
    site: { id: site.id, name: site.name, locale: site.defaultLocale, resultVisibility: site.settings.resultVisibility },
    article: {
      id: externalId,
      pollOpen: article.pollOpen,
      commentsOpen: commentsOpenAt(article, site.settings, now),
      commentCount: article.commentCount,
    },
    question: pollQuestion[locale],
    lang: locale,
    reactions: shown.map((reaction, index) => ({
      key: reaction.key,
      label: reaction.labels[locale],
      emoji: reaction.emoji,
      ...(visible && { count: shownCounts[index] ?? 0, percent: shares[index] ?? 0 }),
    })),
    ...(visible && { total: sum(shownCounts) }),
    ...(live && followable(site) && { live }),
    // Last, always: `readReaderPoll` writes a reader's choice into the serialized anonymous answer.
    choice,
  };
}

/**
 * One statement for everything a poll shows: the article's state, its counters (as a JSON
 * object) and, with a reader, their choice. One statement instead of three matters: on the
 * embedded database each statement has a fixed cost that dwarfs these indexed lookups.
 */
export function tallyRead(db: Db, articleId: number, readerHash: string | null) {
  const choice = readerHash === null ? flat`NULL` : flat`(SELECT reaction_key FROM votes WHERE article_id = a.id AND reader_hash = ${readerHash})`;
  return db.all<TallyRow>(flat`
    SELECT a.poll_open AS pollOpen, ${closingColumns('a')}, a.comment_count AS commentCount,
      (SELECT json_group_object(reaction_key, count) FROM reaction_counts WHERE article_id = a.id) AS counts,
      ${choice} AS choice
    FROM articles a WHERE a.id = ${articleId}`.toSql());
}

/** The row `tallyRead` returns: the article's state, its counters as JSON and the reader's choice. */
export type TallyRow = { pollOpen: number; commentsOpen: number; commentsKeptOpen: number; firstVoteAt: number | null; commentCount: number; counts: string | null; choice: string | null };

function fromTallyRow(row: TallyRow | undefined): Tally & { choice: string | null } {
  if (!row) return { article: unregistered, counts: {}, choice: null };
  return {
    article: { pollOpen: row.pollOpen === 1, commentsOpen: row.commentsOpen === 1, commentsKeptOpen: row.commentsKeptOpen === 1, firstVoteAt: row.firstVoteAt, commentCount: row.commentCount },
    counts: JSON.parse(row.counts ?? '{}') as Record<string, number>,
    choice: row.choice,
  };
}

/**
 * The article's tally, from the app cache when it can (every write to the article bumps its
 * version), else from one statement. With a reader, that statement also reads their choice,
 * returned as `choice` (absent when the tally came from the cache), so a reader's first read
 * after a write costs one query rather than a tally read and a choice read.
 */
async function readTally(db: Db, ballots: Ballots, siteId: string, externalId: string, articleId: number, readerHash: string | null = null): Promise<Tally & { choice?: string | null }> {
  const cache = appCache(db);
  const key = cacheKey({ kind: 'tally', siteId, article: externalId });
  const cached = cache.get<Tally>(key);
  if (cached) return cached;
  const ticket = cache.ticket();
  const { article, counts, choice } = fromTallyRow(await ballots.read(articleId, readerHash));
  const tally = { article, counts };
  cache.set(key, tally, { subject: articleSubject(articleId), ticket });
  return readerHash === null ? tally : { ...tally, choice };
}

export type PollRequest = {
  db: Db;
  /** Where the article's votes live; the shared database when absent (Node, D1 without objects). */
  ballots?: Ballots | undefined;
  secret: string;
  siteId: string;
  externalId: string;
  locale: Locale | null;
  page: PageContext;
  /** How this deployment follows polls live, announced in every poll; none when it cannot. */
  live?: LiveTransport | undefined;
  /** The request's time: whether comments are open is decided at it. */
  now: number;
};

function localeFor(site: Site, locale: Locale | null): Locale {
  return locale ?? site.defaultLocale;
}

/** The article's internal id; a read from one of the site's origins registers it. */
function articleIdFor({ db, site, externalId, page }: { db: Db; site: Site; externalId: string; page: PageContext }): Promise<number | null> {
  return page.origin || page.url ? ensureArticle({ db, site, externalId, page }) : findArticleId({ db, siteId: site.id, externalId });
}

/**
 * An article's anonymous poll as a view (the embed page renders it). The first read from one
 * of the site's origins registers the article. `readPublicPoll` is the same answer as it is
 * sent, `readReaderPoll` a reader's.
 */
export async function readPoll(input: PollRequest): Promise<PollView> {
  const { db, externalId } = input;
  const site = await loadSite({ db, siteId: input.siteId });
  const locale = localeFor(site, input.locale);
  const articleId = await articleIdFor({ db, site, externalId, page: input.page });
  if (articleId === null) return pollView({ site, externalId, article: unregistered, counts: {}, choice: null, locale, live: input.live, now: input.now });
  return pollView({ site, externalId, locale, ...(await readTally(db, ballotsFor(input), site.id, externalId, articleId)), choice: null, live: input.live, now: input.now });
}

/**
 * The anonymous poll, serialized: the same for everyone who asks in the same language, so it
 * is cached whole under the site's version, the article and the language, and a repeated read
 * costs one lookup. A vote, a comment or a moderation action on the article ends it at once.
 * The answer for an article nobody registered yet is built each time (the next read may
 * register it).
 */
export async function readPublicPoll(input: PollRequest): Promise<Serialized> {
  return (await publicPoll(input, null)).answer;
}

/**
 * `readPublicPoll`'s answer; with a reader's hash, also their choice whenever building the
 * answer read the tally from the database (the same statement reads it), else no `choice`.
 */
async function publicPoll(input: PollRequest, readerHash: string | null): Promise<{ answer: Serialized; choice?: string | null }> {
  const { db, externalId } = input;
  const site = await loadSite({ db, siteId: input.siteId });
  const locale = localeFor(site, input.locale);
  const cache = appCache(db);
  const key = cacheKey({ kind: 'poll', siteId: site.id, siteVersion: site.version, article: externalId, lang: locale });
  const cached = cache.get<Serialized>(key);
  if (cached) return { answer: cached };
  const ticket = cache.ticket();
  const articleId = await articleIdFor({ db, site, externalId, page: input.page });
  if (articleId === null) return { answer: serialize(pollView({ site, externalId, article: unregistered, counts: {}, choice: null, locale, live: input.live, now: input.now })) };
  const { choice, ...tally } = await readTally(db, ballotsFor(input), site.id, externalId, articleId, readerHash);
  const subject = articleSubject(articleId);
  const until = commentsClosesAt(tally.article, site.settings);
  const answer = { ...serialize(pollView({ site, externalId, locale, ...tally, choice: null, live: input.live, now: input.now })), subject, until };
  cache.set(key, answer, { subject, ticket, until });
  return choice === undefined ? { answer } : { answer, choice };
}

/** How every anonymous poll's JSON ends: `pollView` writes `choice` last. */
const NO_CHOICE = ',"choice":null}';

/**
 * A reader's poll as it is sent: the anonymous answer (`readPublicPoll`, usually cached) with
 * the reader's choice written into its last field, so a returning reader's bootstrap costs the
 * choice lookup and neither builds nor serializes a view. The tally is as fresh as the
 * anonymous answer's: every write to the article ends it. Only where results show to everyone
 * is a voter's view the anonymous one plus their choice; on an `after-vote` site it is built.
 */
export async function readReaderPoll(input: PollRequest & { readerToken: string }): Promise<string> {
  const { db, externalId } = input;
  const readerHash = await hashReaderToken(input.secret, input.readerToken);
  const { answer, choice: read } = await publicPoll(input, readerHash);
  const articleId = await findArticleId({ db, siteId: input.siteId, externalId });
  if (articleId === null) return answer.json;
  const choice = read !== undefined ? read : await ballotsFor(input).choice(articleId, readerHash);
  if (choice === null) return answer.json;
  const site = await loadSite({ db, siteId: input.siteId });
  if (site.settings.resultVisibility !== 'always') {
    const tally = await readTally(db, ballotsFor(input), site.id, externalId, articleId);
    return JSON.stringify(pollView({ site, externalId, locale: localeFor(site, input.locale), ...tally, choice, live: input.live, now: input.now }));
  }
  if (!answer.json.endsWith(NO_CHOICE)) throw new Error('a poll view must end with its choice');
  return `${answer.json.slice(0, -NO_CHOICE.length)},"choice":${JSON.stringify(choice)}}`;
}

/**
 * Refuses a live feed on a site whose results show only to readers who have voted: a feed
 * identifies no reader, so it would show them to everyone (Node's hub and Workers' socket alike).
 */
export function assertFollowable(site: Site): void {
  if (followable(site)) return;
  throw new AppError('forbidden', {
    id: `Situs "${site.id}" menampilkan hasil hanya kepada pembaca yang sudah memberi tanggapan, jadi hasilnya tidak dapat diikuti secara langsung.`,
    en: `Site "${site.id}" shows results only to readers who have reacted, so they cannot be followed live.`,
  });
}

/**
 * The article's tally as the live feed sends it (`GET …/live`): the shown reactions' counts
 * and their total, the same numbers the poll shows. From the app cache when no write ended it,
 * so the feed costs one query per article per change, however many readers follow it. An
 * unknown site is a 404; an `after-vote` site a 403 (the feed cannot know who voted); an
 * article nobody registered yet counts nothing.
 */
export async function readLiveTally({ db, siteId, externalId }: { db: Db; siteId: string; externalId: string }): Promise<LiveTally> {
  const site = await loadSite({ db, siteId });
  assertFollowable(site);
  const articleId = await findArticleId({ db, siteId: site.id, externalId });
  const { counts } = articleId === null ? { counts: {} } : await readTally(db, ballotsFor({ db }), site.id, externalId, articleId);
  const { shown, shownCounts } = shownTally(site, counts);
  return { total: sum(shownCounts), counts: Object.fromEntries(shown.map((reaction, index) => [reaction.key, shownCounts[index] ?? 0])) };
}

function assertReaction(site: Site, reaction: string): void {
  const active = site.reactions.filter((candidate) => candidate.active).map((candidate) => candidate.key);
  if (active.includes(reaction)) return;
  const retired = site.reactions.some((candidate) => candidate.key === reaction);
  throw new AppError(
    'unknown_reaction',
    retired
      ? {
          id: `Reaksi "${reaction}" sudah tidak dipakai. Pilih salah satu: ${active.join(', ')}.`,
          en: `Reaction "${reaction}" has been retired. Choose one of: ${active.join(', ')}.`,
        }
      : {
          id: `Reaksi "${reaction}" tidak dikenal. Pilih salah satu: ${active.join(', ')}.`,
          en: `Unknown reaction "${reaction}". Choose one of: ${active.join(', ')}.`,
        },
    { details: [{ path: 'reaction', message: `must be one of: ${active.join(', ')}` }] },
  );
}

function pollClosed(): AppError {
  return new AppError('poll_closed', {
    id: 'Jajak pendapat untuk artikel ini sudah ditutup.',
    en: 'The poll for this article is closed.',
  });
}

/** Writes go through the group-commit writer, so concurrent votes share one commit. */
export type VoteRequest = PollRequest & { writer: Writer; readerToken: string; client: ClientInfo; proof?: string | undefined };

/**
 * Records the reader's reaction (casting, or moving an earlier one) and returns the fresh
 * tally. One atomic batch does everything: it admits a new voter under the `vote` policy
 * (src/ratelimit), writes the vote only if the poll is open and the voter was admitted (or is
 * moving their own vote), and reads the result, so concurrent votes can neither be lost nor
 * counted twice (triggers move the counters). Past the address's soft ceiling a vote needs a
 * solved challenge as `proof`. The batch also reads the reader's earlier vote, so the events
 * say exactly what happened: `vote.cast`, `vote.changed`, or none when the reaction was
 * already theirs.
 */
export async function castVote(input: VoteRequest & { reaction: string }): Promise<{ poll: PollView; events: AppEvent[] }> {
  const { db, siteId, externalId, reaction, now } = input;
  const site = await loadSite({ db, siteId });
  assertReaction(site, reaction);
  const locale = localeFor(site, input.locale);
  const proofId = input.proof ? await verifyProof({ secret: input.secret, siteId, proof: input.proof, now }) : null;
  const articleId = await ensureArticle({ db, site, externalId, page: input.page, fillMissing: true });
  const requester = await identifyReader({ db, secret: input.secret, token: input.readerToken, client: input.client, now });
  const { previous, tally, outcome } = await ballotsFor(input).cast({
    siteId,
    articleId,
    readerHash: requester.readerHash,
    keys: policyKeys('vote', site.settings, requester, `article:${articleId}`),
    proofId,
    reaction,
    now,
  });
  const state = fromTallyRow(tally);
  if (!state.article.pollOpen) throw pollClosed();
  if (state.choice !== reaction) {
    if (outcome.allowed) throw new Error('vote admitted but not recorded');
    await countFired({ db, siteId, policy: 'vote', now });
    throw refusal(outcome, siteId, () => ({
      id: 'Terlalu banyak pembaca dari jaringan yang sama sudah memberi tanggapan pada artikel ini hari ini. Silakan coba lagi nanti.',
      en: 'Too many readers on the same network have already reacted to this article today. Please try again later.',
    }));
  }
  const events: AppEvent[] =
    previous === null
      ? [{ type: 'vote.cast', siteId, article: externalId, articleId, reaction }]
      : previous === reaction
        ? []
        : [{ type: 'vote.changed', siteId, article: externalId, articleId, reaction, previous }];
  return { poll: pollView({ site, externalId, locale, ...state, live: input.live, now: input.now }), events };
}

/**
 * Withdraws the reader's vote, if any, and returns the fresh tally with `vote.withdrawn` when
 * there was a vote. Withdrawing twice is harmless.
 */
export async function withdrawVote(input: PollRequest & { writer: Writer; readerToken: string }): Promise<{ poll: PollView; events: AppEvent[] }> {
  const { db, siteId, externalId } = input;
  const site = await loadSite({ db, siteId });
  const locale = localeFor(site, input.locale);
  const articleId = await findArticleId({ db, siteId, externalId });
  if (articleId === null) {
    return { poll: pollView({ site, externalId, article: unregistered, counts: {}, choice: null, locale, live: input.live, now: input.now }), events: [] };
  }
  const readerHash = await hashReaderToken(input.secret, input.readerToken);
  const { withdrawn, tally } = await ballotsFor(input).withdraw({ siteId, articleId, readerHash });
  const state = fromTallyRow(tally);
  if (!state.article.pollOpen) throw pollClosed();
  const events: AppEvent[] = withdrawn.map((reaction) => ({ type: 'vote.withdrawn', siteId, article: externalId, articleId, reaction }));
  return { poll: pollView({ site, externalId, locale, ...state, live: input.live, now: input.now }), events };
}

/**
 * One reader's vote as the atomic write needs it: the keyed hashes and the `vote` policy's
 * limiter keys are already derived (the secret never leaves the caller), and a challenge
 * solution, if any, already verified (`proofId`).
 */
export type Ballot = {
  siteId: string;
  articleId: number;
  readerHash: string;
  keys: LimitKey[];
  proofId: string | null;
  reaction: string;
  now: number;
};

/**
 * What a vote's write read back: the reader's earlier reaction (null: none), the fresh tally,
 * and the limiter's verdict on admitting a new voter (see `limit`).
 */
export type Recorded = { previous: string | null; tally: TallyRow | undefined; outcome: LimitOutcome };

/** What a withdrawal's write read back: the reaction removed (none if there was no vote) and the fresh tally. */
export type Withdrawn = { withdrawn: string[]; tally: TallyRow | undefined };

/** One of a reader's votes as their export lists it (times in epoch ms). */
export type ReaderVote = { site: string; article: string; articleId: number; reaction: string; createdAt: number; updatedAt: number };

/**
 * Where an article's votes live and how its tally is read. The shared database by default
 * (`databaseBallots`); on Workers with Durable Objects, the article's `ArticlePoll` object
 * (src/polls/ballots.ts), which runs `recordVote` and `recordWithdrawal` on its own SQLite.
 * A reader's export and erasure and a site's deletion reach the votes through it too, so
 * they reach them wherever they live.
 */
export type Ballots = {
  cast(ballot: Ballot): Promise<Recorded>;
  withdraw(input: { siteId: string; articleId: number; readerHash: string }): Promise<Withdrawn>;
  read(articleId: number, readerHash: string | null): Promise<TallyRow | undefined>;
  choice(articleId: number, readerHash: string): Promise<string | null>;
  /** The reader's votes on every site, oldest first (their export). */
  exportReader(readerHash: string): Promise<ReaderVote[]>;
  /** Deletes the reader's votes on every site, open poll or not (their erasure), and says how many went. */
  eraseReader(readerHash: string, now: number): Promise<number>;
  /**
   * The newsroom opened or closed the article's poll in the database; where votes live
   * elsewhere, tell it there before the newsroom gets its answer (a vote there reads no D1).
   */
  pollChanged(articleId: number): Promise<void>;
  /** Deletes a site's votes wherever they live; `remove` deletes the site's rows from the database (which cascade). */
  eraseSite(siteId: string, remove: () => Promise<void>): Promise<void>;
};

/** The votes of a request's deployment: its `ballots`, else the shared database (through `writer` when given). */
export function ballotsFor(input: { db: Db; ballots?: Ballots | undefined; writer?: Writer }): Ballots {
  return input.ballots ?? databaseBallots(input.db, input.writer ?? input.db);
}

/**
 * The vote's one atomic batch: it admits a new voter under the `vote` policy
 * (src/ratelimit), writes the vote only if the poll is open and the voter was admitted (or is
 * moving their own vote), and reads the result, so concurrent votes can neither be lost nor
 * counted twice (triggers move the counters). It also reads the reader's earlier vote, so the
 * caller can say exactly what happened.
 */
export async function recordVote(db: Db, writer: Writer, ballot: Ballot): Promise<Recorded> {
  const { articleId, readerHash, keys, proofId, reaction, now } = ballot;
  // Written flat (src/db/flat-sql.ts): every vote assembles them.
  const pollIsOpen = flat`EXISTS (SELECT 1 FROM articles WHERE id = ${articleId} AND poll_open = 1)`;
  const hasVoted = flat`EXISTS (SELECT 1 FROM votes WHERE article_id = ${articleId} AND reader_hash = ${readerHash})`;
  const admission = limit({ db, keys, now, unless: flat`NOT ${pollIsOpen} OR ${hasVoted}`, proofId });
  const { before, admitted, reads } = await namedBatch(writer, {
    before: db.all<{ reaction: string }>(flat`SELECT reaction_key AS reaction FROM votes WHERE article_id = ${articleId} AND reader_hash = ${readerHash}`.toSql()),
    prune: admission.prune,
    admitted: admission.admit,
    vote: db.run(
      flat`INSERT INTO votes (article_id, reader_hash, reaction_key, created_at, updated_at)
        SELECT ${articleId}, ${readerHash}, ${reaction}, ${now}, ${now}
        WHERE ${pollIsOpen} AND (changes() > 0 OR ${hasVoted})
        ON CONFLICT (article_id, reader_hash) DO UPDATE
          SET reaction_key = excluded.reaction_key, updated_at = excluded.updated_at
          WHERE votes.reaction_key <> excluded.reaction_key`.toSql(),
    ),
    spent: admission.spend,
    reads: tallyRead(db, articleId, readerHash),
  });
  const tally = reads[0];
  // A vote that landed needs nothing more from the limiter (votes send no quota headers); only
  // a refusal reads the keys' recent hits, after the batch, for its Retry-After and headers.
  const landed = admitted.length > 0 || tally?.choice === reaction;
  const outcome = landed ? ({ allowed: true, quota: null } as const) : admission.outcome(admitted, await admission.recent);
  return { previous: before[0]?.reaction ?? null, tally, outcome };
}

/** Deletes the reader's vote while the poll is open, and reads the fresh tally, in one batch. */
export async function recordWithdrawal(db: Db, writer: Writer, { articleId, readerHash }: { articleId: number; readerHash: string }): Promise<Withdrawn> {
  const [deleted, reads] = await writer.batch([
    db.all<{ reaction: string }>(sql`DELETE FROM votes WHERE article_id = ${articleId} AND reader_hash = ${readerHash}
      AND EXISTS (SELECT 1 FROM articles WHERE id = ${articleId} AND poll_open = 1)
      RETURNING reaction_key AS reaction`),
    tallyRead(db, articleId, readerHash),
  ]);
  return { withdrawn: deleted.map(({ reaction }) => reaction), tally: reads[0] };
}

/** The reader's current reaction to the article, if any. */
export async function readChoice(db: Db, articleId: number, readerHash: string): Promise<string | null> {
  const [row] = await db.all<{ choice: string }>(
    sql`SELECT reaction_key AS choice FROM votes WHERE article_id = ${articleId} AND reader_hash = ${readerHash}`,
  );
  return row?.choice ?? null;
}

/**
 * The reader's votes the shared database holds, oldest first. Not a moved article's (its
 * votes live in its object; a copy D1 still holds is stale).
 */
export function storedReaderVotes(db: Db, readerHash: string) {
  return db.all<ReaderVote>(sql`SELECT a.site_id AS site, a.external_id AS article, a.id AS articleId,
      v.reaction_key AS reaction, v.created_at AS createdAt, v.updated_at AS updatedAt
    FROM votes v JOIN articles a ON a.id = v.article_id
    WHERE v.reader_hash = ${readerHash} AND a.votes_moved = 0 ORDER BY v.created_at, a.id`);
}

/**
 * The statements erasing the reader's votes in the shared database, for the caller's batch:
 * the first counts the votes that count (not a moved article's stale copy), the second deletes
 * them all (the triggers keep the counters exact and leave a moved article's alone).
 */
export function storedVotesErasure(db: Db, readerHash: string) {
  return [
    db.all<{ count: number }>(sql`SELECT count(*) AS count FROM votes v JOIN articles a ON a.id = v.article_id
      WHERE v.reader_hash = ${readerHash} AND a.votes_moved = 0`),
    db.run(sql`DELETE FROM votes WHERE reader_hash = ${readerHash}`),
  ] as const;
}

/** Votes in the shared database: Node (through its group-commit writer), D1 without objects, Turso. */
export function databaseBallots(db: Db, writer: Writer): Ballots {
  return {
    cast: (ballot) => recordVote(db, writer, ballot),
    withdraw: (input) => recordWithdrawal(db, writer, input),
    read: async (articleId, readerHash) => (await tallyRead(db, articleId, readerHash))[0],
    choice: (articleId, readerHash) => readChoice(db, articleId, readerHash),
    exportReader: (readerHash) => storedReaderVotes(db, readerHash),
    async eraseReader(readerHash) {
      const [[counted]] = await db.batch(storedVotesErasure(db, readerHash));
      return counted?.count ?? 0;
    },
    eraseSite: (_siteId, remove) => remove(),
    // The vote batch reads the poll's state from this database itself.
    pollChanged: async () => {},
  };
}

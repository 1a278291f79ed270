import { DurableObject } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { migrate } from 'drizzle-orm/durable-sqlite/migrator';
import { d1Db } from '../db/d1';
import type { Db } from '../db/client';
import { durableDb } from '../db/durable';
import { durableMigrations } from '../db/durable-migrations';
import { consoleLog } from '../lib/log';
import type { LimitOutcome } from '../ratelimit/service';
import { type Ballot, readChoice, recordVote, recordWithdrawal, tallyRead, type TallyRow } from '../reactions/service';
import { type Erased, type Flush, flushStatements, markAllSent, MEMBERS_PER_FLUSH, ROLLUP_SCHEMA, stageMovement, unreportedMembers } from './rollup';
import { addCounts, type Counts, pollObjectName, shardOf, type ShardPolicy } from './shards';

/**
 * Which article (and shard) an object serves, as the Worker names it. Whether the poll is open
 * is the object's own state: read from D1 when it first serves the article, and again whenever
 * the newsroom opens or closes the poll (`pollChanged`), so a vote costs the Worker no D1 read.
 */
export type PollArticle = { siteId: string; articleId: number; shard: number };

/** A vote's or a read's answer from the object: the tally row (counts summed over shards) and the shard count. */
export type PollAnswer = { previous: string | null; withdrawn: string[]; tally: TallyRow | undefined; shards: number; outcome: LimitOutcome | null };

/** One of a reader's votes as the object holds it, for their export. */
export type HeldVote = { reaction: string; createdAt: number; updatedAt: number };

/** The bindings an `ArticlePoll` uses: D1 for roll-ups and the upgrade, itself for the other shards. */
export type PollEnv = { DB: D1Database; ARTICLE_POLL: DurableObjectNamespace<ArticlePoll> };

/** Live messages and shard reports go out at most this often. */
const NOTIFY_MS = 1_000;
/** While votes flow, D1 receives a roll-up at most this often; once they stop, at the next alarm. */
const FLUSH_MS = 5_000;
/** How long a shard trusts the other shards' counts it holds. */
const OTHERS_TTL_MS = 1_000;
/** D1 rows read per page when an article's votes move in. */
const IMPORT_PAGE = 2_000;

const log = consoleLog();

/**
 * One article's poll on Workers (one object per article, or per shard of a hot one), backed by
 * its own SQLite. It owns the article's votes, counters and network admissions, and records a
 * vote with the vote service's own batch (`recordVote`) on that SQLite through drizzle's
 * durable-sqlite driver, so Node, D1 and the object run the same statements. The Worker
 * validates, derives the keyed hashes (the secret never reaches the object) and calls it over
 * RPC. See src/polls/README.md for roll-ups, sharding, the upgrade and live tallies.
 */
export class ArticlePoll extends DurableObject<PollEnv> {
  readonly #db: Db;
  #article: PollArticle | undefined;
  #shards = 1;
  #splitRowid = 0;
  #others: { counts: Counts; at: number } = { counts: {}, at: 0 };
  #window = { start: 0, votes: 0 };
  #dirty = false;
  #lastNotify = 0;
  #lastFlush = 0;
  #alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: PollEnv) {
    super(ctx, env);
    this.#db = durableDb(ctx.storage);
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(drizzle(ctx.storage), durableMigrations);
      ctx.storage.sql.exec(ROLLUP_SCHEMA);
      // Votes held before the object reported its readers to D1 are reported once, like new ones.
      if (!this.#state('readers_tracked')) {
        ctx.storage.sql.exec('INSERT INTO poll_unreported (reader_hash, at) SELECT reader_hash, created_at FROM votes WHERE true ON CONFLICT DO NOTHING');
        this.#setState('readers_tracked', true);
      }
      this.#alarmAt = await ctx.storage.getAlarm();
      const known = this.#state<PollArticle>('article');
      // A coordinator that imported its votes before D1 learnt of moves finishes the move now.
      if (known?.shard === 0 && !this.#state('moved')) this.#setPollOpen(await this.#moveFromD1(known));
      if (known) this.#adopted(known);
    });
  }

  /** Records a vote (casting or moving it), forwarding it to the reader's shard when that is another object. */
  async cast(article: PollArticle, policy: ShardPolicy, ballot: Ballot, hops = 0): Promise<PollAnswer> {
    await this.#ready(article);
    this.#countVote(policy);
    const home = await this.#homeOf(ballot.readerHash, hops);
    if (home !== article.shard) return this.#shard(home).cast({ ...article, shard: home }, policy, ballot, hops + 1);
    const { previous, tally, outcome } = await recordVote(this.#db, this.#db, ballot);
    this.#changed();
    return { previous, withdrawn: [], tally: await this.#withOthers(tally), shards: this.#shards, outcome };
  }

  /** Withdraws the reader's vote, on whichever shard holds it. */
  async withdraw(article: PollArticle, readerHash: string, hops = 0): Promise<PollAnswer> {
    await this.#ready(article);
    const home = await this.#homeOf(readerHash, hops);
    if (home !== article.shard) return this.#shard(home).withdraw({ ...article, shard: home }, readerHash, hops + 1);
    const { withdrawn, tally } = await recordWithdrawal(this.#db, this.#db, { articleId: article.articleId, readerHash });
    if (withdrawn.length > 0) this.#changed();
    return { previous: null, withdrawn, tally: await this.#withOthers(tally), shards: this.#shards, outcome: null };
  }

  /** The tally summed over shards and, with a reader, their choice (from the shard holding it). */
  async read(article: PollArticle, readerHash: string | null, hops = 0): Promise<PollAnswer> {
    await this.#ready(article);
    if (readerHash !== null) {
      const home = await this.#homeOf(readerHash, hops);
      if (home !== article.shard) return this.#shard(home).read({ ...article, shard: home }, readerHash, hops + 1);
    }
    const [tally] = await tallyRead(this.#db, article.articleId, readerHash);
    return { previous: null, withdrawn: [], tally: await this.#withOthers(tally), shards: this.#shards, outcome: null };
  }

  /** The reader's votes held here (the Worker found this object in D1's `poll_readers`), for their export. */
  async readerVotes(article: PollArticle, readerHash: string): Promise<HeldVote[]> {
    await this.#ready(article);
    return this.ctx.storage.sql
      .exec<HeldVote>('SELECT reaction_key AS reaction, created_at AS createdAt, updated_at AS updatedAt FROM votes WHERE reader_hash = ?', readerHash)
      .toArray();
  }

  /**
   * Deletes the reader's votes held here, open poll or not (their erasure), and answers how
   * many; the counters follow at once and the next roll-up takes the change to D1.
   */
  async eraseReader(article: PollArticle, readerHash: string): Promise<number> {
    await this.#ready(article);
    return this.#eraseVotes({ reader: readerHash, erasedAt: Number.MAX_SAFE_INTEGER });
  }

  /**
   * Deletes everything the article's objects hold (the coordinator tells every shard), its
   * alarm included: its site was deleted from D1, which cascaded to the article.
   */
  async wipe(): Promise<void> {
    const article = this.#article;
    if (article?.shard === 0) {
      for (let shard = 1; shard < this.#shards; shard++) await this.#shard(shard).wipe();
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#article = undefined;
    this.#alarmAt = null;
  }

  /** The coordinator's answer to a shard asking whether a reader's vote predates the split, so stays here. */
  votedBeforeSplit(readerHash: string): boolean {
    return this.#votedBeforeSplit(readerHash);
  }

  /**
   * The coordinator's shard count, whether any vote predates the split (else no shard need
   * ask), and whether the poll is open, for a shard's first touch.
   */
  split(): { shards: number; votesBeforeSplit: boolean; pollOpen: boolean } {
    return { shards: this.#shards, votesBeforeSplit: this.#splitRowid > 0, pollOpen: this.#pollOpen() };
  }

  /**
   * The newsroom opened or closed the poll (`Ballots.pollChanged`, awaited by the service verb
   * that changed it in D1): the coordinator reads the state from D1 and tells its shards. Votes
   * wait meanwhile, so the next vote after the newsroom's answer sees the new state.
   */
  async pollChanged(article: PollArticle): Promise<void> {
    await this.#ready(article);
    await this.ctx.blockConcurrencyWhile(async () => {
      const [row] = await d1Db(this.env.DB).all<{ pollOpen: number }>(sql`SELECT poll_open AS pollOpen FROM articles WHERE id = ${article.articleId}`);
      const open = row?.pollOpen === 1;
      this.#setPollOpen(open);
      for (let shard = 1; shard < this.#shards; shard++) await this.#shard(shard).setPollOpen(open);
    });
  }

  /** The coordinator passing on the poll's new state (a shard not serving the article yet learns it on its first touch). */
  setPollOpen(open: boolean): void {
    if (this.#article) this.#setPollOpen(open);
  }

  /**
   * A shard's latest counts, reported to the coordinator (at most once a second per shard);
   * answers with everyone else's, for that shard's tallies.
   */
  async report(article: PollArticle, shard: number, counts: Counts): Promise<Counts> {
    await this.#ready(article);
    this.ctx.storage.sql.exec(
      'INSERT INTO poll_shard_counts (shard, counts) VALUES (?, ?) ON CONFLICT (shard) DO UPDATE SET counts = excluded.counts',
      shard,
      JSON.stringify(counts),
    );
    this.#changed();
    return this.#countsExcept(shard);
  }

  /** Everyone's counts but `shard`'s, for a shard whose copy is older than a second. */
  async countsExcept(article: PollArticle, shard: number): Promise<Counts> {
    await this.#ready(article);
    return this.#countsExcept(shard);
  }

  /**
   * A live subscriber (the Worker forwards `GET …/live` with `Upgrade: websocket` to shard 0).
   * The socket is accepted with the hibernation API, so an idle poll costs nothing while
   * readers watch; it gets the tally at once and then whenever it changes, at most once a second.
   */
  override async fetch(request: Request): Promise<Response> {
    const article = JSON.parse(request.headers.get('x-poll-article') ?? 'null') as PollArticle | null;
    const reactions = JSON.parse(request.headers.get('x-poll-reactions') ?? '[]') as string[];
    if (!article || request.headers.get('upgrade') !== 'websocket') return new Response(null, { status: 426 });
    await this.#ready(article);
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ reactions });
    server.send(liveMessage(this.#totalCounts(), reactions));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Readers send nothing on a live socket; anything they do send is ignored. */
  override webSocketMessage(): void {}

  override webSocketClose(ws: WebSocket, code: number): void {
    ws.close(code === 1005 ? 1000 : code);
  }

  /**
   * The object's heartbeat while votes flow: reports its counts to the coordinator (or, on
   * the coordinator, tells live subscribers), and flushes the roll-up to D1 every few seconds
   * and once more when votes stop. A throw makes the runtime retry the alarm.
   */
  override async alarm(): Promise<void> {
    this.#alarmAt = null;
    const article = this.#article;
    if (!article) return;
    const now = Date.now();
    const changed = this.#dirty;
    if (changed) {
      this.#dirty = false;
      this.#lastNotify = now;
      if (article.shard === 0) this.#broadcast();
      else this.#others = { counts: await this.#shard(0).report({ ...article, shard: 0 }, article.shard, this.#localCounts()), at: Date.now() };
    }
    if (!changed || now - this.#lastFlush >= FLUSH_MS) await this.#flush(article);
    // Votes came in meanwhile: notify again in a second. Else one more alarm after the last
    // change, which finds nothing new and flushes what is left.
    if (this.#dirty) this.#schedule(this.#lastNotify + NOTIFY_MS);
    else if (changed) this.#schedule(now + NOTIFY_MS);
  }

  /** The first call of an instance learns its article; the very first of shard 0 moves D1's votes in. */
  async #ready(article: PollArticle): Promise<void> {
    if (!this.#article) {
      await this.ctx.blockConcurrencyWhile(async () => {
        if (this.#article) return;
        this.#mirror(article);
        if (article.shard === 0) this.#setPollOpen(await this.#moveFromD1(article));
        else {
          const split = await this.#shard(0, article.articleId).split();
          this.#setState('split', { shards: split.shards, rowid: split.votesBeforeSplit ? 1 : 0 });
          this.#setPollOpen(split.pollOpen);
        }
        this.#setState('article', article);
        this.#adopted(article);
      });
    }
  }

  #adopted(article: PollArticle): void {
    this.#article = article;
    const split = this.#state<{ shards: number; rowid: number }>('split');
    this.#shards = split?.shards ?? 1;
    this.#splitRowid = split?.rowid ?? 0;
    // After a restart the coordinator may not have this shard's latest counts, and a staged
    // flush may be waiting: one alarm settles both.
    this.#dirty = true;
    this.#schedule(Date.now());
  }

  /** The site and article rows the vote statements refer to (the poll open until D1 says otherwise). */
  #mirror(article: PollArticle): void {
    const { sql: storage } = this.ctx.storage;
    storage.exec("INSERT INTO sites (id, name, origins) VALUES (?, '', '[]') ON CONFLICT DO NOTHING", article.siteId);
    storage.exec(
      'INSERT INTO articles (id, site_id, external_id) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
      article.articleId,
      article.siteId,
      String(article.articleId),
    );
  }

  /** Whether the poll takes votes, as the object's `articles` row (which the vote batch checks) says. */
  #pollOpen(): boolean {
    return this.ctx.storage.sql.exec<{ open: number }>('SELECT poll_open AS open FROM articles LIMIT 1').toArray()[0]?.open === 1;
  }

  #setPollOpen(open: boolean): void {
    this.ctx.storage.sql.exec('UPDATE articles SET poll_open = ?', open ? 1 : 0);
  }

  /**
   * Moves the article's votes out of D1 on the coordinator's first touch. D1 first marks the
   * article as moved (`articles.votes_moved`): from then on it refuses any vote write for it,
   * so a Worker version from before the objects (a gradual deploy) cannot add a vote this
   * object would never count. Then the votes are imported, and D1's copies deleted (the
   * marked article's delete triggers leave D1's counters, which hold them, alone). Each step
   * can run again after an interruption; a coordinator that moved already only reads the mark's
   * answer, whether the poll is open, which it returns.
   */
  async #moveFromD1(article: PollArticle): Promise<boolean> {
    const d1 = d1Db(this.env.DB);
    const [row] = await d1.all<{ pollOpen: number }>(
      sql`UPDATE articles SET votes_moved = 1 WHERE id = ${article.articleId} RETURNING poll_open AS pollOpen`,
    );
    if (this.#state('moved')) return row?.pollOpen === 1;
    if (!this.#state('imported')) await this.#importFromD1(article);
    await d1.run(sql`DELETE FROM votes WHERE article_id = ${article.articleId}`);
    this.#setState('moved', Date.now());
    return row?.pollOpen === 1;
  }

  /**
   * Upgrade in place: an article that has votes in D1 from before objects existed gets them
   * here on its first touch, with the article's admissions under the `vote` limit. Everything is read first and
   * written in one transaction, which also marks the moved counts as already in D1 (they
   * are), so an interruption leaves nothing half-moved and the next touch starts again; D1
   * itself is not changed here.
   */
  async #importFromD1(article: PollArticle): Promise<void> {
    const d1 = d1Db(this.env.DB);
    const votes: { reader: string; reaction: string; createdAt: number; updatedAt: number }[] = [];
    for (let after = ''; ; ) {
      const page = await d1.all<{ reader: string; reaction: string; createdAt: number; updatedAt: number }>(sql`
        SELECT reader_hash AS reader, reaction_key AS reaction, created_at AS createdAt, updated_at AS updatedAt
        FROM votes WHERE article_id = ${article.articleId} AND reader_hash > ${after}
        ORDER BY reader_hash LIMIT ${IMPORT_PAGE}`);
      votes.push(...page);
      if (page.length < IMPORT_PAGE) break;
      after = page.at(-1)!.reader;
    }
    // The `vote` policy's admissions for this article (src/ratelimit: keys `vote:article:<id>:…`).
    const prefix = `vote:article:${article.articleId}:`;
    const admissions = await d1.all<{ key: string; windowStart: number; count: number }>(sql`
      SELECT key, window_start AS windowStart, count FROM rate_limits WHERE key >= ${prefix} AND key < ${`${prefix.slice(0, -1)};`}`);
    const { sql: storage } = this.ctx.storage;
    this.ctx.storage.transactionSync(() => {
      for (const vote of votes) {
        storage.exec(
          `INSERT INTO votes (article_id, reader_hash, reaction_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
          article.articleId,
          vote.reader,
          vote.reaction,
          vote.createdAt,
          vote.updatedAt,
        );
      }
      for (const admission of admissions) {
        storage.exec(
          'INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
          admission.key,
          admission.windowStart,
          admission.count,
        );
      }
      markAllSent(storage, article.articleId);
      this.#setState('imported', { votes: votes.length, at: Date.now() });
    });
  }

  /** Shard 0 counts votes per second and splits the article once the rate passes the policy's. */
  #countVote(policy: ShardPolicy): void {
    const article = this.#article!;
    if (article.shard !== 0 || this.#shards > 1 || policy.shards <= 1) return;
    const now = Date.now();
    if (now - this.#window.start >= 1_000) this.#window = { start: now, votes: 0 };
    this.#window.votes++;
    if (this.#window.votes <= policy.splitAbove) return;
    const [last] = this.ctx.storage.sql.exec<{ rowid: number | null }>('SELECT max(rowid) AS rowid FROM votes').toArray();
    this.#splitRowid = last?.rowid ?? 0;
    this.#shards = policy.shards;
    this.#setState('split', { shards: this.#shards, rowid: this.#splitRowid });
  }

  /**
   * Which shard holds a reader's votes: shard 0 keeps everyone who voted before the split;
   * anyone else lives on `shardOf(reader)`. A forwarded call is never forwarded again.
   */
  async #homeOf(readerHash: string, hops: number): Promise<number> {
    const shard = this.#article!.shard;
    if (hops > 0 || this.#shards <= 1) return shard;
    if (shard === 0) return this.#votedBeforeSplit(readerHash) ? 0 : shardOf(readerHash, this.#shards);
    if (this.#splitRowid === 0 || (await readChoice(this.#db, this.#article!.articleId, readerHash)) !== null) return shard;
    return (await this.#shard(0).votedBeforeSplit(readerHash)) ? 0 : shard;
  }

  #votedBeforeSplit(readerHash: string): boolean {
    if (this.#splitRowid === 0) return false;
    const [row] = this.ctx.storage.sql
      .exec('SELECT 1 FROM votes WHERE reader_hash = ? AND rowid <= ?', readerHash, this.#splitRowid)
      .toArray();
    return row !== undefined;
  }

  #shard(shard: number, articleId = this.#article!.articleId): DurableObjectStub<ArticlePoll> {
    return this.env.ARTICLE_POLL.getByName(pollObjectName(articleId, shard));
  }

  #localCounts(): Counts {
    const rows = this.ctx.storage.sql
      .exec<{ key: string; count: number }>('SELECT reaction_key AS key, count FROM reaction_counts WHERE article_id = ?', this.#article!.articleId)
      .toArray();
    return Object.fromEntries(rows.map((row) => [row.key, row.count]));
  }

  /** On the coordinator: its own counts plus every shard's last report, except `shard`'s. */
  #countsExcept(shard: number): Counts {
    const counts = shard === 0 ? {} : this.#localCounts();
    for (const row of this.ctx.storage.sql.exec<{ shard: number; counts: string }>('SELECT shard, counts FROM poll_shard_counts')) {
      if (row.shard !== shard) addCounts(counts, JSON.parse(row.counts) as Counts);
    }
    return counts;
  }

  #totalCounts(): Counts {
    return addCounts(this.#localCounts(), this.#countsExcept(0));
  }

  /** The shard's exact tally row with the other shards' counts added (theirs at most about a second old). */
  async #withOthers(tally: TallyRow | undefined): Promise<TallyRow | undefined> {
    if (!tally || this.#shards <= 1) return tally;
    const article = this.#article!;
    let others: Counts;
    if (article.shard === 0) others = this.#countsExcept(0);
    else {
      if (Date.now() - this.#others.at > OTHERS_TTL_MS) {
        this.#others = { counts: await this.#shard(0).countsExcept({ ...article, shard: 0 }, article.shard), at: Date.now() };
      }
      others = this.#others.counts;
    }
    const counts = addCounts(JSON.parse(tally.counts ?? '{}') as Counts, others);
    return { ...tally, counts: JSON.stringify(counts) };
  }

  #changed(): void {
    this.#dirty = true;
    this.#schedule(Math.max(Date.now(), this.#lastNotify + NOTIFY_MS));
  }

  #schedule(at: number): void {
    if (this.#alarmAt !== null && this.#alarmAt <= at) return;
    this.#alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }

  #broadcast(): void {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    const counts = this.#totalCounts();
    const messages = new Map<string, string>();
    for (const socket of sockets) {
      const { reactions } = socket.deserializeAttachment() as { reactions: string[] };
      const key = reactions.join('\n');
      let message = messages.get(key);
      if (message === undefined) {
        message = liveMessage(counts, reactions);
        messages.set(key, message);
      }
      try {
        socket.send(message);
      } catch {
        // A socket closing meanwhile: its close handler tidies up.
      }
    }
  }

  /** Stages the movement not yet in D1 (unless a staged flush still waits) and sends it. */
  async #flush(article: PollArticle): Promise<void> {
    let flush = this.#state<Flush>('rollup_pending');
    if (!flush) {
      flush = this.ctx.storage.transactionSync(() => {
        const rows = stageMovement(this.ctx.storage.sql, article.articleId);
        const members = unreportedMembers(this.ctx.storage.sql);
        if (rows.length === 0 && members.length === 0) return undefined;
        const staged = { seq: (this.#state<number>('rollup_seq') ?? 0) + 1, rows, members };
        this.#setState('rollup_pending', staged);
        return staged;
      });
      if (!flush) return;
    }
    const object = pollObjectName(article.articleId, article.shard);
    const d1 = d1Db(this.env.DB);
    const results = await d1.batch(
      flushStatements(d1, { object, siteId: article.siteId, articleId: article.articleId, shard: article.shard, flush, attempt: crypto.randomUUID(), now: Date.now() }),
    );
    const applied = (results.at(-1) as { seq: number }[])[0]?.seq ?? 0;
    if (applied < flush.seq) {
      log({ level: 'error', msg: 'roll-up flush not applied: D1 holds an older flush number than expected', object, applied, staged: flush.seq });
      throw new Error(`roll-up flush ${flush.seq} of ${object} not applied (D1 has ${applied})`);
    }
    const { seq: done, members = [] } = flush;
    this.ctx.storage.transactionSync(() => {
      this.#setState('rollup_seq', done);
      this.ctx.storage.sql.exec("DELETE FROM poll_state WHERE key = 'rollup_pending'");
      for (const member of members) this.ctx.storage.sql.exec('DELETE FROM poll_unreported WHERE reader_hash = ? AND at = ?', member.reader, member.at);
    });
    this.#lastFlush = Date.now();
    // Readers erased before this flush reported their votes: their erasure ends here.
    for (const erased of results.at(-2) as Erased[]) this.#eraseVotes(erased);
    if (members.length === MEMBERS_PER_FLUSH) this.#schedule(Date.now() + NOTIFY_MS);
  }

  /** Deletes a reader's votes cast until `erasedAt`, and their pending report; how many went. */
  #eraseVotes({ reader, erasedAt }: Erased): number {
    const { sql: storage } = this.ctx.storage;
    const erased = storage.exec('DELETE FROM votes WHERE reader_hash = ? AND created_at <= ? RETURNING 1', reader, erasedAt).toArray().length;
    storage.exec('DELETE FROM poll_unreported WHERE reader_hash = ? AND at <= ?', reader, erasedAt);
    if (erased > 0) this.#changed();
    return erased;
  }

  #state<T>(key: string): T | undefined {
    const [row] = this.ctx.storage.sql.exec<{ value: string }>('SELECT value FROM poll_state WHERE key = ?', key).toArray();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  #setState(key: string, value: unknown): void {
    this.ctx.storage.sql.exec(
      'INSERT INTO poll_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      JSON.stringify(value),
    );
  }
}

/**
 * The live message: the total and the count of each reaction the poll shows, in the poll's
 * order (the Worker passes the site's active reaction keys when it forwards the socket).
 *
 * @example liveMessage({ senang: 2, sedih: 1 }, ['senang', 'sedih', 'marah']) === '{"total":3,"counts":{"senang":2,"sedih":1,"marah":0}}'
 */
export function liveMessage(counts: Counts, reactions: readonly string[]): string {
  const shown = Object.fromEntries(reactions.map((key) => [key, Math.max(0, counts[key] ?? 0)]));
  return JSON.stringify({ total: Object.values(shown).reduce((sum, count) => sum + count, 0), counts: shown });
}

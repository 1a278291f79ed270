import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * Tanggap's tables. Counters (`reaction_counts`, `reaction_hourly`, `articles.comment_count`,
 * `comments.like_count`/`report_count`) are maintained by SQLite triggers (see the hand-written
 * migration), so they move in the same statement as the row that causes them and can never
 * drift from the rows they count, on libsql and on D1 alike.
 */

/** Epoch milliseconds; every timestamp column uses it so buckets and cursors compare cheaply. */
const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** JSON array of origins (`https://example.com`); `http://localhost:*` style wildcards allowed for dev. */
  origins: text('origins', { mode: 'json' }).$type<string[]>().notNull(),
  defaultLocale: text('default_locale', { enum: ['id', 'en'] }).notNull().default('id'),
  timeZone: text('time_zone').notNull().default('Asia/Jakarta'),
  /** JSON object validated by `siteSettingsSchema`; missing keys fall back to defaults. */
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  createdAt: integer('created_at').notNull().default(now),
});

export const reactions = sqliteTable(
  'reactions',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** Stable key: votes and counters refer to it, so relabelling or reordering moves nothing. */
    key: text('key').notNull(),
    labels: text('labels', { mode: 'json' }).$type<{ id: string; en: string }>().notNull(),
    emoji: text('emoji').notNull(),
    position: integer('position').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.key] })],
);

export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The article id the page gives (`data-article`). */
    externalId: text('external_id').notNull(),
    url: text('url'),
    title: text('title'),
    section: text('section'),
    /** Byline as the page gives it (`article:author`, `author`, `data-author`). */
    author: text('author'),
    /** `article:published_time`, epoch ms. */
    publishedAt: integer('published_at'),
    firstSeenAt: integer('first_seen_at').notNull().default(now),
    pollOpen: integer('poll_open', { mode: 'boolean' }).notNull().default(true),
    /** False: a moderator closed the comments (src/articles/closing.ts). */
    commentsOpen: integer('comments_open', { mode: 'boolean' }).notNull().default(true),
    /** A moderator keeps the comments open past the site's closing schedule. */
    commentsKeptOpen: integer('comments_kept_open', { mode: 'boolean' }).notNull().default(false),
    /** When the first vote was cast (set by the vote trigger); the closing schedule counts from it. */
    firstVoteAt: integer('first_vote_at'),
    /** Approved, not deleted comments; kept by triggers. */
    commentCount: integer('comment_count').notNull().default(0),
    /** Current number of votes; kept by triggers, used to rank articles without summing counters. */
    voteCount: integer('vote_count').notNull().default(0),
    /**
     * 1 once the article's votes moved into its `ArticlePoll` object (Workers): D1 then refuses
     * vote writes for it and deleting a leftover copy leaves the counters alone (migration 0015).
     */
    votesMoved: integer('votes_moved', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('articles_site_external').on(t.siteId, t.externalId),
    index('articles_site_section').on(t.siteId, t.section),
    index('articles_site_author').on(t.siteId, t.author),
  ],
);

export const votes = sqliteTable(
  'votes',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** HMAC(secret, reader token): the raw token never reaches the database. */
    readerHash: text('reader_hash').notNull(),
    reactionKey: text('reaction_key').notNull(),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.readerHash] }),
    index('votes_reader').on(t.readerHash),
  ],
);

export const reactionCounts = sqliteTable(
  'reaction_counts',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    reactionKey: text('reaction_key').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.reactionKey] })],
);

/** Net vote movement per article, reaction and UTC hour (epoch hour); sums to `reaction_counts`. */
export const reactionHourly = sqliteTable(
  'reaction_hourly',
  {
    siteId: text('site_id').notNull(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    reactionKey: text('reaction_key').notNull(),
    hour: integer('hour').notNull(),
    /** Net change (votes in minus votes out) in that hour. */
    delta: integer('delta').notNull().default(0),
    /** Votes cast or changed in that hour (never decremented): activity, for spikes and "busiest hours". */
    casts: integer('casts').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.reactionKey, t.hour] }),
    /** Covering: site-wide hourly reads (overview, edge hours of a period) never touch the table. */
    index('reaction_hourly_site_hour').on(t.siteId, t.hour, t.reactionKey, t.articleId, t.casts, t.delta),
  ],
);

/**
 * The same movement per UTC day (epoch day = epoch hour / 24), kept by triggers beside
 * `reaction_hourly`. The newsroom ranks a week of articles from whole days here plus the few
 * edge hours from `reaction_hourly`, so a period query reads thousands of rows, not millions.
 */
export const reactionDaily = sqliteTable(
  'reaction_daily',
  {
    siteId: text('site_id').notNull(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    reactionKey: text('reaction_key').notNull(),
    day: integer('day').notNull(),
    delta: integer('delta').notNull().default(0),
    casts: integer('casts').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.reactionKey, t.day] }),
    index('reaction_daily_site_day').on(t.siteId, t.day, t.articleId, t.reactionKey, t.casts, t.delta),
  ],
);

/** One random salt per UTC day; deleted after two days so old network keys become unlinkable. */
export const dailySalts = sqliteTable('daily_salts', {
  day: text('day').primaryKey(),
  salt: text('salt').notNull(),
});

export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** Top-level comment this one replies to (replies to replies are re-parented to the top). */
    parentId: integer('parent_id'),
    readerHash: text('reader_hash').notNull(),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['approved', 'pending', 'rejected', 'spam', 'deleted'] })
      .notNull()
      .default('approved'),
    /** Why a comment is pending (`pre-moderation`, `first-comment`, `suspect-word`, `links`, `reports`). */
    heldReason: text('held_reason'),
    likeCount: integer('like_count').notNull().default(0),
    /** Approved replies to this comment; kept by triggers. */
    replyCount: integer('reply_count').notNull().default(0),
    reportCount: integer('report_count').notNull().default(0),
    editTokenHash: text('edit_token_hash'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
    editedAt: integer('edited_at'),
    /** Keyed hash of the site account (`sub` of the site's SSO token) that signed the comment; null when anonymous. */
    ssoUserHash: text('sso_user_hash'),
    /**
     * When a moderator made it an editor's pick (*Pilihan Redaksi*); null when it is not one. At most
     * three per article (`pickComment`); a trigger (migration 0013) drops the pick when the comment
     * leaves `approved` or its body changes, so a pick always shows the text the editor chose.
     */
    pickedAt: integer('picked_at'),
  },
  (t) => [
    index('comments_article_status_id').on(t.articleId, t.status, t.id),
    index('comments_article_status_likes').on(t.articleId, t.status, t.likeCount, t.id),
    index('comments_parent').on(t.parentId, t.status, t.id),
    index('comments_reader').on(t.readerHash, t.createdAt),
    index('comments_status_created').on(t.status, t.createdAt),
    /** A signed-in author's comments, for their trust level (src/comments/trust.ts). */
    index('comments_sso_user').on(t.ssoUserHash).where(sql`sso_user_hash IS NOT NULL`),
    /** The "reported" moderation queue and its count, without reading every approved comment. */
    index('comments_reported')
      .on(t.articleId, t.id)
      .where(sql`report_count > 0 AND status IN ('approved', 'pending')`),
    /** An article's editor's picks, in the order they were picked. */
    index('comments_picked').on(t.articleId, t.pickedAt).where(sql`picked_at IS NOT NULL`),
  ],
);

/**
 * A site's SSO secret is never stored: it is derived from the server secret and this random
 * seed (src/sso/service.ts), so the database alone cannot sign in anyone. Rotating replaces
 * the seed.
 */
export const siteSsoSecrets = sqliteTable('site_sso_secrets', {
  siteId: text('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  seed: text('seed').notNull(),
  rotatedAt: integer('rotated_at').notNull(),
});

/**
 * Keyed hashes of SSO tokens that signed a reader in, kept a week past their expiry so a token
 * presented again after it expired is told apart from one that arrived expired.
 */
export const ssoTokensSeen = sqliteTable(
  'sso_tokens_seen',
  {
    tokenHash: text('token_hash').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sso_tokens_seen_expiry').on(t.expiresAt)],
);

/**
 * Who agreed to which version of a site's house rules, and when: `author_hash` is the reader
 * hash, or the SSO user hash for a signed-in commenter. A new rules version asks again.
 */
export const rulesAgreements = sqliteTable(
  'rules_agreements',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    authorHash: text('author_hash').notNull(),
    version: integer('version').notNull(),
    agreedAt: integer('agreed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.authorHash, t.version] }), index('rules_agreements_author').on(t.authorHash)],
);

export const commentLikes = sqliteTable(
  'comment_likes',
  {
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    readerHash: text('reader_hash').notNull(),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.readerHash] }), index('comment_likes_reader').on(t.readerHash)],
);

export const commentReports = sqliteTable(
  'comment_reports',
  {
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    readerHash: text('reader_hash').notNull(),
    reason: text('reason', { enum: ['spam', 'abuse', 'off-topic', 'misinformation'] }).notNull(),
    /**
     * The reporter's network and address keys of that day (daily-salted, so unlinkable once the
     * salt is gone): a comment is held only by reports from enough distinct ones of each.
     */
    networkHash: text('network_hash').notNull().default(''),
    addressHash: text('address_hash').notNull().default(''),
    /**
     * Set when a moderator approves the comment: the report stays (so the same reader cannot
     * report it again and re-hold it) but no longer counts.
     */
    dismissed: integer('dismissed', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull().default(now),
    /** A report is a complaint (pengaduan): due for a decision by this time, fixed when filed. */
    dueAt: integer('due_at'),
    /** When a moderator acted on the comment, what they did and why (src/newsroom/complaints). */
    decidedAt: integer('decided_at'),
    decision: text('decision', { enum: ['approve', 'reject', 'spam'] }),
    decisionReason: text('decision_reason'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    primaryKey({ columns: [t.commentId, t.readerHash] }),
    index('comment_reports_reader').on(t.readerHash),
    index('comment_reports_created').on(t.createdAt),
    /** Undecided complaints by due time: the overdue count on the dashboard home. */
    index('comment_reports_open_due').on(t.dueAt).where(sql`decided_at IS NULL`),
  ],
);

/**
 * The limiter's sliding log (src/ratelimit): one row per admitted hit and key, plus the ids of
 * spent challenges. `key` is the policy's name plus a keyed hash; rows are pruned after two days.
 */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull().default(0),
  },
  // window_start alone: pruning old rows is a range scan, not a walk over every key's log.
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limits_window').on(t.windowStart)],
);

/**
 * How often each limiter policy refused a request, per site and UTC day, for the newsroom's
 * settings page. Only counts: nothing about who was refused.
 */
export const limitFired = sqliteTable(
  'limit_fired',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    policy: text('policy').notNull(),
    day: text('day').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.policy, t.day] })],
);

export const readerMutes = sqliteTable(
  'reader_mutes',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    readerHash: text('reader_hash').notNull(),
    until: integer('until').notNull(),
    createdBy: integer('created_by'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.readerHash] })],
);

/**
 * A moderator's explicit trust level for a comment author on a site (`author_hash`: the SSO
 * user hash of a signed-in commenter, else the reader hash). Without a row the level follows
 * from the author's comments (src/comments/trust.ts).
 */
export const readerTrust = sqliteTable(
  'reader_trust',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    authorHash: text('author_hash').notNull(),
    level: text('level', { enum: ['baru', 'tepercaya'] }).notNull(),
    setBy: integer('set_by'),
    setAt: integer('set_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.authorHash] })],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null for the instance admin key, which may act on every site. */
    siteId: text('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['viewer', 'moderator', 'admin'] }).notNull(),
    name: text('name').notNull(),
    /** Public, non-secret part shown in lists (`tgp_ab12cd`). */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: integer('created_at').notNull().default(now),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.keyHash), index('api_keys_site').on(t.siteId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    /** HMAC of the session id carried in the cookie. */
    idHash: text('id_hash').primaryKey(),
    keyId: integer('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull().default(now),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_expires').on(t.expiresAt)],
);

export const moderationLog = sqliteTable(
  'moderation_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id'),
    readerHash: text('reader_hash'),
    action: text('action').notNull(),
    actorKeyId: integer('actor_key_id'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    /** The decision's reason, from the fixed list in src/newsroom/complaints/reasons.ts. */
    reason: text('reason'),
    /** The authority order this action answers, if any. */
    orderId: integer('order_id'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [
    index('moderation_log_site_created').on(t.siteId, t.createdAt),
    index('moderation_log_order').on(t.orderId).where(sql`order_id IS NOT NULL`),
  ],
);

/**
 * Orders from an authority (Komdigi, police, a court) to act on comments or articles, with the
 * deadline they set. Append-only (a trigger refuses updates): a correction is a new row naming
 * the one it corrects in `corrects_id`. Actions taken for an order carry its id in the
 * moderation log.
 */
export const authorityOrders = sqliteTable(
  'authority_orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    issuer: text('issuer', { enum: ['komdigi', 'police', 'court', 'other'] }).notNull(),
    /** Who issued it, in words; required for `other`. */
    issuerName: text('issuer_name'),
    reference: text('reference').notNull(),
    receivedAt: integer('received_at').notNull(),
    urgency: text('urgency', { enum: ['urgent', 'normal', 'custom'] }).notNull(),
    dueAt: integer('due_at').notNull(),
    commentIds: text('comment_ids', { mode: 'json' }).$type<number[]>().notNull(),
    /** External article ids. */
    articleIds: text('article_ids', { mode: 'json' }).$type<string[]>().notNull(),
    note: text('note'),
    correctsId: integer('corrects_id'),
    actorKeyId: integer('actor_key_id'),
    actorName: text('actor_name').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('authority_orders_site_due').on(t.siteId, t.dueAt)],
);

export const webhooks = sqliteTable(
  'webhooks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('webhooks_site').on(t.siteId)],
);

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseStatus: integer('response_status'),
    lastError: text('last_error'),
    nextAttemptAt: integer('next_attempt_at'),
    createdAt: integer('created_at').notNull().default(now),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_webhook').on(t.webhookId, t.id),
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
  ],
);

/**
 * Where the widget was last seen for a site ("Terakhir terlihat"): `page` rows are the origin
 * and path of recent pages that loaded the poll, `refused` rows count requests from origins not
 * on the site's list, per origin. Written in batches from a bounded in-process buffer (see
 * src/sites/sightings.ts), pruned to the newest few per site and kind; origin and path only,
 * never a query string, address or user agent.
 */
export const siteSightings = sqliteTable(
  'site_sightings',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['page', 'refused'] }).notNull(),
    origin: text('origin').notNull(),
    /** The page's path for `page` rows; empty for `refused` rows. */
    path: text('path').notNull().default(''),
    /** Times seen (or refused) since the row was created. */
    count: integer('count').notNull().default(0),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.kind, t.origin, t.path] }), index('site_sightings_recent').on(t.siteId, t.kind, t.lastSeenAt)],
);

/**
 * The last roll-up flush applied from each `ArticlePoll` object (`article:<id>:shard:<n>`),
 * written in the same D1 batch as the flush, so a retried flush applies once
 * (src/polls/rollup.ts).
 */
export const rollupFlushes = sqliteTable('rollup_flushes', {
  object: text('object').primaryKey(),
  seq: integer('seq').notNull(),
  /** The token of the attempt that applied `seq`; the flush's other statements check it. */
  attempt: text('attempt').notNull(),
  flushedAt: integer('flushed_at').notNull(),
});

/**
 * Which articles, and which shard of each, an `ArticlePoll` object holds a reader's vote on,
 * reported in the object's roll-up flushes: a reader's export and erasure reach their votes
 * without asking every object (src/polls/README.md).
 */
export const pollReaders = sqliteTable(
  'poll_readers',
  {
    readerHash: text('reader_hash').notNull(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    shard: integer('shard').notNull(),
  },
  (t) => [primaryKey({ columns: [t.readerHash, t.articleId] }), index('poll_readers_article').on(t.articleId)],
);

/**
 * Readers erased in the last two days: a roll-up flush reporting a vote of one of them cast
 * before the erasure (the object had not reported it yet) makes the object delete it.
 */
export const readerErasures = sqliteTable(
  'reader_erasures',
  {
    readerHash: text('reader_hash').primaryKey(),
    erasedAt: integer('erased_at').notNull(),
  },
  (t) => [index('reader_erasures_at').on(t.erasedAt)],
);

import { AppError } from '../lib/errors';
import type { AppEvent, EventSink } from '../lib/events';
import type { Log } from '../lib/log';
import { loggableError } from '../lib/log';

/** One article's poll, as the vote events name it. */
export type LiveTarget = { siteId: string; article: string };

/** One open connection as the hub drives it; the transport (sse.ts) frames and buffers. */
export type LiveSubscriber = {
  /** A changed tally, as its JSON text. */
  send: (json: string) => void;
  /** Something to keep proxies from closing an idle connection; may be dropped when the client is behind. */
  ping: () => void;
  /** Ends the connection (shutdown); the subscriber's own cancellation then unsubscribes it. */
  close: () => void;
};

/**
 * How many connections the hub holds. Each is a socket and a small buffer (at most one
 * queued message, see sse.ts), so `total` bounds the hub's memory and handles; `perArticle`
 * keeps one story from taking every slot; `perClient` counts against the caller's address,
 * which they cannot freely change. Readers behind one carrier-grade NAT share it, so it is
 * generous: past it a reader just sees the tally of their last load, as without live updates.
 */
export type LiveLimits = { total: number; perArticle: number; perClient: number };

export const DEFAULT_LIVE_LIMITS: LiveLimits = { total: 10_000, perArticle: 5_000, perClient: 64 };

/** At most one message per article per this many ms, however fast the votes come. */
export const LIVE_INTERVAL_MS = 1_000;
/** Comments on every connection this often: under the common 30-60 s idle cut of proxies. */
export const LIVE_HEARTBEAT_MS = 20_000;

type Article = {
  subscribers: Set<LiveSubscriber>;
  /** When the last tally was read, so the next waits out the interval. */
  lastRead: number;
  /** The last JSON sent, so a tally that did not change is not sent again. */
  lastSent: string | null;
  /** Cancels the read scheduled for this article, if one is. */
  cancel: (() => void) | null;
};

/** Runs `run` after `ms`; returns how to cancel it. */
export type Later = (ms: number, run: () => void) => () => void;

const realLater: Later = (ms, run) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export type LiveHubOptions = {
  /** Reads an article's tally now (the service verb `readLiveTally`). */
  read: (target: LiveTarget) => Promise<unknown>;
  limits?: Partial<LiveLimits>;
  /** The clock and the timer behind the one-a-second pace; tests pass their own. */
  now?: () => number;
  later?: Later;
  log?: Log;
};

const targetKey = ({ siteId, article }: LiveTarget) => JSON.stringify([siteId, article]);

function busy(): AppError {
  return new AppError(
    'unavailable',
    {
      id: 'Pembaruan langsung sedang penuh. Hasil tetap tampil; muat ulang halaman nanti untuk mengikutinya.',
      en: 'Live updates are full right now. The results still show; reload the page later to follow them live.',
    },
    { retryAfter: 60 },
  );
}

/**
 * The in-process hub behind the Node server's live tallies (`GET …/live`). It subscribes to
 * the app's one event sink (`sink`): a vote event for an article someone follows schedules one
 * read of its tally, at most once per `LIVE_INTERVAL_MS`, and the result goes to every
 * follower if it changed. So the database sees one read per followed article per second at
 * most, whatever the vote rate and however many readers follow it.
 *
 * Bounded in connections (`LiveLimits`), and each connection in bytes by its transport;
 * `close` ends every connection (the server's SIGTERM drain) and refuses new ones.
 */
export class LiveHub {
  readonly limits: LiveLimits;
  private readonly articles = new Map<string, Article>();
  private readonly clients = new Map<string, number>();
  private count = 0;
  private closed = false;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly read: LiveHubOptions['read'];
  private readonly now: () => number;
  private readonly later: Later;
  private readonly log: Log | undefined;

  constructor(options: LiveHubOptions) {
    this.read = options.read;
    this.limits = { ...DEFAULT_LIVE_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.later = options.later ?? realLater;
    this.log = options.log;
    this.heartbeat = setInterval(() => {
      for (const article of this.articles.values()) for (const subscriber of article.subscribers) subscriber.ping();
    }, LIVE_HEARTBEAT_MS);
    // The heartbeat alone must never keep a process alive.
    this.heartbeat.unref?.();
  }

  /** Vote events in, tally reads out: pass it to the app's event sink. */
  readonly sink: EventSink = {
    emit: (event: AppEvent) => {
      if (event.type === 'vote.cast' || event.type === 'vote.changed' || event.type === 'vote.withdrawn') this.changed(event);
    },
  };

  /**
   * Adds a follower of `target` for `client` (a keyed hash of their address), or refuses:
   * 429 past the client's share, 503 when the article or the hub is full or closing.
   * Returns the way to leave, which is safe to call more than once.
   */
  subscribe(target: LiveTarget, client: string, subscriber: LiveSubscriber): () => void {
    const key = targetKey(target);
    const held = this.clients.get(client) ?? 0;
    if (this.closed || this.count >= this.limits.total) throw busy();
    if (held >= this.limits.perClient) {
      throw new AppError(
        'rate_limited',
        {
          id: `Terlalu banyak pembaruan langsung dari alamat Anda (paling banyak ${this.limits.perClient} sekaligus). Tutup beberapa halaman lalu coba lagi.`,
          en: `Too many live updates open from your address (at most ${this.limits.perClient} at once). Close some pages and try again.`,
        },
        { retryAfter: 60 },
      );
    }
    let article = this.articles.get(key);
    if (article && article.subscribers.size >= this.limits.perArticle) throw busy();
    if (!article) {
      article = { subscribers: new Set(), lastRead: 0, lastSent: null, cancel: null };
      this.articles.set(key, article);
    }
    article.subscribers.add(subscriber);
    this.clients.set(client, held + 1);
    this.count++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.count--;
      const remaining = (this.clients.get(client) ?? 1) - 1;
      if (remaining > 0) this.clients.set(client, remaining);
      else this.clients.delete(client);
      article.subscribers.delete(subscriber);
      if (article.subscribers.size === 0 && this.articles.get(key) === article) {
        article.cancel?.();
        this.articles.delete(key);
      }
    };
  }

  /** Followers now, followed articles and distinct clients: what the limits are measured against. */
  stats(): { subscribers: number; articles: number; clients: number } {
    return { subscribers: this.count, articles: this.articles.size, clients: this.clients.size };
  }

  /** Ends every connection and refuses new ones: the first step of a graceful shutdown. */
  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const article of this.articles.values()) {
      article.cancel?.();
      article.cancel = null;
      for (const subscriber of [...article.subscribers]) subscriber.close();
    }
  }

  private changed(target: LiveTarget): void {
    const key = targetKey(target);
    const article = this.articles.get(key);
    if (!article || article.cancel || this.closed) return;
    const wait = Math.max(0, article.lastRead + LIVE_INTERVAL_MS - this.now());
    article.cancel = this.later(wait, () => void this.flush(key, target, article));
  }

  private async flush(key: string, target: LiveTarget, article: Article): Promise<void> {
    article.cancel = null;
    article.lastRead = this.now();
    let json: string;
    try {
      json = JSON.stringify(await this.read(target));
    } catch (error) {
      // A deleted site or a database hiccup: followers keep what they have, the next vote retries.
      this.log?.({ level: 'error', msg: 'live tally read failed', ...loggableError(error) });
      return;
    }
    if (json === article.lastSent || this.articles.get(key) !== article) return;
    article.lastSent = json;
    for (const subscriber of article.subscribers) subscriber.send(json);
  }
}

import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../db/client';
import type { Writer } from '../db/group-commit';
import type { AppConfig } from '../config';
import type { ClientInfo } from '../readers/service';
import type { Ballots } from '../reactions/service';
import type { LiveTallies } from '../polls/live';
import type { PageContext } from '../articles/service';
import type { Locale } from '../lib/errors';
import type { EventSink } from '../lib/events';
import type { Serialized } from '../lib/cache';
import type { ResolveHost } from '../newsroom/webhooks/targets';
import type { Log } from '../lib/log';
import type { LiveTransport } from '../reactions/service';
import type { StaticFiles } from './static-files';
import { pickLocale } from '../lib/locale';

/**
 * What a runtime gives the app: the database, resolved configuration, and how to learn the
 * caller's address (the socket on Node, `CF-Connecting-IP` on Workers).
 */
export type AppDeps = {
  db: Db;
  /**
   * Where hot atomic writes go (votes, comments). Node passes a group-commit writer over `db`
   * so concurrent requests share one transaction; without one each write is its own `db.batch`.
   * Workers must not share: workerd forbids one request from completing I/O another started.
   */
  writer?: Writer;
  /**
   * Where articles' votes live: each article's `ArticlePoll` Durable Object on Workers with the
   * `ARTICLE_POLL` binding (src/polls); absent, the database itself, through `writer`.
   */
  ballots?: Ballots;
  /** Live tally sockets (Workers with article objects); absent, `…/live` is Server-Sent Events. */
  liveTallies?: LiveTallies;
  config: AppConfig;
  /** The build's static files: the ASSETS binding on Workers, dist/assets in memory on Node. */
  staticFiles: StaticFiles;
  clientInfo: (c: Context) => ClientInfo;
  /**
   * Keeps work alive after the response (Workers' `ctx.waitUntil`, which belongs to the request,
   * hence the context argument). Absent on Node, where the promise simply runs on.
   */
  waitUntil?: (c: Context, promise: Promise<unknown>) => void;
  /**
   * The Workers Cache API (`caches.default`) for anonymous poll reads shared across isolates
   * of a colo. Absent on Node, where the in-process app cache (lib/cache.ts) serves them.
   */
  edgeCache?: Pick<Cache, 'match' | 'put' | 'delete'>;
  /** Where log lines go; defaults to the console. Never receives raw IPs or secrets. */
  log?: Log;
  /** The clock (epoch ms); tests pass a fixed one. Handlers read it through `requestTime`. */
  now?: () => number;
  /**
   * Compresses responses (Node passes `hono/compress`). Absent on Workers, where the edge
   * already compresses; passed in rather than imported so it stays out of the Worker bundle.
   */
  compression?: MiddlewareHandler;
  /**
   * Receives domain events after their write commits: the newsroom's webhooks and spike
   * detection by default. The app cache hears every event too, whatever is passed here.
   */
  events?: EventSink;
  /**
   * Resolves a host name to all its addresses, so webhook targets are checked by address
   * (Node's `dns.lookup`). Absent on Workers, which cannot resolve names.
   */
  resolveHost?: ResolveHost;
  /** Live tallies at `GET …/live` (Node: Server-Sent Events from an in-process hub); absent where there are none. */
  live?: LiveFeed;
};

/**
 * How a runtime answers `GET /v1/sites/{site}/articles/{article}/live` once the route has
 * validated the path and the site's CORS has admitted the origin. Every poll announces
 * `transport`, so the widget knows whether to open an EventSource or a WebSocket.
 */
export type LiveFeed = {
  transport: LiveTransport;
  /** Opens one reader's feed of the article's tally, or throws an AppError (404, 429, 503). */
  open: (c: Context<AppEnv>, target: { siteId: string; article: string }) => Promise<Response>;
  /** Where the feed learns of votes, if it follows the app's events (the Node hub does). */
  events?: EventSink;
};

/** The deps as handlers see them, with the defaults `createApp` fills in. */
export type ResolvedDeps = AppDeps & Required<Pick<AppDeps, 'writer' | 'log' | 'events' | 'now'>>;

export type AppEnv = {
  Variables: {
    deps: ResolvedDeps;
    requestId: string;
    locale: Locale | undefined;
    /** Set by a handler whose shared answer may be replayed to the same request (see http/replay.ts). */
    replayable: Serialized | undefined;
    /** The request's time once `requestTime` has read it. */
    requestTime: number | undefined;
  };
};

/**
 * The request's time (epoch ms) from the app's clock, read once per request so every service
 * verb a request calls, and every check before them, sees the same instant. The one way
 * handlers and middleware learn the time.
 */
export function requestTime<E extends AppEnv>(c: Context<E>): number {
  const known: number | undefined = c.get('requestTime');
  if (known !== undefined) return known;
  const at = c.get('deps').now();
  c.set('requestTime', at);
  return at;
}

/**
 * What every reader write hands its service verb besides its own fields: the storage, the
 * server secret, the site, the caller's network (hashed by the verb, never stored raw) and the
 * request's time. A body that names a language (`lang`) switches the answer's language first,
 * so a refusal from the verb is worded as the reader asked.
 */
export function readerWrite(c: Context<AppEnv>, siteId: string, lang: Locale | undefined) {
  if (lang) c.set('locale', lang);
  const { db, writer, ballots, config, clientInfo } = c.get('deps');
  return { db, writer, ballots, secret: config.secret, siteId, client: clientInfo(c), now: requestTime(c) };
}

/**
 * The page an article is registered from: what the request says about it and the foreign
 * origin it came from (the service checks that origin against the site's list).
 */
export function pageOf(c: Context<AppEnv>, { url, title, section, author, publishedAt }: Omit<PageContext, 'origin'>): PageContext {
  return { origin: foreignOrigin(c), url, title, section, author, publishedAt };
}

/**
 * The reader's language if they expressed one (`lang`, else Accept-Language), or null to let
 * the site's default decide.
 */
export function requestedLocale(c: Context, explicit?: Locale | undefined): Locale | null {
  return localeAskedFor(explicit ?? c.req.query('lang'), c.req.header('accept-language'));
}

/** `requestedLocale` from a raw `lang` value and Accept-Language, for code that runs before routing (the replay). */
export function localeAskedFor(lang: string | undefined, acceptLanguage: string | undefined | null): Locale | null {
  if (lang === 'id' || lang === 'en') return lang;
  if (!acceptLanguage) return null;
  const picked = pickLocale(null, acceptLanguage, 'id');
  return /(^|,)\s*(id|en)\b/i.test(acceptLanguage) ? picked : null;
}

/** Loopback names and addresses: a Host header naming one cannot have come from the internet. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * This service's own origin, never taken from a Host header a client could forge: `PUBLIC_URL`
 * when set (Node requires it in production); else the request's origin where the platform
 * only delivers requests for this service's own hostnames (Workers routes), or where it names
 * a loopback host (development); else none, so every Origin header counts as foreign.
 */
export function ownOrigin(c: Context): string | undefined {
  const { publicUrl, hostIsRouted } = (c as Context<AppEnv>).get('deps').config;
  if (publicUrl) return new URL(publicUrl).origin;
  const url = new URL(c.req.url);
  return hostIsRouted || isLoopbackHost(url.hostname) ? url.origin : undefined;
}

/**
 * The browser origin a request comes from, when it is another site's: the `Origin` header,
 * or undefined when there is none or when it is this service's own origin (its `/embed`
 * iframe page calling its own API, which no site lists among its origins).
 */
export function foreignOrigin(c: Context<AppEnv>): string | undefined {
  const origin = c.req.header('origin');
  if (!origin) return undefined;
  return origin === ownOrigin(c) ? undefined : origin;
}

/** This service's public base URL as pages should load it: `PUBLIC_URL`, else the request's origin. */
export function publicBase(c: Context): string {
  const configured = (c as Context<AppEnv>).get('deps').config.publicUrl;
  return configured ? configured.replace(/\/+$/, '') : new URL(c.req.url).origin;
}

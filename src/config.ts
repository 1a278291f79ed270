import * as v from 'valibot';
import type { ArticlePoll } from './polls/article-poll';

const flag = v.pipe(
  v.optional(v.picklist(['1', '0', 'true', 'false', 'yes', 'no', '']), ''),
  v.transform((value) => value === '1' || value === 'true' || value === 'yes'),
);

const secret = v.pipe(
  v.string(),
  v.minLength(32, 'TANGGAP_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`).'),
);

function milliseconds(name: string) {
  return v.pipe(
    v.string(),
    v.regex(/^\d{1,7}$/, `${name} must be a whole number of milliseconds`),
    v.transform(Number),
    v.minValue(100, `${name} must be at least 100`),
  );
}

/** What the app itself needs, whichever runtime hosts it. */
export type AppConfig = {
  /** Server secret for every keyed hash (reader, network, edit tokens, sessions). */
  secret: string;
  /** `production` turns on Secure cookies by default and forbids generated secrets. */
  production: boolean;
  /** Instance admin key (`TANGGAP_ADMIN_KEY`); may act on every site. */
  adminKey: string | undefined;
  /**
   * Public base URL of this service (`PUBLIC_URL`): its own origin for the same-origin rule
   * and the dashboard's sign-in. Required on Node in production, where the Host header is
   * never trusted.
   */
  publicUrl: string | undefined;
  /** The app cache's byte budget (`CACHE_MAX_BYTES`); the default when absent (lib/cache.ts). */
  cacheMaxBytes?: number | undefined;
  /**
   * The platform delivers only requests addressed to this service's own hostnames (Workers
   * routes and custom domains), so the request URL's host can stand in for `publicUrl`.
   */
  hostIsRouted?: boolean;
};

/** `CACHE_MAX_BYTES`: the whole in-process cache's budget, in bytes (at least 64 KiB). */
const cacheMaxBytes = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d{1,10}$/, 'CACHE_MAX_BYTES must be a whole number of bytes'),
    v.transform(Number),
    v.minValue(65_536, 'CACHE_MAX_BYTES must be at least 65536'),
  ),
);

/** Why a production Node server refuses to start without `PUBLIC_URL`, and what to set. */
const PUBLIC_URL_REQUIRED =
  'PUBLIC_URL is required when NODE_ENV=production: set it to the address readers and the newsroom reach this server at, e.g. PUBLIC_URL=https://tanggap.example.com (the Host header is never trusted in production).';

/** The Node server's environment; in production it must name its public address. */
export const nodeEnvSchema = v.pipe(v.object({
  NODE_ENV: v.optional(v.string(), 'development'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  PORT: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'PORT must be a number'), v.transform(Number), v.maxValue(65535)),
    '8787',
  ),
  DATABASE_URL: v.optional(v.pipe(v.string(), v.regex(/^(file:|libsql:|https?:|wss?:)/, 'DATABASE_URL must start with file:, libsql:, http(s): or ws(s):'))),
  DATABASE_AUTH_TOKEN: v.optional(v.string()),
  TANGGAP_SECRET: v.optional(secret),
  TANGGAP_ADMIN_KEY: v.optional(v.pipe(v.string(), v.minLength(24, 'TANGGAP_ADMIN_KEY must be at least 24 characters'))),
  TANGGAP_DATA_DIR: v.optional(v.string(), 'data'),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('PUBLIC_URL must be an absolute URL'))),
  TRUST_PROXY: flag,
  /** Slow-client limits: every header within this time… */
  HEADERS_TIMEOUT_MS: v.optional(milliseconds('HEADERS_TIMEOUT_MS'), '10000'),
  /** …and the whole request, body included, within this one. */
  REQUEST_TIMEOUT_MS: v.optional(milliseconds('REQUEST_TIMEOUT_MS'), '30000'),
  LOG_LEVEL: v.optional(v.picklist(['silent', 'error', 'info']), 'info'),
  CACHE_MAX_BYTES: cacheMaxBytes,
}), v.forward(v.check((env) => env.NODE_ENV !== 'production' || env.PUBLIC_URL !== undefined, PUBLIC_URL_REQUIRED), ['PUBLIC_URL']));

export type NodeEnv = v.InferOutput<typeof nodeEnvSchema>;

/** A D1 binding as the runtime hands it over: anything with `prepare` and `batch`. */
const d1Binding = v.custom<D1Database>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as D1Database).prepare === 'function' && typeof (value as D1Database).batch === 'function',
  'DB must be a D1 database binding ([[d1_databases]] binding = "DB" in wrangler.toml)',
);

/** The `ArticlePoll` Durable Object namespace (`[[durable_objects.bindings]]` in wrangler.toml). */
const pollBinding = v.custom<DurableObjectNamespace<ArticlePoll>>(
  (value) => typeof value === 'object' && value !== null && typeof (value as DurableObjectNamespace).idFromName === 'function',
  'ARTICLE_POLL must be the ArticlePoll Durable Object binding ([[durable_objects.bindings]] name = "ARTICLE_POLL" in wrangler.toml)',
);

/** A whole number from a Workers var, within bounds; `name` goes into the message. */
function wholeVar(name: string, min: number, max: number, fallback: number) {
  return v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,6}$/, `${name} must be a whole number`),
      v.transform(Number),
      v.minValue(min, `${name} must be at least ${min}`),
      v.maxValue(max, `${name} must be at most ${max}`),
    ),
    String(fallback),
  );
}

/**
 * Votes per second on one article above which its coordinator splits it over shards: a
 * quarter of the ~1,000 requests/s Cloudflare documents per object, leaving room for the
 * forwarded calls, reads and live sockets the coordinator also serves (docs/PERFORMANCE.md).
 */
export const DEFAULT_POLL_SPLIT_ABOVE = 250;

/** The static assets binding (`[assets] binding = "ASSETS"`): anything with `fetch`. */
const assetsBinding = v.custom<Fetcher>(
  (value) => typeof value === 'object' && value !== null && typeof (value as Fetcher).fetch === 'function',
  'ASSETS must be the static assets binding ([assets] binding = "ASSETS" in wrangler.toml)',
);

/**
 * Workers bindings and secrets. The database is the D1 binding `DB`, or Turso over HTTP when
 * `TURSO_DATABASE_URL` is set (which then wins over `DB`). Messages name the variable and what
 * to do, never its value, because they are shown in the fail-closed error response.
 */
export const workerEnvSchema = v.pipe(
  v.object({
    TANGGAP_SECRET: secret,
    TANGGAP_ADMIN_KEY: v.optional(v.pipe(v.string(), v.minLength(24, 'TANGGAP_ADMIN_KEY must be at least 24 characters'))),
    DB: v.optional(d1Binding),
    ASSETS: assetsBinding,
    TURSO_DATABASE_URL: v.optional(v.pipe(v.string(), v.regex(/^(libsql:|https:)/, 'TURSO_DATABASE_URL must start with libsql: or https:'))),
    TURSO_AUTH_TOKEN: v.optional(v.pipe(v.string(), v.minLength(1, 'TURSO_AUTH_TOKEN is empty'))),
    PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('PUBLIC_URL must be an absolute URL'))),
    ENVIRONMENT: v.optional(v.string(), 'production'),
    CACHE_MAX_BYTES: cacheMaxBytes,
    ARTICLE_POLL: v.optional(pollBinding),
    /** Shards a hot article's votes spread over (1: never split). */
    POLL_SHARDS: wholeVar('POLL_SHARDS', 1, 64, 4),
    POLL_SPLIT_ABOVE: wholeVar('POLL_SPLIT_ABOVE', 0, 100_000, DEFAULT_POLL_SPLIT_ABOVE),
  }, (issue) => {
    const key = issue.path?.at(-1)?.key;
    return key === 'TANGGAP_SECRET'
      ? 'TANGGAP_SECRET is missing: set it with `wrangler secret put TANGGAP_SECRET` (at least 32 characters; in .dev.vars locally).'
      : `${String(key ?? 'the environment')} is missing or not an object`;
  }),
  v.forward(
    v.check(
      (env) => env.TURSO_AUTH_TOKEN === undefined || env.TURSO_DATABASE_URL !== undefined,
      'TURSO_AUTH_TOKEN is set but TURSO_DATABASE_URL is not: set both to use Turso, or neither to use D1',
    ),
    ['TURSO_DATABASE_URL'],
  ),
);

export type WorkerEnv = v.InferOutput<typeof workerEnvSchema>;

/** Turns valibot issues into one readable line per bad variable, for a fail-closed start. */
export function describeEnvIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const key = issue.path?.map((item) => String(item.key)).join('.') ?? '(env)';
      return issue.message.startsWith(key) ? issue.message : `${key}: ${issue.message}`;
    })
    .join('\n');
}

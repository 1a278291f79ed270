import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import * as v from 'valibot';
import { createApp } from './app';
import { describeEnvIssues, type WorkerEnv, workerEnvSchema } from './config';
import type { Db } from './db/client';
import { seedDemo } from './demo/seed';
import type { AppEnv } from './http/context';
import { onError } from './http/errors';
import { AppError } from './lib/errors';
import { consoleLog } from './lib/log';
import { objectBallots, objectLive } from './polls/ballots';
import { objectLiveFeed } from './polls/live';
import { enforceRetention } from './sites/retention';

type Handler = { fetch: (request: Request, env: unknown, ctx: ExecutionContext) => Response | Promise<Response> };

/** What the isolate keeps per `env`: the app (or the fail-closed stand-in) and its database, if any. */
type Instance = { handler: Handler; db: Db | null };

const log = consoleLog();

/**
 * How an entry reaches its database: the `Db`, or a sentence saying what is missing. Each
 * entry brings only its own driver, so the D1 bundle carries no Turso client and vice versa.
 */
export type OpenDatabase = (env: WorkerEnv) => Db | string;

/**
 * What every request gets while the bindings are wrong: the usual error envelope with code
 * `misconfigured` naming the variables at fault (never their values), so an operator sees the
 * fix in the first response instead of a generic 500.
 */
function misconfiguredApp(problems: string): Handler {
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: 'X-Request-Id', limitLength: 64 }));
  app.all('*', () => {
    throw new AppError('misconfigured', {
      id: `Tanggap belum dikonfigurasi dengan benar. ${problems}`,
      en: `Tanggap is not configured correctly. ${problems}`,
    });
  });
  app.onError(onError);
  return app;
}

/**
 * Parses the bindings once and builds the app on them (or the fail-closed app). Workers pass
 * the same `env` object to every request of an isolate, so it is the cache key; a deploy with
 * new secrets gets a new isolate and therefore a fresh parse.
 */
function instanceFor(rawEnv: Record<string, unknown>, openDatabase: OpenDatabase, options: EntryOptions): Instance {
  const parsed = v.safeParse(workerEnvSchema, rawEnv);
  if (!parsed.success) {
    const problems = describeEnvIssues(parsed.issues).split('\n').join(' ');
    log({ level: 'error', msg: 'misconfigured: refusing every request until the bindings are fixed', problems });
    return { handler: misconfiguredApp(problems), db: null };
  }
  const env = parsed.output;
  const db = openDatabase(env);
  if (typeof db === 'string') {
    log({ level: 'error', msg: 'misconfigured: refusing every request until the bindings are fixed', problems: db });
    return { handler: misconfiguredApp(db), db: null };
  }
  const assets = env.ASSETS;
  const app = createApp({
    db,
    ...(options.articleObjects && env.ARTICLE_POLL && {
      ballots: objectBallots({ namespace: env.ARTICLE_POLL, db, policy: { shards: env.POLL_SHARDS, splitAbove: env.POLL_SPLIT_ABOVE } }),
      live: objectLiveFeed({ db, live: objectLive({ namespace: env.ARTICLE_POLL }) }),
    }),
    // Only the Worker reads the static files: `run_worker_first` in wrangler.toml keeps the
    // asset router from serving them itself, so every response gets the app's headers.
    staticFiles: async (path) => {
      const response = await assets.fetch(new Request(`https://assets.invalid/${path}`));
      if (response.ok) return response.body;
      await response.body?.cancel();
      return null;
    },
    config: {
      secret: env.TANGGAP_SECRET,
      production: env.ENVIRONMENT === 'production',
      adminKey: env.TANGGAP_ADMIN_KEY,
      publicUrl: env.PUBLIC_URL,
      cacheMaxBytes: env.CACHE_MAX_BYTES,
      hostIsRouted: true,
    },
    clientInfo: (c) => ({ ip: c.req.header('cf-connecting-ip') ?? '', userAgent: c.req.header('user-agent') ?? '' }),
    waitUntil: (c, promise) => c.executionCtx.waitUntil(promise),
    // workers-types' CacheStorage.default is shadowed by the DOM lib's CacheStorage here.
    edgeCache: (caches as unknown as { default: Cache }).default,
    log,
  });
  return { handler: env.ENVIRONMENT === 'production' ? app : withDemoSeed(app, db), db };
}

/**
 * Outside production (`wrangler dev`, whose .dev.vars sets ENVIRONMENT=development) the demo
 * sites are seeded once per isolate, before its first request is answered, so the demo page
 * works on a fresh local D1. Each request that finds the isolate unseeded seeds by itself
 * (idempotent) rather than awaiting another request's promise, which workerd forbids; after
 * the first success a request pays one boolean check.
 */
function withDemoSeed(app: Handler, db: Db): Handler {
  let seeded = false;
  return {
    async fetch(request, env, ctx) {
      if (!seeded) {
        try {
          await seedDemo(db);
          seeded = true;
        } catch (error) {
          log({ level: 'error', msg: 'could not seed the demo sites (are the migrations applied?)', error: String(error) });
        }
      }
      return app.fetch(request, env, ctx);
    },
  };
}

/** What an entry supports beyond its database. */
export type EntryOptions = {
  /**
   * Votes in `ArticlePoll` objects when `ARTICLE_POLL` is bound. Only the D1 entry: the
   * objects roll their counts up to D1, so an entry on another database keeps votes there.
   */
  articleObjects?: boolean;
};

/**
 * The Worker's handlers for an entry: `fetch`, with one app per isolate and `env` built on
 * first use, and `scheduled`, which the cron trigger in wrangler.toml calls to enforce each
 * site's retention settings (sites/retention.ts) at the trigger's time. A misconfigured
 * Worker has no database to clean: its first request already logged why.
 */
export function workerEntry(openDatabase: OpenDatabase, options: EntryOptions = {}) {
  const instances = new WeakMap<object, Instance>();
  const instanceOf = (env: Record<string, unknown>) => {
    let instance = instances.get(env);
    if (!instance) {
      instance = instanceFor(env, openDatabase, options);
      instances.set(env, instance);
    }
    return instance;
  };
  return {
    fetch(request, env, ctx) {
      return instanceOf(env).handler.fetch(request, env, ctx);
    },
    async scheduled(controller, env) {
      const { db } = instanceOf(env);
      if (db) await enforceRetention({ db, now: controller.scheduledTime });
    },
  } satisfies ExportedHandler<Record<string, unknown>>;
}

import { lookup } from 'node:dns/promises';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { nodeCompression } from './http/compression';
import { nodeStaticFiles } from './http/node-static-files';
import * as v from 'valibot';
import { createApp } from './app';
import { type AppConfig, describeEnvIssues, type NodeEnv, nodeEnvSchema } from './config';
import type { Db } from './db/client';
import { groupCommit } from './db/group-commit';
import { migrateNodeDatabase, openNodeDatabase } from './db/node';
import { seedDemo } from './demo/seed';
import { randomToken } from './lib/crypto';
import { consoleLog, type Log, loggableError } from './lib/log';
import { ensureLocalAdminKey } from './newsroom/access/service';
import { enforceRetention } from './sites/retention';
import { flushSightings } from './sites/sightings';
import { sseLiveFeed } from './live/sse';
import type { ClientInfo } from './readers/service';

/** Node's default, stated: larger request headers get a 431 before the app sees them. */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * How long a shutdown waits for requests in flight before cutting their connections. Under
 * Docker's default 10 s between SIGTERM and SIGKILL, so the database is still closed cleanly.
 */
const SHUTDOWN_GRACE_MS = 8_000;
/** How often the retention clean-up runs; retention is counted in days, so an hour is plenty. */
const RETENTION_EVERY_MS = 3_600_000;

/**
 * The server secret: `TANGGAP_SECRET`, or on a development machine one generated at first
 * start and kept in the data directory so reader hashes stay stable across restarts.
 */
function resolveSecret(env: NodeEnv, log: Log): string {
  if (env.TANGGAP_SECRET) return env.TANGGAP_SECRET;
  if (env.NODE_ENV === 'production') {
    throw new Error('TANGGAP_SECRET is required in production (at least 32 characters, e.g. `openssl rand -base64 48`).');
  }
  const dir = resolve(env.TANGGAP_DATA_DIR);
  const file = resolve(dir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomToken(48);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  log({ level: 'info', msg: `generated a local server secret in ${file}; set TANGGAP_SECRET in production` });
  return secret;
}

/**
 * The caller's address: the socket peer, or with TRUST_PROXY the last X-Forwarded-For hop (the
 * one the trusted proxy appended; earlier hops are whatever the client claimed).
 */
function nodeClientInfo(trustProxy: boolean): (c: Context) => ClientInfo {
  return (c) => {
    let ip = '';
    if (trustProxy) {
      const hops = c.req.header('x-forwarded-for')?.split(',').map((hop) => hop.trim()).filter(Boolean);
      ip = hops?.at(-1) ?? '';
    }
    if (!ip) {
      try {
        ip = getConnInfo(c).remote.address ?? '';
      } catch {
        ip = '';
      }
    }
    return { ip, userAgent: c.req.header('user-agent') ?? '' };
  };
}

/** Every address a host name has, as Node's own connections would find them (webhook targets are checked against each). */
export async function nodeResolveHost(hostname: string): Promise<string[]> {
  return (await lookup(hostname, { all: true, verbatim: true })).map(({ address }) => address);
}

export type RunningServer = {
  url: string;
  db: Db;
  /** The instance admin key made at this start (first start without TANGGAP_ADMIN_KEY), else null. */
  generatedAdminKey: string | null;
  /**
   * Ends the live feeds, stops accepting connections, lets the requests in flight finish (cut after
   * SHUTDOWN_GRACE_MS), waits for their group commits, then closes the database: every write
   * a client was told succeeded is on disk when it resolves.
   */
  close: () => Promise<void>;
};

/**
 * Starts Tanggap on Node with the embedded libsql database (or Turso), migrated, and outside
 * production seeded with the demo sites.
 */
export async function startNodeServer(rawEnv: Record<string, string | undefined> = process.env): Promise<RunningServer> {
  const parsed = v.safeParse(nodeEnvSchema, rawEnv);
  if (!parsed.success) throw new Error(`Invalid configuration:\n${describeEnvIssues(parsed.issues)}`);
  const env = parsed.output;
  const log = consoleLog(env.LOG_LEVEL);
  const databaseUrl = env.DATABASE_URL ?? pathToFileURL(resolve(env.TANGGAP_DATA_DIR, 'tanggap.db')).href.replace('file://', 'file:');
  const { client, db } = await openNodeDatabase(databaseUrl, env.DATABASE_AUTH_TOKEN);
  await migrateNodeDatabase(db);
  const config: AppConfig = {
    secret: resolveSecret(env, log),
    production: env.NODE_ENV === 'production',
    adminKey: env.TANGGAP_ADMIN_KEY,
    publicUrl: env.PUBLIC_URL,
    cacheMaxBytes: env.CACHE_MAX_BYTES,
  };
  if (config.production && !config.adminKey) {
    throw new Error('TANGGAP_ADMIN_KEY is required in production (at least 24 characters, e.g. `openssl rand -base64 32`); it signs in to /newsroom.');
  }
  if (!config.production) await seedDemo(db);
  const generatedAdminKey = config.adminKey ? null : await ensureLocalAdminKey({ db, secret: config.secret });
  const writer = groupCommit(db);
  const live = sseLiveFeed({ db, secret: config.secret, log });
  const app = createApp({ db, writer, config, staticFiles: nodeStaticFiles(), clientInfo: nodeClientInfo(env.TRUST_PROXY), log, compression: nodeCompression(), resolveHost: nodeResolveHost, live });
  const server = await new Promise<ServerType>((ready) => {
    const started: ServerType = serve(
      {
        fetch: app.fetch,
        hostname: env.HOST,
        port: env.PORT,
        // A client that trickles its headers or body (slowloris) is cut off with a 408 instead
        // of holding a socket forever; timeouts are checked at least once a second.
        serverOptions: {
          headersTimeout: env.HEADERS_TIMEOUT_MS,
          requestTimeout: Math.max(env.REQUEST_TIMEOUT_MS, env.HEADERS_TIMEOUT_MS),
          connectionsCheckingInterval: Math.min(1_000, env.HEADERS_TIMEOUT_MS),
          maxHeaderSize: MAX_HEADER_BYTES,
        },
      },
      () => ready(started),
    );
  });
  // Each site's retention settings, enforced hourly (sites/retention.ts); unref'd so the
  // timer never keeps the process alive, and cleared at close before the database is.
  let cleanUp: Promise<unknown> = Promise.resolve();
  const retention = setInterval(() => {
    cleanUp = enforceRetention({ db, now: Date.now() }).catch((error: unknown) => log({ level: 'error', msg: 'retention clean-up failed', ...loggableError(error) }));
  }, RETENTION_EVERY_MS);
  retention.unref();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  const url = `http://${host}:${port}`;
  log({ level: 'info', msg: `Tanggap is listening on ${url} (database ${databaseUrl.startsWith('file:') ? databaseUrl : 'remote libsql'})` });
  const dashboard = `${env.PUBLIC_URL?.replace(/\/$/, '') ?? url}/newsroom`;
  if (generatedAdminKey) {
    console.log(`Newsroom: ${dashboard} — admin key (shown once, keep it safe): ${generatedAdminKey}`);
  } else {
    log({ level: 'info', msg: `Newsroom: ${dashboard} (sign in with ${config.adminKey ? 'TANGGAP_ADMIN_KEY' : 'the admin key printed at first start'})` });
  }
  return {
    url,
    db,
    generatedAdminKey,
    close: async () => {
      // Live feeds never end on their own: end them first, so their connections can close.
      live.hub.close();
      clearInterval(retention);
      await new Promise<void>((done) => {
        server.close(() => done());
        if (!('closeIdleConnections' in server)) return;
        // server.close() drops the idle keep-alive connections once; a connection whose request
        // was in flight turns idle later, so keep dropping them until all have ended.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        server.once('close', () => {
          clearInterval(idle);
          clearTimeout(cut);
        });
      });
      await writer.drain();
      await cleanUp;
      // Sightings wait in memory for their next flush; a restart must not lose them.
      await flushSightings(db).catch((error: unknown) => log({ level: 'error', msg: 'could not save the last sightings at shutdown', ...loggableError(error) }));
      client.close();
    },
  };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  startNodeServer().then(
    (running) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        consoleLog()({ level: 'info', msg: `${signal} received, shutting down` });
        running.close().then(() => {
          consoleLog()({ level: 'info', msg: 'stopped: requests in flight answered, writes committed, database closed' });
          process.exit(0);
        });
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

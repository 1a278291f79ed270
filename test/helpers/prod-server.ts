import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { whenListening } from './server-process';

const ROOT = resolve(import.meta.dirname, '../..');

/** The two secrets production refuses to start without; tests that sign in use the key. */
export const PRODUCTION_SECRET = 'production-test-secret-that-is-at-least-32-characters';
export const PRODUCTION_ADMIN_KEY = 'production-test-admin-key-0123456789';

/** A production installation: `dist/`, package.json, the lockfile and production dependencies only. */
export type ProductionInstall = {
  /** The directory a deployment would hold (what the Dockerfile's runtime stage copies). */
  dir: string;
  /** The bundled server, `<dir>/dist/server.mjs`. */
  server: string;
  /** Deletes the directory, databases included. */
  remove: () => void;
};

/**
 * Builds Tanggap for production and installs it the way a deployment does, in a fresh temp
 * directory apart from the checkout: `scripts/build.mjs --outdir <dir>/dist` (so the checkout's
 * own dist/, which other tests read, is left alone), package.json and package-lock.json copied
 * beside it, then `npm ci --omit=dev` (from the npm cache when it can). Nothing of the checkout's
 * node_modules or sources is reachable from there, so a dev dependency the server still needs
 * fails the start. Takes tens of seconds: call it once per file, in `beforeAll` with a long
 * timeout, and `remove()` in `afterAll`.
 */
export function installProductionBuild(): ProductionInstall {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-prod-'));
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--quiet', '--outdir', join(dir, 'dist')], { cwd: ROOT, stdio: 'pipe' });
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, file), join(dir, file));
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: dir,
      stdio: 'pipe',
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const output = error as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`production build or install failed: ${String(error)}\n${output.stdout ?? ''}${output.stderr ?? ''}`);
  }
  return { dir, server: join(dir, 'dist/server.mjs'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type ProductionServer = {
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output: () => string;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code once the process has exited. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/**
 * Starts `node dist/server.mjs` from an installation as a container would: plain `node` (no
 * loader, no NODE_OPTIONS), `NODE_ENV=production`, the two required secrets, on 127.0.0.1 and
 * a free port (PUBLIC_URL http://127.0.0.1), with its data in `<dir>/data` unless `env` says otherwise. Only PATH and HOME
 * come from the test's environment; `env` adds or overrides (DATABASE_URL, PUBLIC_URL, …).
 * Resolves once the server logs that it listens.
 */
export async function startProductionServer(install: ProductionInstall, env: Record<string, string> = {}): Promise<ProductionServer> {
  const dataDir = join(install.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [install.server], {
    cwd: install.dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      TANGGAP_SECRET: PRODUCTION_SECRET,
      TANGGAP_ADMIN_KEY: PRODUCTION_ADMIN_KEY,
      TANGGAP_DATA_DIR: dataDir,
      // Production never trusts the Host header for its own origin; a test that needs the exact
      // port (the same-origin rule, sign-in) picks one and passes its own PUBLIC_URL.
      PUBLIC_URL: 'http://127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test run that dies (timeout, Ctrl-C) must not leave servers behind.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const exited = new Promise<number | null>((done) => {
    child.once('exit', (code) => {
      process.off('exit', killChild);
      done(code);
    });
  });
  const listening = whenListening(child, 'production server');
  const url = await listening.url;
  return {
    url,
    child,
    output: listening.output,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

#!/usr/bin/env node
/**
 * Runs the project's own wrangler with settings that keep it offline and quiet: no metrics, no
 * request.cf lookup, no banner, and its config/auth cache inside the project (`.xdg/`), so a
 * local run never touches the network or the user's home directory.
 *
 * @example node scripts/wrangler.mjs d1 migrations apply DB --local
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The environment every wrangler run gets; exported for scripts/dev-worker.mjs. */
export function wranglerEnv(base = process.env) {
  return {
    ...base,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    XDG_CONFIG_HOME: resolve(root, '.xdg'),
  };
}

const wranglerBin = resolve(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin/wrangler.js');

/** Spawns wrangler with `args`; resolves with its exit code. */
export function runWrangler(args, options = {}) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [wranglerBin, ...args], { cwd: root, env: wranglerEnv(), stdio: 'inherit', ...options });
    // Stopping this wrapper (by pid, not only Ctrl-C to the whole group) must stop wrangler too.
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      done(code ?? (signal ? 1 : 0));
    });
  });
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  process.exitCode = await runWrangler(process.argv.slice(2));
}

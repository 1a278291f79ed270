#!/usr/bin/env node
/**
 * `npm run dev:worker`: the Worker on workerd with a local D1, next to the Node server (8787),
 * as ready to use as `npm start`. Builds first (the static files in dist/assets and the
 * generated modules the Worker imports). On first run it writes `.dev.vars` (git-ignored, so
 * each checkout has its own) with a random TANGGAP_SECRET, an instance admin key
 * TANGGAP_ADMIN_KEY (printed once, like the Node server's first start) and
 * ENVIRONMENT=development, which makes the Worker seed the demo sites on its first request
 * (src/worker-core.ts). A `.dev.vars` that lacks one of these gets just that line added.
 * Then it applies the migrations to the local D1 and serves on 127.0.0.1:8788 (`-- --port N`
 * for another port; other arguments go to `wrangler dev`).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWrangler } from './wrangler.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const devVars = resolve(root, '.dev.vars');

execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });

/** The lines `.dev.vars` needs, each made only when the file does not set that variable yet. */
const needed = [
  { name: 'TANGGAP_SECRET', make: () => randomBytes(48).toString('base64url') },
  // The same shape as the keys the newsroom makes (`tgp_` + 192 random bits).
  { name: 'TANGGAP_ADMIN_KEY', make: () => `tgp_${randomBytes(24).toString('base64url')}` },
  { name: 'ENVIRONMENT', make: () => 'development' },
];
let vars = existsSync(devVars) ? readFileSync(devVars, 'utf8') : '';
const added = {};
for (const { name, make } of needed) {
  if (new RegExp(`^${name}\\s*=`, 'm').test(vars)) continue;
  added[name] = make();
  vars += `${vars && !vars.endsWith('\n') ? '\n' : ''}${name}="${added[name]}"\n`;
}
if (Object.keys(added).length > 0) {
  writeFileSync(devVars, vars, { mode: 0o600 });
  console.log(`dev-worker: wrote ${Object.keys(added).join(', ')} to ${devVars}`);
}

const portFlag = process.argv.indexOf('--port');
const port = portFlag > 1 ? process.argv[portFlag + 1] : '8788';
const portArgs = portFlag > 1 ? [] : ['--port', port];

// stdin closed: wrangler then confirms by itself, which is right for a throwaway local database.
const migrated = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local'], { stdio: ['ignore', 'inherit', 'inherit'] });
if (migrated !== 0) {
  console.error('dev-worker: applying the migrations to the local D1 failed; see the wrangler output above.');
  process.exit(migrated);
}

const dashboard = `http://127.0.0.1:${port}/newsroom`;
if (added.TANGGAP_ADMIN_KEY) {
  console.log(`Newsroom: ${dashboard} — admin key (printed this once; it stays in .dev.vars): ${added.TANGGAP_ADMIN_KEY}`);
} else {
  console.log(`Newsroom: ${dashboard} (sign in with TANGGAP_ADMIN_KEY from .dev.vars)`);
}
process.exitCode = await runWrangler(['dev', '--local', '--ip', '127.0.0.1', ...portArgs, ...process.argv.slice(2)]);

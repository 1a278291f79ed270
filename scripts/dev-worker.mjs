#!/usr/bin/env node
/**
 * `npm run dev:worker`: the Worker on workerd with a local D1, next to the Node server (8787).
 * Builds first (the static files in dist/assets and the generated modules the Worker imports).
 * Creates `.dev.vars` with a random TANGGAP_SECRET on first run (git-ignored, so each checkout
 * has its own), applies the migrations to the local D1, then serves on 127.0.0.1:8788.
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

const existing = existsSync(devVars) ? readFileSync(devVars, 'utf8') : '';
if (!/^TANGGAP_SECRET\s*=/m.test(existing)) {
  const line = `TANGGAP_SECRET="${randomBytes(48).toString('base64url')}"\nENVIRONMENT="development"\n`;
  writeFileSync(devVars, existing && !existing.endsWith('\n') ? `${existing}\n${line}` : existing + line, { mode: 0o600 });
  console.log(`dev-worker: generated a local TANGGAP_SECRET in ${devVars}`);
}

// stdin closed: wrangler then confirms by itself, which is right for a throwaway local database.
const migrated = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local'], { stdio: ['ignore', 'inherit', 'inherit'] });
if (migrated !== 0) {
  console.error('dev-worker: applying the migrations to the local D1 failed; see the wrangler output above.');
  process.exit(migrated);
}

process.exitCode = await runWrangler(['dev', '--local', '--ip', '127.0.0.1', '--port', '8788', ...process.argv.slice(2)]);

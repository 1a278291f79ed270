import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export type Size = { name: string; bytes: number; gzipBytes: number; limitBytes?: number };

const gz = (body: Buffer) => gzipSync(body, { level: 9 }).length;

/** `npm run build`: the widget scripts and the production server bundle, dist/server.mjs. */
export function buildAssets(root: string): void {
  if (!existsSync(join(root, 'scripts/build.mjs'))) return;
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
}

/** `dist/*.js` as `npm run build` left it: the poll widget alone, and every script together. */
function widgetSizes(root: string): Size[] {
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'widget.js'))) return [];
  const scripts = readdirSync(dist).filter((file) => /^[a-z-]+\.js$/.test(file));
  const sizes = scripts.map((file) => {
    const body = readFileSync(join(dist, file));
    return { name: `${file} (gzip)`, bytes: body.length, gzipBytes: gz(body), ...(file === 'widget.js' ? { limitBytes: 3 * 1024 } : {}) };
  });
  const all = sizes.reduce((sum, size) => sum + size.gzipBytes, 0);
  return [...sizes, { name: 'all widget scripts (gzip)', bytes: sizes.reduce((sum, size) => sum + size.bytes, 0), gzipBytes: all, limitBytes: 8 * 1024 }];
}

/** The Worker exactly as `wrangler deploy` would upload it (a dry run, offline). */
function workerSize(root: string): Size[] {
  if (!existsSync(join(root, 'src/worker.ts')) || !existsSync(join(root, 'scripts/wrangler.mjs'))) return [];
  const out = mkdtempSync(join(tmpdir(), 'tanggap-worker-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts/wrangler.mjs'), 'deploy', '--dry-run', '--outdir', out], { cwd: root, stdio: 'ignore' });
    const files = readdirSync(out).filter((file) => file.endsWith('.js'));
    const body = Buffer.concat(files.map((file) => readFileSync(join(out, file))));
    return [{ name: 'Workers bundle (gzip)', bytes: body.length, gzipBytes: gz(body), limitBytes: 60 * 1024 }];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * What the Worker serves from Workers static assets (`dist/assets`, `[assets]` in wrangler.toml):
 * not part of the script, so no budget, but printed so the bundle's size is read next to it.
 */
function staticAssetsSize(root: string): Size[] {
  const dir = join(root, 'dist/assets');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const bodies = files.map((entry) => readFileSync(join(entry.parentPath, entry.name)));
  return [{
    name: `Workers static assets, ${files.length} files (gzip each, not in the bundle)`,
    bytes: bodies.reduce((sum, body) => sum + body.length, 0),
    gzipBytes: bodies.reduce((sum, body) => sum + gz(body), 0),
  }];
}

export async function bundleSizes(root: string): Promise<Size[]> {
  return [...widgetSizes(root), ...workerSize(root), ...staticAssetsSize(root)];
}

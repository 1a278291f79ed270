#!/usr/bin/env node
/**
 * Where the Worker's bytes go: bundles an entry (default src/worker.ts) with esbuild the way
 * wrangler does (minified, no keepNames, workerd conditions, wrangler.toml's `[alias]`) and
 * prints the minified bytes each package or src/ folder contributes, largest first. The total's
 * gzip is close to, not exactly, `npm run bench`'s "Workers bundle", which is the number that
 * counts (bench/sizes.ts). Run `npm run build` first: the Worker imports generated modules.
 *
 * @example node scripts/worker-parts.mjs                         # top 30 parts
 * @example node scripts/worker-parts.mjs src/worker.ts 50 drizzle   # and every drizzle file
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Worker bundled as wrangler bundles it, in memory: the one copy of those esbuild options,
 * so this script's figures and `npm run bench:worker`'s workerd run the same bytes.
 *
 * @example const { outputFiles: [worker] } = await bundleWorker(); // worker.text
 */
export async function bundleWorker(entry = 'src/worker.ts') {
  const aliasSection = readFileSync(join(root, 'wrangler.toml'), 'utf8').split(/^\[alias\]$/m)[1]?.split(/^\[/m)[0] ?? '';
  const alias = Object.fromEntries([...aliasSection.matchAll(/^"([^"]+)"\s*=\s*"([^"]+)"/gm)].map(([, from, to]) => [from, join(root, to)]));
  return build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['cloudflare:*', 'node:*'],
    // The article objects bundle the migrations as text, as wrangler.toml's `[[rules]]` do.
    loader: { '.sql': 'text' },
    alias,
    metafile: true,
    write: false,
    outfile: 'worker.js',
    logLevel: 'warning',
  });
}

/** `drizzle-orm/sqlite-core`, `hono/jsx`, `valibot`, `src/newsroom/dashboard`, … */
function partOf(path) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:dist\/)?([^/]+)?/.exec(path);
  if (pkg) return ['drizzle-orm', 'hono'].includes(pkg[1]) && pkg[2] && !pkg[2].endsWith('.js') ? `${pkg[1]}/${pkg[2]}` : pkg[1];
  return /^(src\/[^/]+(?:\/[^/.]+)?)/.exec(path)?.[1] ?? path;
}

async function printParts(entry, top, detail) {
  const result = await bundleWorker(entry);
  const inputs = Object.entries(result.metafile.outputs['worker.js'].inputs);
  const parts = new Map();
  for (const [path, { bytesInOutput }] of inputs) parts.set(partOf(path), (parts.get(partOf(path)) ?? 0) + bytesInOutput);

  const output = result.outputFiles[0].contents;
  console.log(`${entry}: ${output.length} B minified, ${gzipSync(output, { level: 9 }).length} B gzip -9`);
  for (const [part, bytes] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${String(bytes).padStart(8)}  ${part}`);
  if (detail) {
    console.log(`\nfiles matching "${detail}":`);
    for (const [path, { bytesInOutput }] of inputs.filter(([path]) => path.includes(detail)).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) {
      console.log(`${String(bytesInOutput).padStart(8)}  ${path}`);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [entry = 'src/worker.ts', top = '30', detail] = process.argv.slice(2);
  await printParts(entry, top, detail);
}

// Builds the embeddable widget and the Node server with esbuild and writes:
//   dist/widget.js + dist/widget.<hash>.js   for inspection and static hosting
//   dist/assets/                             the static files both runtimes serve: the hashed
//                                            widget scripts, the dashboard's stylesheet and
//                                            script, and (scripts/openapi.ts) /openapi.json and
//                                            the /docs page. Workers static assets on Cloudflare
//                                            (`[assets]` in wrangler.toml), so they do not count
//                                            toward the Worker's size; Node reads them at start.
//   src/widget/generated/assets.ts           the scripts' names and hashes (not their bytes),
//                                            for the routes and pages that link to them.
//   dist/server.mjs                          the Node server as one ES module for plain `node`
//                                            (`npm start`, Docker): everything bundled except
//                                            the native libsql driver, so it runs with
//                                            `npm ci --omit=dev` and no TypeScript loader.
//   dist/migrations/                         a copy of migrations/, which dist/server.mjs
//                                            applies at start (src/node-layout.ts), so dist/
//                                            needs nothing else from the checkout.
// `--outdir DIR` writes all of dist/ to DIR instead (a production build next to a running
// checkout, as test/helpers/prod-server.ts does); the generated sources are rewritten only when
// their contents change, so a second build never disturbs a first one's readers.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { minify } from 'terser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdirFlag = process.argv.indexOf('--outdir');
const dist = outdirFlag > 0 ? resolve(process.argv[outdirFlag + 1]) : join(root, 'dist');
const staticFiles = join(dist, 'assets');
const generated = join(root, 'src/widget/generated/assets.ts');

/** `import css from './x.css'` yields the minified stylesheet as a string. */
const cssAsText = {
  name: 'css-as-text',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async ({ path }) => {
      const { code } = await transform(await readFile(path, 'utf8'), { loader: 'css', minify: true });
      // esbuild keeps custom property values verbatim, spaces included, and spaces around the `/`
      // of grid shorthands; these are safe to drop.
      const tight = code
        .trim()
        .replace(/(--[\w-]+): /g, '$1:')
        .replace(/var\((--[\w-]+), /g, 'var($1,')
        .replace(/ \/ /g, '/');
      return { contents: tight, loader: 'text' };
    });
  },
};

/**
 * Writes a generated source file only when its contents change: tsx watch and vitest do not
 * see a rebuild as an edit, and a concurrent build never leaves a reader a truncated file.
 */
async function writeGenerated(path, contents) {
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current === contents) return;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, contents);
}

const entries = [
  {
    name: 'widget',
    entry: 'src/widget/index.ts',
    mangleProps: /_$|^(node|parts|hidden|closed|loadFailed|voteFailed|retry|poll|saved|failure|state|render|mountComments|voter|follow|details|load)$/,
  },
  // The vote flow and comments, loaded by the widget only when the reader reaches for the poll
  // or a comment section nears the viewport: nothing the first render needs.
  {
    name: 'more',
    entry: 'src/widget/more.ts',
    // Keys of the chunk's own string tables and mode objects (never JSON or DOM), and the
    // names it shares with widget.js, mangled alike through the shared `mangleCache`.
    mangleProps:
      /_$|^(sorts|replyingTo|editing|reasons|reported|confirmRemove|removed|title|more|moreReplies|pendingNote|posted|offline|failed|empty|edited|trap|cancel|retry|closed|chose|withdrew|send|save|like|report|reply|edit|poll|saved|failure|state|render|mountComments|voter|follow|details|load|myData)$/,
  },
  // Only the /embed iframe page needs it, so it stays out of every article page's download.
  { name: 'embed-resize', entry: 'src/widget/embed-resize.ts' },
  // The proof-of-work solver, loaded by more.js only when a write is answered
  // `challenge_required`: a reader whose address is not busy never downloads it.
  { name: 'challenge', entry: 'src/widget/challenge.ts' },
  // Sign-in and house rules, loaded by more.js only on a site whose commenters sign in with the
  // site's accounts (sso-*) or agree to house rules; readers of other sites never download it.
  { name: 'account', entry: 'src/widget/account.ts' },
  // "Data saya", loaded by more.js only when a reader opens it from the comment section. Its
  // text keys are mangled except those that share a name with a DOM property (`download`).
  { name: 'mydata', entry: 'src/widget/mydata.ts', mangleProps: /^(note|erase|none|erased|failed)$/ },
  // The reader's own reports, filing one and their outcomes, loaded by more.js only when a
  // reader presses "Laporkan" or in a browser that has reported a comment: most readers never do.
  { name: 'complaints', entry: 'src/widget/complaints.ts' },
];

const assets = [];
// One cache across the builds, so a property both widget.js and more.js mangle (the poll state,
// what more.js hands over) gets the same short name in both.
let mangleCache = {};
for (const { name, entry, mangleProps } of entries) {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    // The widget needs constructable stylesheets (Safari 16.4, Chrome 73, Firefox 101), so every
    // browser it runs in has ES2022: `??=` and the like are kept as is rather than down-levelled.
    target: ['es2022'],
    legalComments: 'none',
    // No "use strict" prologue per chunk: the sources are type-checked as strict modules and use
    // nothing whose meaning differs in sloppy mode (no `this` in plain calls, no `arguments`).
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    write: false,
    plugins: [cssAsText],
    mangleProps,
    mangleCache,
    logLevel: 'warning',
  });
  mangleCache = result.mangleCache ?? mangleCache;
  // A second pass by terser over esbuild's output: its compressor and its frequency-ordered
  // local names save about 3% gzipped (≈ 240 B over the three chunks), which the live tally
  // needed. Properties are left alone, so names the chunks share stay as esbuild mangled them.
  // `unsafe_arrows` turns function expressions into arrows: the sources use neither `this` nor
  // `arguments` in them.
  const { code } = await minify(result.outputFiles[0].text, { ecma: 2022, compress: { passes: 2, unsafe_arrows: true }, mangle: true });
  const body = code;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  assets.push({ name, file: `${name}.${hash}.js`, hash, body, gzipBytes: gzipSync(body, { level: 9 }).length });
}

// dist/ is updated in place, never emptied first: a build while a server or a test run reads
// dist/ (npm run dev:worker during npm test) leaves every unchanged file as it was.
for (const asset of assets) {
  await writeGenerated(join(dist, `${asset.name}.js`), asset.body);
  await writeGenerated(join(dist, asset.file), asset.body);
  await writeGenerated(join(staticFiles, asset.file), asset.body);
}
for (const file of ['app.css', 'app.js']) {
  await writeGenerated(join(staticFiles, 'newsroom/assets', file), await readFile(join(root, 'src/newsroom/dashboard/static', file), 'utf8'));
}
// Scripts of earlier builds (other hashes) go, so dist/ holds exactly this build's files.
const current = new Set(assets.map((asset) => asset.file));
for (const dir of [dist, staticFiles]) {
  for (const file of await readdir(dir)) {
    if (/^[\w-]+\.[0-9a-f]{16}\.js$/.test(file) && !current.has(file)) await rm(join(dir, file));
  }
}

await writeGenerated(
  generated,
  `// Generated by scripts/build.mjs — do not edit, do not commit.
export interface BuiltAsset {
  /** Stable name, served at /<name>.js with a short cache. */
  name: string;
  /** Content-hashed file name, served immutable; the bytes are dist/assets/<file>. */
  file: string;
  hash: string;
  gzipBytes: number;
}

export const assets: readonly BuiltAsset[] = ${JSON.stringify(assets.map(({ body: _body, ...asset }) => asset), null, 2)};
`,
);

// After the assets: the app it loads links to them. tsx, because the app is TypeScript.
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/openapi.ts'), '--outdir', dist], { cwd: root, stdio: 'inherit' });

/**
 * The Node programs, each bundled into dist/<name>.mjs; the tanggap CLI joins this list as
 * `{ name: 'tanggap', entry: 'src/cli/tanggap.ts' }`. Every production dependency without
 * native code is bundled in (faster start: one file instead of hundreds of modules); what
 * stays external must be in package.json's `dependencies`, so `npm ci --omit=dev` installs it.
 */
const nodeEntries = [
  { name: 'server', entry: 'src/node.ts' },
  // `npm run tanggap`: the site and key command, runnable anywhere with plain node.
  { name: 'tanggap', entry: 'src/cli/tanggap.ts' },
];
/** libsql loads a platform-specific native module at run time, and @libsql/client reaches it. */
const nodeExternal = ['libsql', '@libsql/client'];
/**
 * The `[alias]` table of wrangler.toml (the one home of these aliases): the OpenAPI document is
 * generated at build time, so neither runtime needs the schema converters or zod.
 */
const aliasTable = (await readFile(join(root, 'wrangler.toml'), 'utf8')).split('\n[alias]\n')[1]?.split('\n[')[0] ?? '';
const nodeAlias = Object.fromEntries([...aliasTable.matchAll(/^"([^"]+)"\s*=\s*"([^"]+)"/gm)].map(([, from, to]) => [from, to]));
for (const { name, entry } of nodeEntries) {
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(dist, `${name}.mjs`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: nodeExternal,
    alias: nodeAlias,
    absWorkingDir: root,
    // src/node-layout.ts: the bundle finds migrations/ and assets/ beside itself.
    define: { TANGGAP_BUNDLED: 'true' },
    // Bundled CommonJS dependencies may call require(); ES modules have none of their own.
    banner: { js: "import { createRequire as __tanggapRequire } from 'node:module'; const require = __tanggapRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
  });
}
// The SQL files and the journal the migrator reads; drizzle-kit's snapshots are for authoring only.
await cp(join(root, 'migrations'), join(dist, 'migrations'), { recursive: true, filter: (path) => !path.endsWith('_snapshot.json') });

if (!process.argv.includes('--quiet')) {
  for (const a of assets) console.log(`built ${a.file}: ${a.body.length} B, ${a.gzipBytes} B gzipped`);
  for (const { name } of nodeEntries) console.log(`built ${name}.mjs (run with: node ${join(dist, `${name}.mjs`)})`);
}

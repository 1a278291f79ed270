/**
 * `npm run bench`: one run, one machine, every hot operation measured against a bare Hono route
 * served the same way, with the lost-write checks read from the database afterwards.
 *
 * Environment: BENCH_SECONDS (per operation, roughly; default 6), BENCH_CONNECTIONS (default 50),
 * BENCH_ONLY (comma-separated operation name prefixes, for development), BENCH_PROFILE (a directory:
 * the Tanggap server writes a V8 CPU profile there when it stops).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { migrateNodeDatabase, openNodeDatabase } from '../src/db/node';
import { seedDemo } from '../src/demo/seed';
import { counterMismatches } from '../test/helpers/factories';
import { buildAssets, bundleSizes } from './sizes';
import { type Spawned, spawnServer, startHeapFlags } from './server';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
/** Each run is also bounded in count, so a surprisingly fast machine cannot run away. */
const maxRequests = 400_000;
const SITE = 'demo';
const REACTIONS = ['senang', 'terhibur', 'terinspirasi', 'tidak-peduli', 'terganggu', 'sedih', 'cemas', 'marah'];
const ARTICLES = Array.from({ length: 100 }, (_, i) => `bench-${i}`);
/** The instance admin key the newsroom operation authenticates with. */
const ADMIN_KEY = 'bench-admin-key-that-is-long-enough';

type Target = { ratio?: number; rps?: number; p99Ms?: number };
type Measured = {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  acknowledged: number;
  ratio: number | null;
  /** Server CPU (user + system) per request: steadier than req/s on a busy machine. */
  cpuPerRequestUs: number;
  target: Target;
  check?: string;
  pass?: boolean;
};

const token = () => randomBytes(16).toString('base64url');
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
let addressCounter = 1;
/** A fresh client address per simulated reader: the server runs with TRUST_PROXY, like behind a CDN. */
const nextAddress = () => {
  const n = addressCounter++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

type RequestShape = { method: string; path: string; headers?: Record<string, string>; body?: string };

/** User + system CPU seconds a process has used so far (Linux), to report server CPU per request. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * One load run of a fixed number of requests, so every request sent is answered and the
 * lost-write check can compare acknowledgements with rows exactly. `amount` comes from a
 * calibration run, which keeps each run near `seconds`; a run that overstays three times
 * that is stopped (and its in-flight writes then show up in the check as a failure).
 */
function load(url: string, next: () => RequestShape, amount: number) {
  return new Promise<{ rps: number; p50: number; p99: number; errors: number; acknowledged: number }>((resolve, reject) => {
    const started = performance.now();
    let lastResponse = started;
    let answered = 0;
    const instance = autocannon(
      {
        url,
        connections,
        amount,
        requests: [
          {
            setupRequest: (request: Record<string, unknown>) => {
              const shape = next();
              return { ...request, ...shape, headers: { 'content-type': 'application/json', ...shape.headers } };
            },
          },
        ],
      },
      (error, result) => {
        clearTimeout(guard);
        if (error) return reject(error);
        // autocannon reports only at its once-a-second tick, so `result.duration` rounds a
        // fixed-amount run up to whole seconds; the rate comes from our own clock instead.
        const elapsed = (lastResponse - started) / 1000;
        resolve({
          rps: answered / Math.max(elapsed, 0.001),
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts + result.non2xx,
          acknowledged: result['2xx'],
        });
      },
    );
    instance.on('response', () => {
      answered += 1;
      lastResponse = performance.now();
    });
    const guard = setTimeout(() => instance.stop(), Math.max(seconds, 5) * 3_000);
  });
}

/** Everything the operations share: who voted, which comments exist. */
type Voter = { reader: string; article: string; address: string };
const voters: Voter[] = [];

type Operation = {
  name: string;
  target: Target;
  /** Present in this checkout? (Operations from features that have not landed are skipped.) */
  available: (paths: Record<string, Record<string, unknown>>) => boolean;
  next: () => RequestShape;
  server?: 'reference';
};

const pollPath = (article: string) => `/v1/sites/${SITE}/articles/${article}/poll`;
const votePath = (article: string) => `/v1/sites/${SITE}/articles/${article}/vote`;
const commentsPath = (article: string) => `/v1/sites/${SITE}/articles/${article}/comments`;
const has = (path: string, method: string) => (paths: Record<string, Record<string, unknown>>) => Boolean(paths[path]?.[method]);

const operations: Operation[] = [
  { name: 'bare Hono JSON (reference)', server: 'reference', target: {}, available: () => true, next: () => ({ method: 'GET', path: '/json' }) },
  {
    name: 'read tally (anonymous)',
    target: { ratio: 0.6, p99Ms: 20 },
    available: has('/v1/sites/{site}/articles/{article}/poll', 'get'),
    next: () => ({ method: 'GET', path: pollPath(pick(ARTICLES)) }),
  },
  {
    name: 'widget bootstrap (reader)',
    target: {},
    available: has('/v1/sites/{site}/articles/{article}/poll', 'get'),
    next: () => {
      const voter = voters.length > 0 ? pick(voters) : { reader: token(), article: pick(ARTICLES) };
      return { method: 'GET', path: `${pollPath(voter.article)}?reader=${voter.reader}` };
    },
  },
  {
    name: 'cast vote (new reader)',
    target: { rps: 5000, p99Ms: 50 },
    available: has('/v1/sites/{site}/articles/{article}/vote', 'put'),
    next: () => {
      const voter = { reader: token(), article: pick(ARTICLES), address: nextAddress() };
      if (voters.length < 20_000) voters.push(voter);
      return {
        method: 'PUT',
        path: votePath(voter.article),
        headers: { 'x-forwarded-for': voter.address },
        body: JSON.stringify({ reader: voter.reader, reaction: pick(REACTIONS) }),
      };
    },
  },
  {
    name: 'change vote',
    target: { p99Ms: 50 },
    available: has('/v1/sites/{site}/articles/{article}/vote', 'put'),
    next: () => {
      const voter = voters.length > 0 ? pick(voters) : { reader: token(), article: pick(ARTICLES), address: nextAddress() };
      return {
        method: 'PUT',
        path: votePath(voter.article),
        headers: { 'x-forwarded-for': voter.address },
        body: JSON.stringify({ reader: voter.reader, reaction: pick(REACTIONS) }),
      };
    },
  },
  {
    name: 'post comment',
    target: { rps: 2000, p99Ms: 50 },
    available: has('/v1/sites/{site}/articles/{article}/comments', 'post'),
    next: () => ({
      method: 'POST',
      path: commentsPath(pick(ARTICLES.slice(0, 10))),
      headers: { 'x-forwarded-for': nextAddress() },
      body: JSON.stringify({ reader: token(), name: 'Pembaca', body: `Tanggapan nomor ${addressCounter}: artikelnya jelas.`, elapsedMs: 30_000 }),
    }),
  },
  {
    name: 'newsroom top articles',
    target: { p99Ms: 200 },
    available: has('/v1/newsroom/sites/{site}/top-articles', 'get'),
    next: () => ({ method: 'GET', path: `/v1/newsroom/sites/${SITE}/top-articles?limit=20`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
  },
  {
    name: 'list comments page',
    target: { rps: 4000 },
    available: has('/v1/sites/{site}/articles/{article}/comments', 'get'),
    next: () => ({ method: 'GET', path: commentsPath(pick(ARTICLES.slice(0, 10))) }),
  },
];

function fmt(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

function judge(row: Measured): boolean {
  const { target } = row;
  if (target.ratio !== undefined && (row.ratio ?? 0) < target.ratio) return false;
  if (target.rps !== undefined && row.rps < target.rps) return false;
  if (target.p99Ms !== undefined && row.p99 >= target.p99Ms) return false;
  return row.errors === 0 && row.check !== 'FAIL';
}

function describeTarget(target: Target): string {
  const parts = [];
  if (target.ratio !== undefined) parts.push(`≥${Math.round(target.ratio * 100)}% ref`);
  if (target.rps !== undefined) parts.push(`≥${target.rps}/s`);
  if (target.p99Ms !== undefined) parts.push(`p99<${target.p99Ms}ms`);
  return parts.join(', ');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-bench-'));
  const databaseUrl = `file:${join(dir, 'bench.db')}`;
  const env = {
    NODE_ENV: 'production',
    PUBLIC_URL: 'http://127.0.0.1',
    DATABASE_URL: databaseUrl,
    TANGGAP_DATA_DIR: dir,
    TANGGAP_SECRET: 'bench-secret-that-is-at-least-32-characters-long',
    TANGGAP_ADMIN_KEY: ADMIN_KEY,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'error',
  };
  let app: Spawned | undefined;
  let reference: Spawned | undefined;
  try {
    buildAssets(root);
    // A production start seeds nothing; the bench's operations run on the demo site, seeded
    // here as a newsroom would have created its own site before going live.
    const seeding = await openNodeDatabase(databaseUrl);
    await migrateNodeDatabase(seeding.db);
    await seedDemo(seeding.db);
    seeding.client.close();
    reference = await spawnServer(join(root, 'bench/bare-hono.ts'), {}, '/json');
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_PROFILE)}`] : [];
    app = await spawnServer(join(root, 'dist/server.mjs'), env, '/healthz', [...startHeapFlags(root), ...profile]);
    const coldStartMs = app.coldStartMs;
    const openapi = (await (await fetch(`${app.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };

    // Register the articles and warm every path (JIT, caches) before measuring anything.
    for (const article of ARTICLES) {
      const response = await fetch(`${app.url}${pollPath(article)}?url=${encodeURIComponent(`http://localhost/${article}`)}`);
      await response.arrayBuffer();
    }
    const acknowledged = new Map<string, number>();
    const rows: Measured[] = [];
    let referenceRps = 0;
    for (const operation of operations) {
      if (only && !only.some((name) => operation.name.startsWith(name)) && !operation.server) continue;
      if (!operation.server && !operation.available(openapi.paths)) {
        console.log(`skipped: ${operation.name} (not in this checkout's API)`);
        continue;
      }
      const url = operation.server ? reference.url : app.url;
      const pid = operation.server ? reference.child.pid : app.child.pid;
      const warm = await load(url, operation.next, 1_000);
      const amount = Math.min(maxRequests, Math.max(2_000, Math.round(warm.rps * seconds)));
      const cpuBefore = cpuSeconds(pid);
      const measured = await load(url, operation.next, amount);
      const cpuPerRequestUs = ((cpuSeconds(pid) - cpuBefore) * 1e6) / Math.max(1, measured.acknowledged + measured.errors);
      acknowledged.set(operation.name, warm.acknowledged + measured.acknowledged);
      if (operation.server) referenceRps = measured.rps;
      const row: Measured = {
        name: operation.name,
        ...measured,
        ratio: referenceRps > 0 ? measured.rps / referenceRps : null,
        cpuPerRequestUs,
        target: operation.target,
      };
      rows.push(row);
      const rssSoFar = operation.server ? '' : `, peak RSS so far ${fmt(app.peakRssMb())} MB`;
      console.log(`${row.name}: ${fmt(row.rps)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, errors ${row.errors}, server CPU ${fmt(cpuPerRequestUs)} µs/req${rssSoFar}`);
    }
    const peakRssMb = app.peakRssMb();
    await app.stop();
    app = undefined;

    // Lost-write checks, from the database file itself after the server has stopped.
    const { client, db } = await openNodeDatabase(databaseUrl);
    const [votes] = await db.all<{ n: number; counted: number; articleCounted: number }>(sql`
      SELECT (SELECT count(*) FROM votes) AS n,
        (SELECT coalesce(sum(count), 0) FROM reaction_counts) AS counted,
        (SELECT coalesce(sum(vote_count), 0) FROM articles) AS articleCounted`);
    const mismatches = await counterMismatches(db);
    const castAcks = acknowledged.get('cast vote (new reader)');
    for (const row of rows) {
      if (row.name === 'cast vote (new reader)' || row.name === 'change vote') {
        const exact = castAcks === votes!.n && votes!.counted === votes!.n && votes!.articleCounted === votes!.n && mismatches.length === 0;
        row.check = exact ? 'ok' : 'FAIL';
        if (row.name.startsWith('cast')) {
          console.log(`votes: ${castAcks} acknowledged casts, ${votes!.n} rows, counters ${votes!.counted}, article counters ${votes!.articleCounted}, ${mismatches.length} mismatches`);
        }
      }
      if (row.name === 'post comment') {
        const [comments] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM comments`);
        row.check = comments!.n === acknowledged.get(row.name) ? 'ok' : 'FAIL';
        console.log(`comments: ${acknowledged.get(row.name)} acknowledged, ${comments!.n} rows`);
      }
      row.pass = row.target && Object.keys(row.target).length > 0 ? judge(row) : row.errors === 0 && row.check !== 'FAIL';
    }
    client.close();

    const sizes = await bundleSizes(root);
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      seconds,
      connections,
      operations: rows,
      coldStartMs: Math.round(coldStartMs),
      peakRssMb: Math.round(peakRssMb),
      sizes,
    };

    const header = ['operation', 'req/s', 'p50 ms', 'p99 ms', 'errors', '× ref', 'CPU µs/req', 'writes', 'target', 'met'];
    const table = rows.map((row) => [
      row.name,
      fmt(row.rps),
      fmt(row.p50),
      fmt(row.p99),
      String(row.errors),
      row.ratio === null ? '–' : `${(row.ratio * 100).toFixed(0)}%`,
      fmt(row.cpuPerRequestUs),
      row.check ?? '',
      describeTarget(row.target),
      row.pass ? 'yes' : 'NO',
    ]);
    const widths = header.map((title, i) => Math.max(title.length, ...table.map((cells) => cells[i]!.length)));
    const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    console.log(`\nTanggap bench — ${report.date}, ${report.machine.cpus} × ${report.machine.model}, Node ${process.version}, ${connections} connections, ${seconds} s each\n`);
    console.log(line(header));
    for (const cells of table) console.log(line(cells));
    console.log(`\ncold start to first 200: ${report.coldStartMs} ms    peak RSS: ${report.peakRssMb} MB (target < 150: ${report.peakRssMb < 150 ? 'yes' : 'NO'})`);
    for (const size of sizes) {
      console.log(`${size.name}: ${size.gzipBytes} B gzipped${size.limitBytes ? ` (target ≤ ${size.limitBytes}: ${size.gzipBytes <= size.limitBytes ? 'yes' : 'NO'})` : ''}`);
    }
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('\nwrote bench/results/latest.json');
    const allMet =
      rows.every((row) => row.pass) && report.peakRssMb < 150 && sizes.every((size) => !size.limitBytes || size.gzipBytes <= size.limitBytes);
    console.log(allMet ? 'every target met' : 'some targets NOT met');
  } finally {
    await app?.stop();
    await reference?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

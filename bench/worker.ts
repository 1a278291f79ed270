/**
 * `npm run bench:worker`: one hot article voted by many distinct readers, inside a local
 * workerd (Miniflare), three ways: votes straight to D1, through one `ArticlePoll` object, and
 * split over four shard objects. For each: workerd's CPU per vote (the process's user+system
 * time over the votes), votes/s on this machine, whether every acknowledged vote is counted
 * (in the poll, and in D1 after the roll-ups), and the roll-up lag (last acknowledged vote to
 * D1 holding every vote, with the objects' own alarms). Local D1 is a SQLite file next to the
 * Worker, so D1's real latency and queueing are not in these figures: docs/PERFORMANCE.md,
 * "Capacity on Workers", turns them into a model with Cloudflare's published limits.
 *
 * Environment: BENCH_VOTES (default 2000), BENCH_CONCURRENCY (requests in flight, default 32),
 * BENCH_MODES (for development: `1d`, `1o`, `4o`, comma-separated).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare, type Response as MiniflareResponse } from 'miniflare';
import { bundleWorker } from '../scripts/worker-parts.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const votes = Number(process.env.BENCH_VOTES ?? 2_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const REACTIONS = ['senang', 'terhibur', 'terinspirasi', 'tidak-peduli', 'terganggu', 'sedih', 'cemas', 'marah'];
const ARTICLE = 'breaking-story';

function compatibilityDate(): string {
  return /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, 'wrangler.toml'), 'utf8'))![1]!;
}

/** The D1 migrations in order, each split at drizzle's statement breakpoints. */
function migrationStatements(): string[] {
  return readdirSync(join(root, 'migrations'))
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .flatMap((name) => readFileSync(join(root, 'migrations', name), 'utf8').split('--> statement-breakpoint'))
    .map((statement) => statement.trim())
    .filter((statement) => statement.replace(/--.*$/gm, '').trim() !== '');
}

/** User+system CPU seconds of every workerd process this bench started. */
function workerdCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (!stat.includes('(workerd)') || Number(fields[1]) !== process.pid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / 100;
}

type Mode = { name: string; objects: boolean; shards: number };
type Result = Mode & { cpuMsPerVote: number; votesPerSecond: number; acknowledged: number; inPoll: number; inD1: number; rollupLagMs: number | null; refusal: string | null };

async function run(script: string, mode: Mode): Promise<Result> {
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: compatibilityDate(),
    d1Databases: ['DB'],
    ...(mode.objects && { durableObjects: { ARTICLE_POLL: { className: 'ArticlePoll', useSQLite: true } } }),
    serviceBindings: { ASSETS: () => new Response(null, { status: 404 }) },
    bindings: {
      TANGGAP_SECRET: 'bench-worker-secret-that-is-at-least-32-characters',
      ENVIRONMENT: 'development',
      POLL_SHARDS: String(mode.shards),
      // Four shards from the first vote, to measure them; one shard never splits.
      POLL_SPLIT_ABOVE: '0',
    },
  });
  try {
    const d1 = await mf.getD1Database('DB');
    for (const statement of migrationStatements()) await d1.prepare(statement).run();
    const tokens = Array.from({ length: votes + 8 }, () => randomBytes(16).toString('base64url'));
    let refusal: string | null = null;
    const vote = (i: number) =>
      mf.dispatchFetch(`https://bench.test/v1/sites/demo/articles/${ARTICLE}/vote`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        body: JSON.stringify({ reader: tokens[i], reaction: REACTIONS[i % REACTIONS.length] }),
      });
    // Warm up: the demo seed, the article's registration, the objects' first start.
    let acknowledged = 0;
    const count = async (response: MiniflareResponse) => {
      if (response.status === 200) acknowledged++;
      else refusal ??= `${response.status} ${await response.clone().text()}`;
      await response.text();
    };
    for (let i = 0; i < 8; i++) await count(await vote(votes + i));
    const cpuBefore = workerdCpuSeconds();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < votes) {
          await count(await vote(next++));
        }
      }),
    );
    const lastAck = performance.now();
    const cpu = workerdCpuSeconds() - cpuBefore;
    const d1Total = async () =>
      (await d1.prepare('SELECT vote_count AS n FROM articles WHERE external_id = ?').bind(ARTICLE).first<{ n: number }>())?.n ?? 0;
    let inD1 = await d1Total();
    let rollupLagMs: number | null = mode.objects ? null : 0;
    const deadline = lastAck + 60_000;
    while (mode.objects && inD1 < acknowledged && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      inD1 = await d1Total();
      if (inD1 >= acknowledged) rollupLagMs = performance.now() - lastAck;
    }
    // Once D1 has every vote, every shard has also reported to the coordinator (it reports before it flushes).
    const poll = (await (await mf.dispatchFetch(`https://bench.test/v1/sites/demo/articles/${ARTICLE}/poll?lang=en`)).json()) as { total: number };
    return {
      ...mode,
      cpuMsPerVote: (cpu * 1000) / votes,
      votesPerSecond: votes / ((lastAck - started) / 1000),
      acknowledged,
      inPoll: poll.total,
      inD1,
      rollupLagMs,
      refusal,
    };
  } finally {
    await mf.dispose();
  }
}

const script = (await bundleWorker()).outputFiles[0]!.text;
const allModes: Mode[] = [
  { name: 'D1 direct', objects: false, shards: 1 },
  { name: 'object, 1 shard', objects: true, shards: 1 },
  { name: 'objects, 4 shards', objects: true, shards: 4 },
];
const picked = process.env.BENCH_MODES?.split(',');
const modes = picked ? allModes.filter((mode) => picked.includes(`${mode.shards}${mode.objects ? 'o' : 'd'}`)) : allModes;
console.log(`bench:worker — ${votes} distinct readers on one article, ${concurrency} in flight, local workerd (Miniflare); CPU = workerd user+system time`);
const results: Result[] = [];
for (const mode of modes) results.push(await run(script, mode));
const base = results[0]!.cpuMsPerVote;
console.log('| path | workerd CPU per vote | vs D1 direct | votes/s (local) | acknowledged | in poll | in D1 | roll-up lag |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const lag = r.rollupLagMs === null ? 'not reached in 60 s' : r.objects ? `${(r.rollupLagMs / 1000).toFixed(1)} s` : '— (same write)';
  console.log(
    `| ${r.name} | ${r.cpuMsPerVote.toFixed(2)} ms | ${(r.cpuMsPerVote / base).toFixed(2)}× | ${r.votesPerSecond.toFixed(0)} | ${r.acknowledged} | ${r.inPoll} | ${r.inD1} | ${lag} |`,
  );
}
for (const r of results) if (r.refusal) console.log(`${r.name}: first refused vote: ${r.refusal}`);
const exact = results.every((r) => r.inPoll === r.acknowledged && r.inD1 === r.acknowledged);
console.log(exact ? 'exact: every acknowledged vote is in the poll and in D1' : 'NOT EXACT: see the table');
process.exitCode = exact ? 0 : 1;

/**
 * `npm run bench:data`: does read cost grow with data? Builds a site in a temporary libsql file
 * in stages up to 100,000 articles, 10,000,000 votes and 1,000,000 comments, and after each
 * stage times, on the same statements the service runs:
 *   - a tally read (uncached) of the hottest article and of an ordinary one,
 *   - the first comment page and a deep page (keyset cursor) of the most-commented article.
 * With trigger-kept counters and index-ordered pages both should stay flat as rows grow.
 *
 *   npm run bench:data                                    # full size (minutes; ~2 GB on disk)
 *   ARTICLES=10000 VOTES=1000000 COMMENTS=100000 npm run bench:data   # quick look
 *
 * Rows are generated inside SQLite (recursive CTE, INSERT … SELECT) with the insert triggers
 * dropped; the counters are then rebuilt from the rows in one pass, exactly what the triggers
 * would hold. When bench/newsroom-data.ts exists it runs afterwards for the newsroom queries.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateNodeDatabase, openNodeDatabase } from '../src/db/node';
import { tallyRead } from '../src/reactions/service';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ARTICLES = Number(process.env.ARTICLES ?? 100_000);
const VOTES = Number(process.env.VOTES ?? 10_000_000);
const COMMENTS = Number(process.env.COMMENTS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 300);
const REACTIONS = ['senang', 'terhibur', 'terinspirasi', 'tidak-peduli', 'terganggu', 'sedih', 'cemas', 'marah'];
/** The hottest article takes this share of all votes and comments; the rest spread evenly. */
const HOT_SHARE = 0.05;
const PAGE = 20;

const stages = (total: number) => [total / 100, total / 10, total].map(Math.round).filter((n, i, all) => n > 0 && all.indexOf(n) === i);

const dir = mkdtempSync(join(tmpdir(), 'tanggap-data-'));
const { client, db } = await openNodeDatabase(`file:${join(dir, 'data.db')}`);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`;

type Timing = { median: number; p99: number };
async function time(run: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 20; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    samples.push((performance.now() - t0) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}
const us = (timing: Timing) => `${timing.median.toFixed(0)} µs (p99 ${timing.p99.toFixed(0)})`;

async function scalar(sql: string): Promise<number> {
  return Number((await client.execute(sql)).rows[0]![0]);
}

const results: Record<string, unknown>[] = [];

try {
  await migrateNodeDatabase(db);
  await client.execute('PRAGMA synchronous = OFF');
  await client.execute('PRAGMA cache_size = -262144');
  const triggers = (await client.execute(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('votes', 'comments') AND sql LIKE '%AFTER INSERT%'`)).rows.map((row) => String(row[0]));
  for (const name of triggers) await client.execute(`DROP TRIGGER ${name}`);
  await client.execute(`INSERT INTO sites (id, name, origins) VALUES ('data', 'Data Daily', '["https://data.example"]')`);
  await client.execute(`INSERT INTO articles (site_id, external_id, title)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ARTICLES})
    SELECT 'data', 'a' || i, 'Artikel ' || i FROM n`);
  const hot = await scalar(`SELECT id FROM articles WHERE external_id = 'a1'`);
  const ordinary = await scalar(`SELECT id FROM articles WHERE external_id = 'a${Math.ceil(ARTICLES / 2)}'`);
  console.log(`${elapsed()}  ${ARTICLES.toLocaleString('en')} articles in ${dir}`);

  // Votes, in stages: each stage adds rows, then the counters are rebuilt and reads are timed.
  let votes = 0;
  for (const target of stages(VOTES)) {
    const adding = target - votes;
    const hotRows = Math.round(adding * HOT_SHARE);
    await client.execute(`INSERT INTO votes (article_id, reader_hash, reaction_key, created_at, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${hotRows})
      SELECT ${hot}, 'h' || (${votes} + i), ${sqlReaction('i')}, 0, 0 FROM n`);
    for (let from = 0; from < adding - hotRows; from += 500_000) {
      const rows = Math.min(500_000, adding - hotRows - from);
      await client.execute(`INSERT INTO votes (article_id, reader_hash, reaction_key, created_at, updated_at)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
        SELECT 1 + (i * 7919) % ${ARTICLES}, 'r' || (${votes + from} + i), ${sqlReaction('i')}, 0, 0 FROM n`);
    }
    votes = target;
    await client.execute('DELETE FROM reaction_counts');
    await client.execute('INSERT INTO reaction_counts (article_id, reaction_key, count) SELECT article_id, reaction_key, count(*) FROM votes GROUP BY article_id, reaction_key');
    await client.execute('UPDATE articles SET vote_count = coalesce((SELECT sum(count) FROM reaction_counts WHERE article_id = articles.id), 0)');
    const hotVotes = await scalar(`SELECT vote_count FROM articles WHERE id = ${hot}`);
    const hotRead = await time(() => tallyRead(db, hot, 'h1'));
    const ordinaryRead = await time(() => tallyRead(db, ordinary, 'nobody'));
    console.log(`${elapsed()}  ${votes.toLocaleString('en')} votes (hot article ${hotVotes.toLocaleString('en')}): tally read hot ${us(hotRead)}, ordinary ${us(ordinaryRead)}`);
    results.push({ stage: 'votes', votes, hotArticleVotes: hotVotes, tallyReadHotUs: hotRead, tallyReadOrdinaryUs: ordinaryRead });
  }

  // Comments, in stages; the page is the approved, newest-first keyset page the list serves.
  let comments = 0;
  for (const target of stages(COMMENTS)) {
    const adding = target - comments;
    const hotRows = Math.round(adding * HOT_SHARE * 4);
    await client.execute(`INSERT INTO comments (article_id, reader_hash, author_name, body, status, created_at, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${adding})
      SELECT CASE WHEN i <= ${hotRows} THEN ${hot} ELSE 1 + (i * 7919) % ${ARTICLES} END,
        'c' || (${comments} + i), 'Pembaca ' || i, 'Tanggapan nomor ' || i || ': artikel ini jelas dan berimbang.',
        CASE WHEN i % 20 = 0 THEN 'pending' ELSE 'approved' END, ${Date.UTC(2026, 0, 1)} + i, ${Date.UTC(2026, 0, 1)} + i FROM n`);
    comments = target;
    await client.execute(`UPDATE articles SET comment_count = (SELECT count(*) FROM comments WHERE article_id = articles.id AND status = 'approved')`);
    const hotComments = await scalar(`SELECT comment_count FROM articles WHERE id = ${hot}`);
    const deepCursor = await scalar(`SELECT id FROM comments WHERE article_id = ${hot} AND status = 'approved' ORDER BY id DESC LIMIT 1 OFFSET ${Math.floor(hotComments / 2)}`);
    const page = (cursor: number | null) =>
      client.execute({
        sql: `SELECT id, parent_id, author_name, body, like_count, reply_count, created_at, edited_at FROM comments
          WHERE article_id = ? AND status = 'approved' AND parent_id IS NULL AND id < ? ORDER BY id DESC LIMIT ${PAGE}`,
        args: [hot, cursor ?? Number.MAX_SAFE_INTEGER],
      });
    const first = await time(() => page(null));
    const deep = await time(() => page(deepCursor));
    console.log(`${elapsed()}  ${comments.toLocaleString('en')} comments (hot article ${hotComments.toLocaleString('en')}): first page ${us(first)}, page at the middle ${us(deep)}`);
    results.push({ stage: 'comments', comments, hotArticleComments: hotComments, firstPageUs: first, middlePageUs: deep });
  }
  const bytes = await scalar('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()');
  console.log(`${elapsed()}  done; database ${(bytes / 2 ** 20).toFixed(0)} MB`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/data.json'),
    `${JSON.stringify({ date: new Date().toISOString(), articles: ARTICLES, votes: VOTES, comments: COMMENTS, seconds: (performance.now() - started) / 1000, results }, null, 2)}\n`,
  );
  console.log('wrote bench/results/data.json');
} finally {
  client.close();
  rmSync(dir, { recursive: true, force: true });
}

if (existsSync(join(root, 'bench/newsroom-data.ts'))) {
  console.log('\nNewsroom queries (bench/newsroom-data.ts):');
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/newsroom-data.ts')], { stdio: 'inherit', env: { ...process.env, ARTICLES: String(ARTICLES), VOTES: String(VOTES) } });
}

function sqlReaction(index: string): string {
  return `CASE (${index} * 31) % ${REACTIONS.length} ${REACTIONS.map((key, i) => `WHEN ${i} THEN '${key}'`).join(' ')} END`;
}

/**
 * Newsroom analytics at scale: builds a site with 100,000 articles and 10,000,000 votes (plus
 * 200,000 comments) in a temporary libsql file, then times the newsroom's queries against it.
 *
 *   npx tsx bench/newsroom-data.ts            # full size (a few minutes, ~1.5 GB on disk)
 *   ARTICLES=10000 VOTES=1000000 npx tsx bench/newsroom-data.ts   # quick look
 *
 * Votes are generated inside SQLite (recursive CTE, one multi-row INSERT … SELECT per batch of
 * articles) with the counter triggers dropped, and the aggregates are then built from the
 * votes in one pass each, exactly what the triggers would have produced. (Inserting 10M
 * votes through the triggers is the same work one row at a time, and takes far longer.)
 * Prints median and worst of several runs per query; the target is top-20 over 7 days < 200 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateNodeDatabase, openNodeDatabase } from '../src/db/node';
import { resolvePeriod } from '../src/newsroom/analytics/periods';
import { articleReport, exportArticles, overview, sectionMood, topArticles } from '../src/newsroom/analytics/service';
import { listQueue } from '../src/newsroom/moderation/service';
import { loadSite } from '../src/sites/service';

const ARTICLES = Number(process.env.ARTICLES ?? 100_000);
const VOTES = Number(process.env.VOTES ?? 10_000_000);
const RUNS = Number(process.env.NEWSROOM_RUNS ?? 7);
const DAY = 86_400_000;
const SPAN_DAYS = 365;
const NOW = Date.UTC(2026, 10, 26, 5, 0);
const START = NOW - SPAN_DAYS * DAY;
const SECTIONS = ['nasional', 'politik', 'ekonomi', 'metro', 'olahraga', 'teknologi', 'hiburan', 'internasional', 'gaya-hidup', 'opini'];
const REACTIONS = ['senang', 'terhibur', 'terinspirasi', 'tidak-peduli', 'terganggu', 'sedih', 'cemas', 'marah'];

const dir = mkdtempSync(join(tmpdir(), 'tanggap-bench-'));
const { client, db } = await openNodeDatabase(`file:${join(dir, 'bench.db')}`);
const started = performance.now();
const step = (label: string) => console.log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${label}`);

try {
  await migrateNodeDatabase(db);
  await client.execute('PRAGMA synchronous = OFF');
  await client.execute('PRAGMA cache_size = -262144');
  console.log(`Building ${ARTICLES.toLocaleString('en')} articles and ${VOTES.toLocaleString('en')} votes in ${dir}`);
  for (const trigger of ['votes_after_insert', 'votes_daily_after_insert']) await client.execute(`DROP TRIGGER ${trigger}`);
  await client.execute(`INSERT INTO sites (id, name, origins, time_zone) VALUES ('bench', 'Bench Daily', '["https://bench.example"]', 'Asia/Jakarta')`);
  await client.execute(
    `INSERT INTO reactions (site_id, key, labels, emoji, position) VALUES ${REACTIONS.map((key, i) => `('bench', '${key}', '{"id":"${key}","en":"${key}"}', '🙂', ${i})`).join(', ')}`,
  );
  // Articles: one every ~5 minutes over a year, each in a section.
  const perArticleMs = Math.floor((SPAN_DAYS * DAY) / ARTICLES);
  for (let from = 0; from < ARTICLES; from += 1000) {
    const rows: string[] = [];
    for (let i = from; i < Math.min(ARTICLES, from + 1000); i++) {
      rows.push(`('bench', 'a${i}', 'https://bench.example/a${i}', 'Artikel ${i}', '${SECTIONS[i % SECTIONS.length]}', ${START + i * perArticleMs})`);
    }
    await client.execute(`INSERT INTO articles (site_id, external_id, url, title, section, first_seen_at) VALUES ${rows.join(', ')}`);
  }
  step('articles');
  // Votes: article popularity varies (0..2× the mean); each vote lands within 48 h of publication,
  // most in the first hours; reactions skew by article.
  const mean = VOTES / ARTICLES;
  const batch = Math.max(1, Math.floor(1_000_000 / mean));
  await client.execute(`CREATE TEMP TABLE n (i INTEGER PRIMARY KEY)`);
  await client.execute(`INSERT INTO n (i) WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${Math.ceil(mean * 2)}) SELECT i FROM c`);
  for (let from = 1; from <= ARTICLES; from += batch) {
    await client.execute(`INSERT INTO votes (article_id, reader_hash, reaction_key, created_at, updated_at)
      SELECT id, reader, reaction, at, at FROM (
        SELECT a.id AS id, 'reader-' || n.i AS reader,
          CASE (a.id % 8 + abs(random()) % 4) % 8 ${REACTIONS.map((key, i) => `WHEN ${i} THEN '${key}'`).join(' ')} END AS reaction,
          min(${NOW - 1}, a.first_seen_at + (abs(random()) % 172800000) * (abs(random()) % 1000) / 1000) AS at
        FROM articles a JOIN n ON n.i <= ((a.id * 2654435761) % ${Math.ceil(mean * 2)}) + 1
        WHERE a.id >= ${from} AND a.id < ${from + batch})`);
    if ((from - 1) % (batch * 10) === 0) step(`votes for articles ${from}–${Math.min(ARTICLES, from + batch - 1)}`);
  }
  const [{ count: voteCount }] = (await client.execute('SELECT count(*) AS count FROM votes')).rows as unknown as [{ count: number }];
  step(`${Number(voteCount).toLocaleString('en')} votes`);
  await client.execute(`INSERT INTO reaction_counts (article_id, reaction_key, count) SELECT article_id, reaction_key, count(*) FROM votes GROUP BY article_id, reaction_key`);
  await client.execute(`INSERT INTO reaction_hourly (site_id, article_id, reaction_key, hour, delta, casts)
    SELECT 'bench', article_id, reaction_key, updated_at / 3600000, count(*), count(*) FROM votes GROUP BY article_id, reaction_key, updated_at / 3600000`);
  await client.execute(`INSERT INTO reaction_daily (site_id, article_id, reaction_key, day, delta, casts)
    SELECT site_id, article_id, reaction_key, hour / 24, sum(delta), sum(casts) FROM reaction_hourly GROUP BY article_id, reaction_key, hour / 24`);
  await client.execute(`UPDATE articles SET vote_count = (SELECT coalesce(sum(count), 0) FROM reaction_counts WHERE article_id = articles.id)`);
  step('aggregates');
  await client.execute(`INSERT INTO comments (article_id, reader_hash, author_name, body, status, created_at, updated_at, report_count)
    SELECT a.id, 'reader-' || n.i, 'Pembaca', 'Komentar ' || n.i, CASE WHEN n.i = 1 AND a.id % 50 = 0 THEN 'pending' ELSE 'approved' END,
      a.first_seen_at + n.i * 600000, a.first_seen_at + n.i * 600000, CASE WHEN a.id % 97 = 0 THEN 1 ELSE 0 END
    FROM articles a JOIN n ON n.i <= 2`);
  await client.execute('ANALYZE');
  step('comments, ANALYZE');
  const [{ hourly, daily }] = (await client.execute('SELECT (SELECT count(*) FROM reaction_hourly) AS hourly, (SELECT count(*) FROM reaction_daily) AS daily')).rows as unknown as [
    { hourly: number; daily: number },
  ];
  console.log(`  reaction_hourly ${Number(hourly).toLocaleString('en')} rows, reaction_daily ${Number(daily).toLocaleString('en')} rows\n`);

  const site = await loadSite({ db, siteId: 'bench' });
  const week = resolvePeriod({ name: '7d', timeZone: site.timeZone, now: NOW });
  const month = resolvePeriod({ name: '30d', timeZone: site.timeZone, now: NOW });
  const today = resolvePeriod({ name: 'today', timeZone: site.timeZone, now: NOW });
  const recent = `a${ARTICLES - 200}`;
  const queries: [string, () => Promise<unknown>][] = [
    ['top-20 by votes, 7 days', () => topArticles({ db, site, period: week, by: { kind: 'votes' }, limit: 20 })],
    ['top-20 by "marah", 7 days', () => topArticles({ db, site, period: week, by: { kind: 'reaction', key: 'marah' }, limit: 20 })],
    ['top-20 by comments, 7 days', () => topArticles({ db, site, period: week, by: { kind: 'comments' }, limit: 20 })],
    ['top-20 by votes, 30 days', () => topArticles({ db, site, period: month, by: { kind: 'votes' }, limit: 20 })],
    ['top-20 by votes, today', () => topArticles({ db, site, period: today, by: { kind: 'votes' }, limit: 20 })],
    ['overview, 7 days', () => overview({ db, site, period: week, now: NOW })],
    ['mood by section, 7 days', () => sectionMood({ db, site, period: week })],
    ['one article, 7 days', () => articleReport({ db, site, externalId: recent, period: week, now: NOW })],
    ['export per article, 7 days', () => exportArticles({ db, site, period: week })],
    ['moderation queue (pending)', () => listQueue({ db, siteId: site.id, filter: { queue: 'pending', limit: 50 }, now: NOW })],
  ];
  console.log(`${'query'.padEnd(30)} ${'median'.padStart(9)} ${'worst'.padStart(9)}  (${RUNS} runs)`);
  for (const [name, run] of queries) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`${name.padEnd(30)} ${median.toFixed(1).padStart(7)} ms ${times.at(-1)!.toFixed(1).padStart(7)} ms`);
  }
} finally {
  client.close();
  rmSync(dir, { recursive: true, force: true });
}

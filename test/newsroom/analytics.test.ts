import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app';
import { parseCsv } from '../helpers/csv';
import { createArticle, createSite } from '../helpers/factories';
import { commentAt, keyHeader, voteAt } from '../helpers/newsroom';

/**
 * A fixture with known answers. The site is in Asia/Jakarta (UTC+7); "now" is 2026-11-26
 * 12:00 WIB (05:00 UTC). Local midnight of the 26th is 2026-11-25T17:00Z, so a vote at
 * 16:30Z belongs to the 25th (23:00 local hour) and one at 17:10Z to the 26th (00:00).
 */
const NOW = Date.UTC(2026, 10, 26, 5, 0);
const at = (iso: string) => Date.parse(iso);

const harness = await testApp({ now: () => NOW });
const { db, call } = harness;
const site = await createSite(db, { reactionKeys: ['senang', 'marah', 'sedih'], timeZone: 'Asia/Jakarta' });
const politik = await createArticle(db, site.id, { externalId: 'politik-1', section: 'politik', author: 'Siti Rahma', publishedAt: Date.UTC(2026, 10, 25, 15), title: 'RUU baru disahkan' });
const olahraga = await createArticle(db, site.id, { externalId: 'bola-1', section: 'olahraga', author: 'Budi', title: '=Timnas menang' });
const old = await createArticle(db, site.id, { externalId: 'lama-1', section: 'politik', title: 'Berita lama' });
let viewer: Record<string, string>;

beforeAll(async () => {
  viewer = await keyHeader(db, site.id, 'viewer');
  // politik-1: 3 marah, 1 senang; one reader later moves senang -> marah.
  await voteAt(db, politik.id, 'r1', 'marah', at('2026-11-25T16:30:00Z')); // 25th, 23:xx local
  await voteAt(db, politik.id, 'r2', 'marah', at('2026-11-25T17:10:00Z')); // 26th, 00:xx local
  await voteAt(db, politik.id, 'r3', 'senang', at('2026-11-26T01:05:00Z')); // 26th, 08:xx local
  await voteAt(db, politik.id, 'r3', 'marah', at('2026-11-26T02:20:00Z')); // moved, 09:xx local
  // bola-1: 2 senang today, 1 sedih.
  await voteAt(db, olahraga.id, 'r4', 'senang', at('2026-11-26T01:10:00Z'));
  await voteAt(db, olahraga.id, 'r5', 'senang', at('2026-11-26T01:50:00Z'));
  await voteAt(db, olahraga.id, 'r6', 'sedih', at('2026-11-26T03:00:00Z'));
  // lama-1: votes ten days ago are outside 7d.
  await voteAt(db, old.id, 'r7', 'sedih', at('2026-11-15T03:00:00Z'));
  await commentAt(db, politik.id, { at: at('2026-11-26T02:00:00Z') });
  await commentAt(db, politik.id, { at: at('2026-11-26T02:30:00Z') });
  await commentAt(db, olahraga.id, { at: at('2026-11-25T16:59:00Z') }); // yesterday, local
  await commentAt(db, olahraga.id, { status: 'pending', at: at('2026-11-26T03:00:00Z') });
  await commentAt(db, politik.id, { at: at('2026-11-26T03:30:00Z'), reportCount: 2 });
});

const base = `/v1/newsroom/sites/${site.id}`;

describe('overview', () => {
  it('counts today in the site time zone, across UTC midnight', async () => {
    const { status, body } = await call('GET', `${base}/overview?period=today`, undefined, viewer);
    expect(status).toBe(200);
    expect(body.period).toMatchObject({ from: '2026-11-26', to: '2026-11-26', timeZone: 'Asia/Jakarta' });
    // Today: r2 marah, r3 senang, r3 move to marah, r4, r5 senang, r6 sedih = 6 casts; net 5.
    expect(body.votes).toBe(6);
    expect(body.netVotes).toBe(5);
    const mix = Object.fromEntries(body.reactions.map((r: any) => [r.key, r.votes]));
    expect(mix).toEqual({ senang: 3, marah: 2, sedih: 1 });
    expect(body.reactions.reduce((sum: number, r: any) => sum + r.percent, 0)).toBe(100);
    expect(body.comments).toMatchObject({ approved: 3, pending: 1, total: 4 });
    expect(body.queue).toEqual({ pending: 1, reported: 1 });
    expect(body.hourly[0]).toEqual({ hour: at('2026-11-25T17:00:00Z') / 3_600_000, start: '2026-11-26T00:00:00+07:00', votes: 1 });
    expect(body.hourly).toHaveLength(13); // 00:00 .. 12:00 local, up to now
    expect(body.busiestHours[0]).toEqual({ hour: 8, votes: 3 });
  });

  it('counts the last seven local days, excluding older votes', async () => {
    const { body } = await call('GET', `${base}/overview?period=7d`, undefined, viewer);
    expect(body.period).toMatchObject({ from: '2026-11-20', to: '2026-11-26' });
    expect(body.votes).toBe(7);
    const hours = Object.fromEntries(body.hoursOfDay.filter((h: any) => h.votes > 0).map((h: any) => [h.hour, h.votes]));
    expect(hours).toEqual({ 23: 1, 0: 1, 8: 3, 9: 1, 10: 1 });
  });

  it('takes custom dates and refuses a half-given custom period', async () => {
    const custom = await call('GET', `${base}/overview?period=custom&from=2026-11-15&to=2026-11-15`, undefined, viewer);
    expect(custom.body.votes).toBe(1);
    const bad = await call('GET', `${base}/overview?period=custom&from=2026-11-15`, undefined, viewer);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('from');
  });
});

describe('top articles', () => {
  it('ranks by votes in the period with sections and the reaction mix', async () => {
    const { status, body } = await call('GET', `${base}/top-articles?period=7d`, undefined, viewer);
    expect(status).toBe(200);
    expect(body.articles.map((a: any) => [a.id, a.section, a.votes])).toEqual([
      ['politik-1', 'politik', 4],
      ['bola-1', 'olahraga', 3],
    ]);
    expect(body.articles[0].reactions).toEqual({ marah: 3, senang: 1 });
    expect(body.articles[0].comments).toBe(3);
  });

  it('ranks by one reaction and by comments', async () => {
    const sad = await call('GET', `${base}/top-articles?period=30d&by=reaction&reaction=sedih`, undefined, viewer);
    expect(sad.body.articles.map((a: any) => [a.id, a.score])).toEqual([
      ['lama-1', 1],
      ['bola-1', 1],
    ]); // ties: the newer article first
    const talked = await call('GET', `${base}/top-articles?period=today&by=comments`, undefined, viewer);
    expect(talked.body.articles.map((a: any) => [a.id, a.score])).toEqual([['politik-1', 3]]);
    const unknown = await call('GET', `${base}/top-articles?by=reaction&reaction=bingung`, undefined, viewer);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('reaction');
  });
});

describe('article report', () => {
  it('gives the tally, the hourly series in local time and comments by status', async () => {
    const { status, body } = await call('GET', `${base}/articles/politik-1?period=7d`, undefined, viewer);
    expect(status).toBe(200);
    expect(body.tally.map((r: any) => [r.key, r.count])).toEqual([
      ['senang', 0],
      ['marah', 3],
      ['sedih', 0],
    ]);
    expect(body.total).toBe(3);
    const nonZero = body.series.points.filter((p: any) => p.total > 0).map((p: any) => [p.start, p.votes]);
    expect(nonZero).toEqual([
      ['2026-11-25T23:00:00+07:00', { marah: 1 }],
      ['2026-11-26T00:00:00+07:00', { marah: 1 }],
      ['2026-11-26T08:00:00+07:00', { senang: 1 }],
      ['2026-11-26T09:00:00+07:00', { marah: 1 }],
    ]);
    expect(body.comments).toMatchObject({ approved: 3, pending: 0, reported: 1 });
  });

  it('answers 404 for an article the site has not seen', async () => {
    const { status } = await call('GET', `${base}/articles/nope?period=7d`, undefined, viewer);
    expect(status).toBe(404);
  });
});

describe('mood by section', () => {
  it('sums votes per reaction per section with the dominant reaction', async () => {
    const { body } = await call('GET', `${base}/sections?period=30d`, undefined, viewer);
    expect(body.sections).toEqual([
      { section: 'politik', votes: 5, reactions: { marah: 3, senang: 1, sedih: 1 }, top: 'marah' },
      { section: 'olahraga', votes: 3, reactions: { senang: 2, sedih: 1 }, top: 'senang' },
    ]);
  });
});

describe('mood by author', () => {
  it('sums votes per reaction per byline, articles without one together', async () => {
    const { status, body } = await call('GET', `${base}/authors?period=30d`, undefined, viewer);
    expect(status).toBe(200);
    expect(body.authors).toEqual([
      { author: 'Siti Rahma', votes: 4, reactions: { marah: 3, senang: 1 }, top: 'marah' },
      { author: 'Budi', votes: 3, reactions: { senang: 2, sedih: 1 }, top: 'senang' },
      { author: null, votes: 1, reactions: { sedih: 1 }, top: 'sedih' },
    ]);
  });

  it('refuses a bad period and a caller without a key', async () => {
    expect((await call('GET', `${base}/authors?period=1y`, undefined, viewer)).status).toBe(400);
    expect((await call('GET', `${base}/authors?period=7d`)).status).toBe(401);
  });
});

describe('top articles in one section', () => {
  it('ranks only that section\'s articles, by votes or by comments', async () => {
    const politics = await call('GET', `${base}/top-articles?period=30d&section=politik`, undefined, viewer);
    expect(politics.body.articles.map((a: any) => [a.id, a.section, a.author, a.votes])).toEqual([
      ['politik-1', 'politik', 'Siti Rahma', 4],
      ['lama-1', 'politik', null, 1],
    ]);
    expect(politics.body.articles[0].publishedAt).toBe(Date.UTC(2026, 10, 25, 15));
    const sport = await call('GET', `${base}/top-articles?period=7d&by=comments&section=olahraga`, undefined, viewer);
    expect(sport.body.articles.map((a: any) => [a.id, a.score])).toEqual([['bola-1', 1]]);
    const bySiti = await call('GET', `${base}/top-articles?period=30d&author=${encodeURIComponent('Siti Rahma')}`, undefined, viewer);
    expect(bySiti.body.articles.map((a: any) => a.id)).toEqual(['politik-1']);
    const none = await call('GET', `${base}/top-articles?period=30d&section=${encodeURIComponent('Tidak ada')}`, undefined, viewer);
    expect(none.body.articles).toEqual([]);
  });

  it('refuses a section that no page could have sent, naming the field', async () => {
    const { status, body } = await call('GET', `${base}/top-articles?period=7d&section=${'x'.repeat(81)}`, undefined, viewer);
    expect(status).toBe(400);
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(['section']);
  });
});

describe('exports', () => {
  it('carries each article\'s section, author and publication time', async () => {
    const { body } = await call('GET', `${base}/export/articles?period=7d&format=json`, undefined, viewer);
    expect(body.columns.slice(0, 7)).toEqual(['article', 'title', 'url', 'section', 'author', 'publishedAt', 'votes']);
    const politics = body.rows.find((row: any) => row.article === 'politik-1');
    expect(politics).toMatchObject({ section: 'politik', author: 'Siti Rahma', publishedAt: '2026-11-25T15:00:00.000Z' });
    expect(body.rows.find((row: any) => row.article === 'bola-1')).toMatchObject({ author: 'Budi', publishedAt: '' });
  });

  it('CSV parses to the same rows as JSON, with a BOM and formula-safe cells', async () => {
    const json = await call('GET', `${base}/export/articles?period=7d&format=json`, undefined, viewer);
    const csv = await harness.app.request(`${base}/export/articles?period=7d&format=csv`, { headers: viewer });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.csv"/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(json.body.columns);
    const parsed = rows.slice(1).map((cells) =>
      Object.fromEntries(cells.map((cell, i) => {
        const column = json.body.columns[i];
        const value = /^-?\d+$/.test(cell) ? Number(cell) : cell.replace(/^'(?=[=+\-@])/, '');
        return [column, value];
      })),
    );
    expect(parsed).toEqual(json.body.rows);
    expect(text).toContain("'=Timnas menang");
    expect(text).not.toMatch(/r[1-7]\b|reader/);
  });

  it('exports hourly aggregates in local time', async () => {
    const { body } = await call('GET', `${base}/export/hourly?period=today&format=json&article=politik-1`, undefined, viewer);
    expect(body.rows).toEqual([
      { hour: '2026-11-26T00:00:00+07:00', reaction: 'marah', votes: 1, net: 1 },
      { hour: '2026-11-26T08:00:00+07:00', reaction: 'senang', votes: 1, net: 1 },
      { hour: '2026-11-26T09:00:00+07:00', reaction: 'marah', votes: 1, net: 1 },
      { hour: '2026-11-26T09:00:00+07:00', reaction: 'senang', votes: 0, net: -1 },
    ]);
  });
});

describe('daily aggregate', () => {
  it('moves with every vote, change and withdrawal exactly as the hourly one does', async () => {
    await db.run(sql`DELETE FROM votes WHERE article_id = ${olahraga.id} AND reader_hash = 'r6'`);
    const drift = await db.all(sql`
      SELECT d.article_id, d.reaction_key, d.total, h.total AS hourly, coalesce(c.count, 0) AS counted FROM
        (SELECT article_id, reaction_key, sum(delta) AS total, sum(casts) AS casts FROM reaction_daily GROUP BY 1, 2) d
        JOIN (SELECT article_id, reaction_key, sum(delta) AS total, sum(casts) AS casts FROM reaction_hourly GROUP BY 1, 2) h USING (article_id, reaction_key)
        LEFT JOIN reaction_counts c USING (article_id, reaction_key)
      WHERE d.total <> h.total OR d.casts <> h.casts OR d.total <> coalesce(c.count, 0)`);
    expect(drift).toEqual([]);
    const [row] = await db.all<{ days: number }>(sql`SELECT count(*) AS days FROM reaction_daily`);
    expect(row!.days).toBeGreaterThan(0);
  });
});

describe('query plans', () => {
  it('every analytics query reads through an index, never scanning votes or counters', async () => {
    const { activityRows, commentsByStatusSql, queueCountsSql, siteHourlySql, topByVotesSql, topByCommentsSql, sectionMoodSql, moodSql, articleHourlySql } = await import(
      '../../src/newsroom/analytics/service'
    );
    const { resolvePeriod } = await import('../../src/newsroom/analytics/periods');
    const period = resolvePeriod({ name: '7d', timeZone: 'Asia/Jakarta', now: NOW });
    const queries = {
      activity: sql`SELECT * FROM (${activityRows({ siteId: site.id }, period.startHour, period.endHour)})`,
      activityForArticles: sql`SELECT * FROM (${activityRows({ siteId: site.id, articleIds: [politik.id, olahraga.id] }, period.startHour, period.endHour)})`,
      commentsByStatus: commentsByStatusSql(site.id, 0, NOW),
      queueCounts: queueCountsSql(site.id),
      siteHourly: siteHourlySql(site.id, period.startHour, period.endHour),
      topByVotes: topByVotesSql(site.id, period, 20),
      topByReaction: topByVotesSql(site.id, period, 20, { reactionKey: 'marah' }),
      topInSection: topByVotesSql(site.id, period, 20, { section: 'politik' }),
      topByReactionInSection: topByVotesSql(site.id, period, 20, { reactionKey: 'marah', section: 'politik' }),
      topByComments: topByCommentsSql(site.id, period, 20),
      topByCommentsInSection: topByCommentsSql(site.id, period, 20, { section: 'politik' }),
      topByAuthor: topByVotesSql(site.id, period, 20, { author: 'Siti Rahma' }),
      topByCommentsByAuthor: topByCommentsSql(site.id, period, 20, { author: 'Siti Rahma' }),
      sectionMood: sectionMoodSql(site.id, period),
      authorMood: moodSql(site.id, period, 'author'),
      articleHourly: articleHourlySql(politik.id, period.startHour, period.endHour),
    };
    for (const [name, query] of Object.entries(queries)) {
      const plan = await db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`);
      const details = plan.map((row) => row.detail);
      const tableScans = details.filter((detail) => /^SCAN (votes|reaction_\w+|comments|articles|comment_reports)\b/.test(detail));
      expect({ name, tableScans }).toEqual({ name, tableScans: [] });
      expect({ name, readsVotes: details.some((detail) => /\bvotes\b/.test(detail)) }).toEqual({ name, readsVotes: false });
      expect({ name, usesIndex: details.some((detail) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(detail)) }).toEqual({ name, usesIndex: true });
      if (name === 'topInSection') expect(details.some((detail) => /articles_site_section/.test(detail))).toBe(true);
      if (name === 'topByAuthor') expect(details.some((detail) => /articles_site_author/.test(detail))).toBe(true);
    }
  });
});

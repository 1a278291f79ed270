import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/newsroom/analytics/csv';
import { articleExportTable, standingTally } from '../../src/newsroom/analytics/service';
import { pollView } from '../../src/reactions/service';
import { loadSite } from '../../src/sites/service';
import { withChoice } from '../../src/widget/state';
import { testApp } from '../helpers/app';
import { parseCsv } from '../helpers/csv';
import { createArticle, createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

/**
 * Issue 12: a tally's percents are the same wherever they are shown — the poll (and the
 * widget's optimistic copy of it), the dashboard's article report, and the per-article export
 * as JSON and CSV. For [36, 55, 1, 40, 42, 42] the poll once said 17/26/0 and the dashboard
 * 17/25/1. Each side is read through the code that builds its answer, not through the shared
 * formula itself.
 */

const NOW = Date.UTC(2026, 10, 26, 5, 0);
const KEYS = ['senang', 'terinspirasi', 'terkejut', 'sedih', 'marah', 'takut'];

const harness = await testApp({ now: () => NOW });
const { db, call } = harness;
const siteRow = await createSite(db, { reactionKeys: KEYS, timeZone: 'Asia/Jakarta' });
const site = await loadSite({ db, siteId: siteRow.id });
let viewer: Record<string, string>;
beforeAll(async () => {
  viewer = await keyHeader(db, site.id, 'viewer');
});

/** Small counts make exact ties and near-ties common; large ones check the integer arithmetic. */
const tallies = fc.array(fc.oneof(fc.nat(60), fc.nat(5_000_000)), { minLength: KEYS.length, maxLength: KEYS.length });

/** Percents per reaction from each place that shows them, for one tally held in memory. */
function shownPercents(counts: number[]) {
  const byKey = new Map(KEYS.map((key, i) => [key, counts[i]!]));
  const poll = pollView({ site, externalId: 'a-1', article: { pollOpen: true, commentsOpen: true, commentsKeptOpen: false, firstVoteAt: null, commentCount: 0 }, counts: Object.fromEntries(byKey), choice: null, locale: 'id', now: 0 });
  const widget = withChoice(poll, poll.choice);
  const dashboard = standingTally(site, byKey);
  const table = articleExportTable(
    site,
    KEYS.map((key, i) => ({ articleId: 1, externalId: 'a-1', title: null, url: null, section: null, author: null, publishedAt: null, reactionKey: key, casts: counts[i]! })),
    new Map(),
  );
  const [header, row] = parseCsv(toCsv(table.columns, table.rows));
  return {
    poll: poll.reactions.map((r) => r.percent),
    widget: widget.reactions.map((r) => r.percent),
    dashboard: dashboard.tally.map((r) => r.percent),
    json: KEYS.map((key) => table.rows[0]![`${key}_percent`]),
    csv: KEYS.map((key) => Number(row![header!.indexOf(`${key}_percent`)])),
  };
}

describe('one percent formula', () => {
  it('the poll, the widget, the dashboard and both exports agree on 10,000 random tallies', () => {
    fc.assert(
      fc.property(tallies, (counts) => {
        const { poll, ...others } = shownPercents(counts);
        for (const shown of Object.values(others)) expect(shown).toEqual(poll);
      }),
      { numRuns: 10_000, examples: [[[36, 55, 1, 40, 42, 42]]] },
    );
  });

  it('the issue\'s tally reads 17/26/0/19/19/19 everywhere', () => {
    for (const shown of Object.values(shownPercents([36, 55, 1, 40, 42, 42]))) expect(shown).toEqual([17, 26, 0, 19, 19, 19]);
  });

  // Each run exports every article stored so far, so the cost grows with the square of the runs:
  // 60 tallies keep it quick on a loaded machine while the 10,000 in-memory runs above cover the formula.
  it('the routes serve those same percents for tallies stored by real votes', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(40), { minLength: KEYS.length, maxLength: KEYS.length }), async (counts) => {
        const article = await createArticle(db, site.id, { externalId: `agree-${run++}` });
        const votes = KEYS.flatMap((key, i) => Array.from({ length: counts[i]! }, (_, n) => sql`(${article.id}, ${`${key}-${n}`}, ${key}, ${NOW}, ${NOW})`));
        if (votes.length > 0) {
          await db.run(sql`INSERT INTO votes (article_id, reader_hash, reaction_key, created_at, updated_at) VALUES ${sql.join(votes, sql`, `)}`);
        }
        const poll = await call('GET', `/v1/sites/${site.id}/articles/${article.externalId}/poll`);
        const report = await call('GET', `/v1/newsroom/sites/${site.id}/articles/${article.externalId}?period=today`, undefined, viewer);
        const exported = await call('GET', `/v1/newsroom/sites/${site.id}/export/articles?period=today&format=json`, undefined, viewer);
        const csv = parseCsv(await (await harness.app.request(`/v1/newsroom/sites/${site.id}/export/articles?period=today&format=csv`, { headers: viewer })).text());
        const expected = poll.body.reactions.map((r: { percent: number }) => r.percent);
        expect(report.body.tally.map((r: { percent: number }) => r.percent)).toEqual(expected);
        const jsonRow = exported.body.rows.find((row: { article: string }) => row.article === article.externalId);
        const csvRow = csv.find((cells) => cells[0] === article.externalId);
        if (votes.length === 0) {
          expect(expected).toEqual(KEYS.map(() => 0));
          expect(jsonRow).toBeUndefined();
          return;
        }
        expect(KEYS.map((key) => jsonRow[`${key}_percent`])).toEqual(expected);
        expect(KEYS.map((key) => Number(csvRow![csv[0]!.indexOf(`${key}_percent`)]))).toEqual(expected);
      }),
      { numRuns: 60, examples: [[[36, 55, 1, 40, 40, 40]]] },
    );
  });
});

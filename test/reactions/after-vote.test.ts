import { beforeAll, describe, expect, it } from 'vitest';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

type Reaction = { key: string; count?: number; percent?: number };

/** Whether an answer carries any number a reader could learn the results from. */
const carriesResults = (poll: { reactions: Reaction[]; total?: number }) =>
  poll.total !== undefined || poll.reactions.some((reaction) => reaction.count !== undefined || reaction.percent !== undefined);

/**
 * Issue 13: with `resultVisibility: after-vote` the API itself, not only the widget, keeps the
 * results from a reader who has not voted while the poll is open; the newsroom sees them all.
 */
describe('after-vote results through the API', () => {
  it('gives no counts to the anonymous poll or to a reader who has not voted, and all of them after the vote', async () => {
    const site = await createSite(t.db, { reactionKeys: ['a', 'b'], settings: { resultVisibility: 'after-vote' } });
    const article = await createArticle(t.db, site.id);
    const poll = `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/poll`;
    const vote = `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/vote`;
    for (let i = 0; i < 3; i++) expect((await t.call('PUT', vote, { reader: readerToken(), reaction: 'a' })).status).toBe(200);

    const anonymous = await t.call('GET', poll);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.reactions.map((reaction: Reaction) => reaction.key)).toEqual(['a', 'b']);
    expect(carriesResults(anonymous.body)).toBe(false);

    const reader = readerToken();
    const before = await t.call('GET', `${poll}?reader=${reader}`);
    expect({ choice: before.body.choice, results: carriesResults(before.body) }).toEqual({ choice: null, results: false });

    const voted = await t.call('PUT', vote, { reader, reaction: 'b' });
    expect(voted.status).toBe(200);
    expect({ total: voted.body.total, counts: voted.body.reactions.map((reaction: Reaction) => reaction.count) }).toEqual({ total: 4, counts: [3, 1] });
    const after = await t.call('GET', `${poll}?reader=${reader}`);
    expect({ choice: after.body.choice, total: after.body.total, percents: after.body.reactions.map((reaction: Reaction) => reaction.percent) }).toEqual({
      choice: 'b',
      total: 4,
      percents: [75, 25],
    });

    const withdrawn = await t.call('DELETE', vote, { reader });
    expect({ choice: withdrawn.body.choice, results: carriesResults(withdrawn.body) }).toEqual({ choice: null, results: false });
    expect(carriesResults((await t.call('GET', poll)).body)).toBe(false);

    const newsroom = await t.call('GET', `/v1/newsroom/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}`, undefined, await keyHeader(t.db, site.id, 'viewer'));
    expect(newsroom.status).toBe(200);
    expect({ total: newsroom.body.total, counts: newsroom.body.tally.map((reaction: Reaction) => reaction.count) }).toEqual({ total: 3, counts: [3, 0] });
  });

  it('shows everyone the results once the poll is closed, and always on an `always` site', async () => {
    const site = await createSite(t.db, { reactionKeys: ['a', 'b'], settings: { resultVisibility: 'after-vote' } });
    const article = await createArticle(t.db, site.id, { pollOpen: false });
    expect(carriesResults((await t.call('GET', `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/poll`)).body)).toBe(true);
    const open = await createSite(t.db, { reactionKeys: ['a', 'b'] });
    const other = await createArticle(t.db, open.id);
    expect(carriesResults((await t.call('GET', `/v1/sites/${open.id}/articles/${encodeURIComponent(other.externalId)}/poll`)).body)).toBe(true);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { TallyCache } from '../../src/reactions/tally-cache';
import { readerToken, type TestApp, testApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

const tally = (count: number) => ({
  article: { pollOpen: true, commentsOpen: true, commentCount: 0 },
  counts: new Map([['a', count]]),
});

describe('tally cache', () => {
  it('refuses a fill from a read that started before a write committed', () => {
    const cache = new TallyCache();
    const ticket = cache.ticket();
    cache.invalidate(7);
    cache.fill(7, ticket, tally(1));
    expect(cache.get(7)).toBeUndefined();
    cache.fill(7, cache.ticket(), tally(2));
    expect(cache.get(7)?.counts.get('a')).toBe(2);
  });

  it('expires entries so writes from other processes show within the TTL', () => {
    const cache = new TallyCache(0);
    cache.fill(7, cache.ticket(), tally(1));
    expect(cache.get(7)).toBeUndefined();
  });
});

describe('cached poll reads', () => {
  const poll = '/v1/sites/demo/articles/cache-1/poll';
  const vote = '/v1/sites/demo/articles/cache-1/vote';

  it('shows a vote to the very next anonymous read, and a withdrawal too', async () => {
    expect((await t.call('GET', poll)).body.total).toBe(0);
    const reader = readerToken();
    await t.call('PUT', vote, { reader, reaction: 'sedih' });
    const afterVote = await t.call('GET', poll);
    expect(afterVote.body.total).toBe(1);
    expect(afterVote.body.reactions.find((r: { key: string }) => r.key === 'sedih').count).toBe(1);
    await t.call('DELETE', vote, { reader });
    expect((await t.call('GET', poll)).body.total).toBe(0);
  });

  it('gives a reader their own choice from a cached tally', async () => {
    await t.call('GET', poll);
    const reader = readerToken();
    await t.call('PUT', vote, { reader, reaction: 'marah' });
    await t.call('GET', poll);
    const mine = await t.call('GET', `${poll}?reader=${reader}`);
    expect(mine.body.choice).toBe('marah');
    expect((await t.call('GET', `${poll}?reader=${readerToken()}`)).body.choice).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/lib/events';
import { readerToken, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';

/**
 * Issue 12: a vote says what it did. The events reach the app's sink once the write has
 * committed; spike detection and webhooks read them instead of re-deriving a vote from an
 * HTTP method and status.
 */
const events: AppEvent[] = [];
const { db, call } = await testApp({ events: { emit: (event) => void events.push(event) } });
const site = await createSite(db, { reactionKeys: ['senang', 'sedih'] });
const vote = (reader: string, reaction: string) => call('PUT', `/v1/sites/${site.id}/articles/a-1/vote`, { reader, reaction });
const withdraw = (reader: string) => call('DELETE', `/v1/sites/${site.id}/articles/a-1/vote`, { reader });
const { id: articleId } = await createArticle(db, site.id, { externalId: 'a-1' });

describe('vote events', () => {
  it('a first vote is cast, a move is changed (naming the old reaction), a repeat says nothing', async () => {
    const reader = readerToken();
    events.length = 0;
    expect((await vote(reader, 'senang')).status).toBe(200);
    expect((await vote(reader, 'senang')).status).toBe(200);
    expect((await vote(reader, 'sedih')).status).toBe(200);
    expect(events).toEqual([
      { type: 'vote.cast', siteId: site.id, article: 'a-1', articleId, reaction: 'senang' },
      { type: 'vote.changed', siteId: site.id, article: 'a-1', articleId, reaction: 'sedih', previous: 'senang' },
    ]);
  });

  it('a withdrawal names the reaction it took back; withdrawing again says nothing', async () => {
    const reader = readerToken();
    await vote(reader, 'sedih');
    events.length = 0;
    expect((await withdraw(reader)).status).toBe(200);
    expect((await withdraw(reader)).status).toBe(200);
    expect(events).toEqual([{ type: 'vote.withdrawn', siteId: site.id, article: 'a-1', articleId, reaction: 'sedih' }]);
  });

  it('a refused vote says nothing', async () => {
    events.length = 0;
    expect((await vote(readerToken(), 'marah')).status).toBe(422);
    expect(events).toEqual([]);
  });
});

describe('the cache follows the events', () => {
  it('a vote ends the cached anonymous poll at once, though no service told the cache', async () => {
    const read = async () => (await call('GET', `/v1/sites/${site.id}/articles/a-1/poll`)).body.total as number;
    const before = await read();
    expect(await read()).toBe(before);
    expect((await vote(readerToken(), 'senang')).status).toBe(200);
    expect(await read()).toBe(before + 1);
  });
});

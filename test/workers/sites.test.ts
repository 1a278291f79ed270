import { describe, expect, it } from 'vitest';
import { call, readerToken } from './helpers';

const admin = { authorization: 'Bearer workers-instance-admin-key-0123456789' };

describe('sites on workerd + D1', () => {
  it('creates a site in one batch, counts a vote from its origin, and counts a refused origin', async () => {
    const created = await call('POST', '/v1/newsroom/sites', { id: 'kabar-w', name: 'Kabar di Worker', origins: ['https://www.kabar.example'] }, admin);
    expect(created.status).toBe(201);
    expect(created.body.reactions).toHaveLength(8);
    const vote = await call('PUT', '/v1/sites/kabar-w/articles/w-1/vote', { reader: readerToken(), reaction: 'senang' }, { origin: 'https://www.kabar.example' });
    expect(vote.status).toBe(200);
    expect(vote.body.total).toBe(1);
    expect((await call('GET', `/v1/sites/kabar-w/articles/w-1/poll?url=${encodeURIComponent('https://www.kabar.example/ekonomi/w-1?x=1')}`, undefined, { origin: 'https://www.kabar.example' })).status).toBe(200);
    const refused = await call('PUT', '/v1/sites/kabar-w/articles/w-1/vote', { reader: readerToken(), reaction: 'senang' }, { origin: 'https://mirror.example' });
    expect(refused.status).toBe(403);
    const settings = await call('GET', '/v1/newsroom/sites/kabar-w/settings', undefined, admin);
    expect(settings.body.install.script).toBe('<script async src="https://tanggap.test/widget.js" data-site="kabar-w" data-article="ARTICLE-ID"></script>');
    expect(settings.body.lastSeen.pages).toEqual([expect.objectContaining({ origin: 'https://www.kabar.example', path: '/ekonomi/w-1' })]);
    expect(settings.body.lastSeen.refusals).toEqual([expect.objectContaining({ origin: 'https://mirror.example', count: 1 })]);
  });

  it('deletes a site with everything under it once its id is repeated', async () => {
    expect((await call('DELETE', '/v1/newsroom/sites/kabar-w', { confirm: 'kabar' }, admin)).status).toBe(422);
    const deleted = await call('DELETE', '/v1/newsroom/sites/kabar-w', { confirm: 'kabar-w' }, admin);
    expect(deleted.status).toBe(200);
    expect(deleted.body.removed).toMatchObject({ articles: 1, votes: 1 });
    expect((await call('GET', '/v1/sites/kabar-w/articles/w-1/poll')).status).toBe(404);
  });
});

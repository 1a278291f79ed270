import { describe, expect, it } from 'vitest';
import { articleIdOf, call, readerToken, settle } from './helpers';

const admin = { authorization: 'Bearer workers-instance-admin-key-0123456789' };

describe('newsroom on workerd + D1', () => {
  it('accepts TANGGAP_ADMIN_KEY as the instance admin and refuses anyone else', async () => {
    const me = await call('GET', '/v1/newsroom/me', undefined, admin);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ siteId: null, role: 'admin' });
    expect((await call('GET', '/v1/newsroom/me')).status).toBe(401);
    expect((await call('GET', '/v1/newsroom/me', undefined, { authorization: 'Bearer workers-instance-admin-key-0123456780' })).status).toBe(401);
  });

  it('reports fresh votes from the aggregates on D1 once the article\'s object has rolled them up', async () => {
    for (const reaction of ['marah', 'marah', 'sedih']) {
      const answer = await call('PUT', '/v1/sites/demo/articles/w-newsroom/vote', { reader: readerToken(), reaction, title: 'Di Worker' });
      expect(answer.status).toBe(200);
    }
    await settle(await articleIdOf('w-newsroom'), 1);
    const overview = await call('GET', '/v1/newsroom/sites/demo/overview?period=today', undefined, admin);
    expect(overview.status).toBe(200);
    expect(overview.body.votes).toBe(3);
    const top = await call('GET', '/v1/newsroom/sites/demo/top-articles?period=7d&by=reaction&reaction=marah', undefined, admin);
    expect(top.body.articles[0]).toMatchObject({ id: 'w-newsroom', title: 'Di Worker', score: 2 });
    const queue = await call('GET', '/v1/newsroom/sites/demo/moderation/queue?queue=reported', undefined, admin);
    expect(queue.status).toBe(200);
    const csv = await call('GET', '/v1/newsroom/sites/demo/export/articles?period=today&format=csv', undefined, admin);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.body).toContain('w-newsroom');
  });

  it('serves the dashboard with a strict CSP and a __Host- session cookie over https', async () => {
    const page = await call('GET', '/newsroom/login');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const login = await call('POST', '/v1/newsroom/session', { key: 'workers-instance-admin-key-0123456789' });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/^__Host-tanggap_session=.*HttpOnly.*Secure.*SameSite=Strict/i);
  });
});

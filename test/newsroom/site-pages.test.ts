import { describe, expect, it } from 'vitest';
import { TEST_SECRET, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { commentAt } from '../helpers/newsroom';
import { createKey } from '../../src/newsroom/access/service';

const ADMIN_KEY = 'site-pages-instance-admin-key-0123456789';
const { db, app, call } = await testApp({ config: { adminKey: ADMIN_KEY } });

async function signIn(key: string) {
  const login = await app.request('/newsroom/login', { method: 'POST', body: new URLSearchParams({ key }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(login.status).toBe(303);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await app.request('/newsroom/new-site', { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}

function post(path: string, session: { cookie: string; csrf: string }, fields: Record<string, string>) {
  const body = new URLSearchParams({ _csrf: session.csrf, ...fields });
  return app.request(path, { method: 'POST', body, headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}

const get = async (path: string, cookie: string) => {
  const response = await app.request(path, { headers: { cookie } });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
};

describe('the instance admin manages sites from the dashboard', () => {
  it('lists every site with a "Situs baru" link, in Indonesian and in English', async () => {
    const { cookie } = await signIn(ADMIN_KEY);
    const list = await get('/newsroom', cookie);
    expect(list.status).toBe(200);
    expect(list.html).toContain('href="/newsroom/new-site"');
    expect(list.html).toContain('Situs baru');
    expect(list.html).toContain('<code>demo</code>');
    expect(list.html).toContain('<code>contoh</code>');
    expect((await get('/newsroom?lang=en', cookie)).html).toContain('New site');
  });

  it('creates a site from the "Situs baru" form, with the API\'s validation, then shows how to install it', async () => {
    const session = await signIn(ADMIN_KEY);
    const bad = await post('/newsroom/new-site', session, { id: 'Kabar Kita', name: '', origins: 'www.kabarkita.id', reactionSet: 'indonesian-8' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    for (const field of ['id', 'name', 'origins.0']) expect(badHtml).toContain(`<strong>${field}</strong>`);
    expect(badHtml).toContain('value="Kabar Kita"');
    expect((await call('GET', '/v1/newsroom/sites/kabar-kita', undefined, { authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(404);

    const good = await post('/newsroom/new-site', session, { id: 'kabar-kita', name: 'Kabar Kita', origins: 'https://www.kabarkita.id\nhttps://m.kabarkita.id/', reactionSet: 'seed-4', defaultLocale: 'id', timeZone: 'Asia/Makassar' });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/newsroom/sites/kabar-kita/settings?done=saved');
    const created = await call('GET', '/v1/newsroom/sites/kabar-kita', undefined, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(created.body).toMatchObject({ origins: ['https://www.kabarkita.id', 'https://m.kabarkita.id'], timeZone: 'Asia/Makassar' });
    expect(created.body.reactions.map((r: any) => r.key)).toEqual(['happy', 'inspire', 'confuse', 'sad']);

    const settings = await get('/newsroom/sites/kabar-kita/settings', session.cookie);
    expect(settings.html).toContain('Pemasangan');
    expect(settings.html).toContain('&lt;script async src=&quot;http://localhost/widget.js&quot; data-site=&quot;kabar-kita&quot; data-article=&quot;ARTICLE-ID&quot;&gt;&lt;/script&gt;');
    expect(settings.html).toContain('Terakhir terlihat');
    expect(settings.html).toContain('Widget belum pernah dimuat');

    const again = await post('/newsroom/new-site', session, { id: 'kabar-kita', name: 'Lagi', origins: 'https://x.example', reactionSet: 'indonesian-8' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('sudah ada');
  });

  it('shows sightings and refusals on the settings page', async () => {
    const site = await createSite(db, { origins: ['https://seen.example'] });
    await call('GET', `/v1/sites/${site.id}/articles/a/poll?url=${encodeURIComponent('https://seen.example/berita/satu?x=1')}`, undefined, { origin: 'https://seen.example' });
    await call('GET', `/v1/sites/${site.id}/articles/a/poll`, undefined, { origin: 'https://staging.seen.example' });
    const { cookie } = await signIn(ADMIN_KEY);
    const page = await get(`/newsroom/sites/${site.id}/settings?lang=en`, cookie);
    expect(page.html).toContain('<code>https://seen.example/berita/satu</code>');
    expect(page.html).toContain('<code>https://staging.seen.example</code>');
    expect(page.html).toContain('If one of these origins is yours');
  });

  it('deletes a site only when its id is typed again, after showing what will be lost', async () => {
    const site = await createSite(db);
    const article = await createArticle(db, site.id);
    await commentAt(db, article.id);
    const session = await signIn(ADMIN_KEY);
    const page = await get(`/newsroom/sites/${site.id}/delete`, session.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/1 artikel/);
    expect(page.html).toMatch(/1 komentar/);
    const wrong = await post(`/newsroom/sites/${site.id}/delete`, session, { confirm: 'demo' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain(`Ketik ulang id situs "${site.id}"`.replace(/"/g, '&quot;'));
    expect((await call('GET', `/v1/newsroom/sites/${site.id}`, undefined, { authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(200);
    const forged = await app.request(`/newsroom/sites/${site.id}/delete`, { method: 'POST', body: new URLSearchParams({ confirm: site.id }), headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.status).toBe(403);
    const done = await post(`/newsroom/sites/${site.id}/delete`, session, { confirm: site.id });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/newsroom?done=deleted');
    expect((await get('/newsroom?done=deleted', session.cookie)).html).toContain('Situs dihapus.');
    expect((await call('GET', `/v1/newsroom/sites/${site.id}`, undefined, { authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(404);
  });

  it('keeps site keys out: a site admin is sent to its site and refused the instance pages', async () => {
    const site = await createSite(db);
    const { key } = await createKey({ db, secret: TEST_SECRET, siteId: site.id, role: 'admin', name: 'site admin' });
    const session = await signIn(key);
    const home = await get('/newsroom', session.cookie);
    expect(home.status).toBe(303);
    expect(home.location).toBe(`/newsroom/sites/${site.id}`);
    expect((await get('/newsroom/new-site', session.cookie)).status).toBe(403);
    expect((await get(`/newsroom/sites/${site.id}/delete`, session.cookie)).status).toBe(403);
    expect((await post(`/newsroom/sites/${site.id}/delete`, session, { confirm: site.id })).status).toBe(403);
    expect((await post('/newsroom/new-site', session, { id: 'sneaky', name: 'x', origins: 'https://x.example' })).status).toBe(403);
    expect((await get(`/newsroom/sites/${site.id}/settings`, session.cookie)).html).not.toContain('/delete"');
  });
});

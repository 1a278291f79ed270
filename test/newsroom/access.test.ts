import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app';
import { recordingDb } from '../helpers/db';
import { createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';
import { createKey } from '../../src/newsroom/access/service';
import { appCache } from '../../src/lib/cache';
import { TEST_SECRET } from '../helpers/app';

const ADMIN_KEY = 'instance-admin-key-for-tests-0123456789';
const harness = await testApp({ config: { adminKey: ADMIN_KEY } });
const { db, call, app } = harness;
const site = await createSite(db);
const other = await createSite(db);

/** The role each newsroom route needs (`instance`: the instance admin only). Every registered route must be listed here. */
const required: Record<string, 'viewer' | 'moderator' | 'admin' | 'instance'> = {
  'GET /sites/:site': 'viewer',
  'PATCH /sites/:site': 'admin',
  'DELETE /sites/:site': 'instance',
  'GET /sites/:site/keys': 'admin',
  'POST /sites/:site/keys': 'admin',
  'DELETE /sites/:site/keys/:id': 'admin',
  'GET /sites/:site/overview': 'viewer',
  'GET /sites/:site/top-articles': 'viewer',
  'GET /sites/:site/articles/:article': 'viewer',
  'GET /sites/:site/sections': 'viewer',
  'GET /sites/:site/authors': 'viewer',
  'GET /sites/:site/export/articles': 'viewer',
  'GET /sites/:site/export/hourly': 'viewer',
  'GET /sites/:site/settings': 'admin',
  'GET /sites/:site/settings/limits': 'admin',
  'PATCH /sites/:site/settings': 'admin',
  'POST /sites/:site/reactions': 'admin',
  'PATCH /sites/:site/reactions/:key': 'admin',
  'PUT /sites/:site/reactions/order': 'admin',
  'POST /sites/:site/sso/secret': 'admin',
  'PUT /sites/:site/rules': 'admin',
  'DELETE /sites/:site/rules': 'admin',
  'PATCH /sites/:site/articles/:article': 'moderator',
  'GET /sites/:site/moderation/queue': 'moderator',
  'POST /sites/:site/moderation/actions': 'moderator',
  'POST /sites/:site/moderation/mutes': 'moderator',
  'DELETE /sites/:site/moderation/mutes/:id': 'moderator',
  'POST /sites/:site/moderation/picks': 'moderator',
  'DELETE /sites/:site/moderation/picks/:id': 'moderator',
  'GET /sites/:site/comments/:id': 'moderator',
  'GET /sites/:site/moderation/log': 'moderator',
  'GET /sites/:site/comments/:id/trust': 'moderator',
  'PUT /sites/:site/comments/:id/trust': 'moderator',
  'GET /sites/:site/export/complaints': 'viewer',
  'POST /sites/:site/orders': 'moderator',
  'GET /sites/:site/orders': 'moderator',
  'GET /sites/:site/export/orders': 'moderator',
  'GET /sites/:site/webhooks': 'admin',
  'POST /sites/:site/webhooks': 'admin',
  'DELETE /sites/:site/webhooks/:id': 'admin',
  'GET /sites/:site/webhooks/:id/deliveries': 'admin',
  'POST /sites/:site/webhooks/ping': 'admin',
};

const rank = { viewer: 0, moderator: 1, admin: 2, instance: 3 } as const;

const registered = [
  ...new Set(
    app.routes
      .filter((route) => route.method !== 'ALL' && route.path.startsWith('/v1/newsroom/sites/'))
      .map((route) => `${route.method} ${route.path.replace('/v1/newsroom', '')}`),
  ),
];

function concrete(path: string, siteId: string): string {
  return `/v1/newsroom${path.replace(':site', siteId).replace(':article', 'some-article').replace(':key', 'a').replace(':id', '999999')}`;
}

describe('auth matrix', () => {
  it('lists every newsroom route', () => {
    expect(registered.sort()).toEqual(Object.keys(required).sort());
  });

  it('answers 401 without credentials and with a wrong key, on every route', async () => {
    for (const route of registered) {
      const [method, path] = route.split(' ') as [string, string];
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const none = await call(method, concrete(path, site.id), body);
      expect({ route, status: none.status }).toEqual({ route, status: 401 });
      expect(none.body.error.code).toBe('unauthorized');
      const wrong = await call(method, concrete(path, site.id), body, { authorization: 'Bearer tgp_thisIsNotARealKeyAtAllSorry' });
      expect({ route, status: wrong.status }).toEqual({ route, status: 401 });
    }
  });

  it('answers 403 for another site and for a role below the one needed', async () => {
    const keys = {
      viewer: await keyHeader(db, site.id, 'viewer'),
      moderator: await keyHeader(db, site.id, 'moderator'),
      admin: await keyHeader(db, site.id, 'admin'),
    };
    const otherAdmin = await keyHeader(db, other.id, 'admin');
    const instance = { authorization: `Bearer ${ADMIN_KEY}` };
    for (const route of registered) {
      const [method, path] = route.split(' ') as [string, string];
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const foreign = await call(method, concrete(path, site.id), body, otherAdmin);
      expect({ route, who: 'other site admin', status: foreign.status }).toEqual({ route, who: 'other site admin', status: 403 });
      for (const role of ['viewer', 'moderator', 'admin'] as const) {
        const answer = await call(method, concrete(path, site.id), body, keys[role]);
        const allowed = rank[role] >= rank[required[route]!];
        const outcome = allowed ? ![401, 403].includes(answer.status) : answer.status === 403;
        expect({ route, role, status: answer.status, outcome }).toEqual({ route, role, status: answer.status, outcome: true });
      }
      const asInstance = await call(method, concrete(path, site.id), body, instance);
      expect({ route, who: 'instance admin', denied: [401, 403].includes(asInstance.status) }).toEqual({ route, who: 'instance admin', denied: false });
    }
  });
});

describe('keys', () => {
  it('shows a key once, stores only its hash, and a revoked key stops working', async () => {
    const admin = await keyHeader(db, site.id, 'admin');
    const created = await call('POST', `/v1/newsroom/sites/${site.id}/keys`, { name: 'Desk editor', role: 'viewer' }, admin);
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^tgp_[A-Za-z0-9_-]{32}$/);
    const stored = await db.all<{ key_hash: string }>(sql`SELECT key_hash FROM api_keys WHERE id = ${created.body.id}`);
    expect(stored[0]!.key_hash).not.toContain(created.body.key);
    const listed = await call('GET', `/v1/newsroom/sites/${site.id}/keys`, undefined, admin);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect(listed.body.keys.find((k: any) => k.id === created.body.id)).toMatchObject({ name: 'Desk editor', role: 'viewer', prefix: created.body.key.slice(0, 10) });
    const viewer = { authorization: `Bearer ${created.body.key}` };
    expect((await call('GET', `/v1/newsroom/sites/${site.id}/overview`, undefined, viewer)).status).toBe(200);
    expect((await call('DELETE', `/v1/newsroom/sites/${site.id}/keys/${created.body.id}`, undefined, admin)).status).toBe(204);
    expect((await call('GET', `/v1/newsroom/sites/${site.id}/overview`, undefined, viewer)).status).toBe(401);
  });

  it('refuses forged keys, many at once, without remembering any of them', async () => {
    const viewer = await keyHeader(db, site.id, 'viewer');
    expect((await call('GET', `/v1/newsroom/sites/${site.id}/overview`, undefined, viewer)).status).toBe(200);
    const entries = appCache(db).stats().entries;
    const forged = Array.from({ length: 200 }, (_, i) => ({ authorization: `Bearer tgp_forged-${i}-${'x'.repeat(28)}` }));
    const answers = await Promise.all(forged.map((headers) => call('GET', `/v1/newsroom/sites/${site.id}/overview`, undefined, headers)));
    expect(answers.map((answer) => answer.status)).toEqual(forged.map(() => 401));
    expect(appCache(db).stats().entries).toBe(entries);
    // The same forged key sent together: refused each time, never trusted from a shared verification.
    const twice = await Promise.all([0, 1, 2].map(() => call('GET', `/v1/newsroom/sites/${site.id}/overview`, undefined, forged[0])));
    expect(twice.map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect((await call('GET', `/v1/newsroom/sites/${site.id}/overview`, undefined, viewer)).status).toBe(200);
  });

  it('refuses bad key input with the field named', async () => {
    const admin = await keyHeader(db, site.id, 'admin');
    const bad = await call('POST', `/v1/newsroom/sites/${site.id}/keys`, { name: '', role: 'owner' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path).sort()).toEqual(['name', 'role']);
  });

  it('an instance key made outside TANGGAP_ADMIN_KEY does not count in production', async () => {
    const made = await createKey({ db, secret: TEST_SECRET, siteId: null, role: 'admin', name: 'stray' });
    const prod = await testApp({ db, config: { production: true, adminKey: ADMIN_KEY } });
    expect((await prod.call('GET', '/v1/newsroom/me', undefined, { authorization: `Bearer ${made.key}` })).status).toBe(401);
    const me = await prod.call('GET', '/v1/newsroom/me', undefined, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ siteId: null, role: 'admin' });
    expect(me.body.sites.map((s: any) => s.id)).toEqual(expect.arrayContaining([site.id, other.id, 'demo']));
  });
});

describe('sessions', () => {
  it('signs in to a signed HttpOnly SameSite=Strict cookie, demands CSRF for writes, and signs out', async () => {
    const { key } = await createKey({ db, secret: TEST_SECRET, siteId: site.id, role: 'moderator', name: 'mod' });
    const login = await call('POST', '/v1/newsroom/session', { key });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^tanggap_session=[^;]+\.[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(';')[0]!;
    const read = await call('GET', `/v1/newsroom/sites/${site.id}/moderation/queue`, undefined, { cookie });
    expect(read.status).toBe(200);
    const write = { action: 'approve', ids: [1] };
    const noCsrf = await call('POST', `/v1/newsroom/sites/${site.id}/moderation/actions`, write, { cookie });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');
    const withCsrf = await call('POST', `/v1/newsroom/sites/${site.id}/moderation/actions`, write, { cookie, 'x-csrf-token': login.body.csrfToken });
    expect(withCsrf.status).toBe(404); // passed auth and CSRF; there is no comment 1
    const tampered = cookie.replace(/=(.)/, (_, first) => `=${first === 'a' ? 'b' : 'a'}`);
    expect((await call('GET', `/v1/newsroom/sites/${site.id}/moderation/queue`, undefined, { cookie: tampered })).status).toBe(401);
    const signOutNoCsrf = await call('DELETE', '/v1/newsroom/session', undefined, { cookie });
    expect(signOutNoCsrf.status).toBe(403);
    expect(signOutNoCsrf.body.error.code).toBe('csrf_failed');
    expect((await call('DELETE', '/v1/newsroom/session', undefined, { cookie, 'x-csrf-token': 'x'.repeat(login.body.csrfToken.length) })).status).toBe(403);
    expect(read.status).toBe((await call('GET', `/v1/newsroom/sites/${site.id}/moderation/queue`, undefined, { cookie })).status);
    expect((await call('DELETE', '/v1/newsroom/session', undefined, { cookie, 'x-csrf-token': login.body.csrfToken })).status).toBe(204);
    expect((await call('GET', `/v1/newsroom/sites/${site.id}/moderation/queue`, undefined, { cookie })).status).toBe(401);
  });

  it('sets Secure and the __Host- prefix over https', async () => {
    const { key } = await createKey({ db, secret: TEST_SECRET, siteId: site.id, role: 'viewer', name: 'v' });
    const response = await app.request('https://newsroom.example/v1/newsroom/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    expect(response.headers.get('set-cookie')).toMatch(/^__Host-tanggap_session=.*Secure/);
  });

  it('refuses a wrong key, and too many attempts from one client', async () => {
    const wrong = await call('POST', '/v1/newsroom/session', { key: 'tgp_wrongwrongwrongwrongwrongwrong' }, { 'x-test-ip': '198.51.100.9' });
    expect(wrong.status).toBe(401);
    let last = wrong.status;
    for (let i = 0; i < 21; i++) {
      last = (await call('POST', '/v1/newsroom/session', { key: 'tgp_wrongwrongwrongwrongwrongwrong' }, { 'x-test-ip': '198.51.100.9' })).status;
    }
    expect(last).toBe(429);
  });
});

describe('site ids', () => {
  it('refuses a malformed site id with a 400 naming site, before looking anything up', async () => {
    const recorded = await recordingDb();
    const instance = await testApp({ db: recorded.db, config: { adminKey: ADMIN_KEY } });
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    for (const siteId of ['Not_A_Site', 'x'.repeat(64), '%F0%9F%98%80']) {
      recorded.statements.length = 0;
      const { status, body } = await instance.call('GET', `/v1/newsroom/sites/${siteId}/overview`, undefined, admin);
      expect(status).toBe(400);
      expect(body.error.details.map((detail: { path: string }) => detail.path)).toEqual(['site']);
      expect(recorded.statements.filter((statement) => /\bfrom "sites"/i.test(statement))).toEqual([]);
    }
    expect((await instance.call('GET', '/v1/newsroom/sites/no-such-site/overview', undefined, admin)).status).toBe(404);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../../src/lib/crypto';
import { SIGNIN_RULE } from '../../src/ratelimit/service';
import { readerToken, testApp } from '../helpers/app';
import { createSite } from '../helpers/factories';
import { isErrorEnvelope, operationsOf } from '../helpers/openapi-fuzz';

const LOGIN_ATTEMPTS = SIGNIN_RULE.limit;

/**
 * Only editors can moderate. The matrix is built from /openapi.json: every newsroom operation
 * is tried anonymously, with a bad key, with another site's key, with a read-only key and
 * through a session without its CSRF token — so a route added later is covered at once.
 * Sessions, sign-out, expiry and the sign-in lock-out are tested on the real cookie.
 */

const ADMIN_KEY = 'access-test-instance-admin-key-0123456789';
let clock = Date.now();
const t = await testApp({ config: { adminKey: ADMIN_KEY }, now: () => clock });
const spec = (await t.call('GET', '/openapi.json')).body;
const newsroom = operationsOf(spec).filter((operation) => operation.path.startsWith('/v1/newsroom/'));
const signInPath = '/v1/newsroom/session';
const guarded = newsroom.filter((operation) => !(operation.method === 'POST' && operation.path === signInPath));
const ownSite = await createSite(t.db);
const otherSite = await createSite(t.db);

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

/** A concrete URL for an operation on `siteId`; other path parameters get harmless values. */
function urlFor(path: string, siteId: string): string {
  return path.replace('{site}', siteId).replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? '1' : 'x'));
}

async function createKey(siteId: string, role: 'viewer' | 'moderator' | 'admin'): Promise<string> {
  const { status, body } = await t.call('POST', `/v1/newsroom/sites/${siteId}/keys`, { name: `${role} key`, role }, admin);
  expect(status).toBe(201);
  return body.key as string;
}

async function signIn(key: string, ip = '203.0.113.10') {
  const response = await t.app.request(signInPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-ip': ip },
    body: JSON.stringify({ key }),
  });
  const body = (await response.json()) as { csrfToken?: string; error?: { code: string } };
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { status: response.status, body, setCookie, cookie: setCookie.split(';')[0] ?? '', retryAfter: response.headers.get('retry-after') };
}

async function send(method: string, url: string, headers: Record<string, string>) {
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return t.call(method, url, hasBody ? {} : undefined, headers);
}

describe('newsroom access matrix (from /openapi.json)', () => {
  it('finds the newsroom operations to try: a matrix over nothing would pass vacuously', () => {
    const paths = new Set(guarded.map((operation) => `${operation.method} ${operation.path}`));
    for (const expected of ['GET /v1/newsroom/sites/{site}/overview', 'PATCH /v1/newsroom/sites/{site}/settings', 'POST /v1/newsroom/sites/{site}/moderation/actions', 'POST /v1/newsroom/sites/{site}/webhooks', 'POST /v1/newsroom/sites/{site}/sso/secret', 'PUT /v1/newsroom/sites/{site}/rules', 'DELETE /v1/newsroom/sites/{site}/rules', 'POST /v1/newsroom/sites/{site}/moderation/picks', 'DELETE /v1/newsroom/sites/{site}/moderation/picks/{id}', 'DELETE /v1/newsroom/sites/{site}/moderation/mutes/{id}', 'GET /v1/newsroom/sites/{site}/comments/{id}', 'GET /v1/newsroom/sites/{site}/comments/{id}/trust', 'PUT /v1/newsroom/sites/{site}/comments/{id}/trust']) {
      expect(paths).toContain(expected);
    }
  });

  it('refuses every newsroom operation but sign-in without credentials, or with a bad key: 401 envelope', async () => {
    const wrong: string[] = [];
    for (const operation of guarded) {
      const url = urlFor(operation.path, ownSite.id);
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer tgp_not-a-real-key-0000000000000000' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }];
      for (const headers of attempts) {
        const { status, body } = await send(operation.method, url, headers);
        if (status !== 401 || !isErrorEnvelope(body)) wrong.push(`${operation.method} ${url} with ${JSON.stringify(headers)} → ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses another site's key on every site operation: 403", async () => {
    const foreignAdmin = { authorization: `Bearer ${await createKey(otherSite.id, 'admin')}` };
    const wrong: string[] = [];
    for (const operation of guarded.filter((candidate) => candidate.path.includes('{site}'))) {
      const url = urlFor(operation.path, ownSite.id);
      const { status } = await send(operation.method, url, foreignAdmin);
      if (status !== 403) wrong.push(`${operation.method} ${url} → ${status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets a viewer key change nothing: every site write is 403', async () => {
    const viewer = { authorization: `Bearer ${await createKey(ownSite.id, 'viewer')}` };
    const wrong: string[] = [];
    for (const operation of guarded.filter((candidate) => candidate.path.includes('{site}') && candidate.method !== 'GET')) {
      const url = urlFor(operation.path, ownSite.id);
      const { status } = await send(operation.method, url, viewer);
      if (status !== 403) wrong.push(`${operation.method} ${url} → ${status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every session write without the CSRF token, or with a wrong one: 403 csrf_failed', async () => {
    const session = await signIn(await createKey(ownSite.id, 'admin'));
    expect(session.status).toBe(200);
    const wrong: string[] = [];
    const writes = guarded.filter((candidate) => candidate.method !== 'GET');
    expect(writes.map(({ method, path }) => `${method} ${path}`)).toContain(`DELETE ${signInPath}`);
    for (const operation of writes) {
      const url = urlFor(operation.path, ownSite.id);
      const attempts: Record<string, string>[] = [{ cookie: session.cookie }, { cookie: session.cookie, 'x-csrf-token': 'forged-token-forged-token-forged' }];
      for (const headers of attempts) {
        const { status, body } = await send(operation.method, url, headers);
        if (status !== 403 || body?.error?.code !== 'csrf_failed') wrong.push(`${operation.method} ${url} ${Object.keys(headers).join('+')} → ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    // Sign-out was refused too: the session still works.
    const withToken = await t.call('GET', '/v1/newsroom/me', undefined, { cookie: session.cookie });
    expect(withToken.status).toBe(200);
  });
});

/**
 * A reader's own data answers only to their token, sent from the site's own pages. Built from
 * /openapi.json like the newsroom matrix: every `/readers/me` operation is tried without a
 * token, with a stranger's token and from a foreign origin, so a reader route added later is
 * covered at once.
 */
describe("reader data access matrix (from /openapi.json)", () => {
  const readerOperations = operationsOf(spec).filter((operation) => operation.path.includes('/readers/me'));
  const tokenInQuery = (operation: (typeof readerOperations)[number]) => operation.parameters.some((parameter) => parameter.in === 'query' && parameter.name === 'reader');
  const callAs = (operation: (typeof readerOperations)[number], reader: string | undefined, headers: Record<string, string> = {}) => {
    const url = urlFor(operation.path, ownSite.id);
    if (tokenInQuery(operation)) return t.call(operation.method, reader === undefined ? url : `${url}?reader=${reader}`, undefined, headers);
    return t.call(operation.method, url, reader === undefined ? {} : { reader }, headers);
  };

  let readers = 0;
  async function readerWithData() {
    const reader = readerToken();
    // Each reader on a network of their own, so the site's posting interval never interferes.
    const network = { 'x-test-ip': `198.51.100.${++readers}` };
    const posted = await t.call('POST', `/v1/sites/${ownSite.id}/articles/matrix/comments`, { reader, name: 'Rina', body: 'Data pembaca.' }, network);
    expect(posted.status).toBe(201);
    return reader;
  }

  it('finds the reader operations to try: erasure, export and complaint outcomes', () => {
    expect(readerOperations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual([
      'DELETE /v1/sites/{site}/readers/me',
      'GET /v1/sites/{site}/readers/me/complaints',
      'GET /v1/sites/{site}/readers/me/export',
    ]);
  });

  it('refuses every reader operation without a token: 400 naming reader', async () => {
    const wrong: string[] = [];
    for (const operation of readerOperations) {
      const { status, body } = await callAs(operation, undefined);
      if (status !== 400 || body?.error?.details?.[0]?.path !== 'reader') wrong.push(`${operation.method} ${operation.path} → ${status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("refuses every reader operation from a page of an origin the site does not list: 403, the reader's data untouched", async () => {
    const reader = await readerWithData();
    const wrong: string[] = [];
    for (const operation of readerOperations) {
      const { status } = await callAs(operation, reader, { origin: 'https://evil.example' });
      if (status !== 403) wrong.push(`${operation.method} ${operation.path} → ${status}`);
    }
    expect(wrong).toEqual([]);
    const stored = await t.call('GET', `/v1/sites/${ownSite.id}/readers/me/export?reader=${reader}`);
    expect(stored.body.comments.map((comment: { body: string }) => comment.body)).toEqual(['Data pembaca.']);
  });

  it("gives a stranger's token nothing of the reader: no rows to see, none to delete", async () => {
    const reader = await readerWithData();
    const stranger = readerToken();
    const wrong: string[] = [];
    for (const operation of readerOperations) {
      const { status, body } = await callAs(operation, stranger);
      if (status !== 200 || JSON.stringify(body).includes('Data pembaca.')) wrong.push(`${operation.method} ${operation.path} → ${status}`);
    }
    expect(wrong).toEqual([]);
    const stored = await t.call('GET', `/v1/sites/${ownSite.id}/readers/me/export?reader=${reader}`);
    expect(stored.body.comments.map((comment: { body: string }) => comment.body)).toEqual(['Data pembaca.']);
  });
});

describe('sessions', () => {
  it('the cookie is HttpOnly, SameSite=Strict, path /, and bounded in time', async () => {
    const { setCookie } = await signIn(await createKey(ownSite.id, 'moderator'));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//i);
    expect(Number(/Max-Age=(\d+)/i.exec(setCookie)?.[1])).toBeGreaterThan(0);
  });

  it('sign-out ends the session on the server, not just in the browser', async () => {
    const { cookie, body } = await signIn(await createKey(ownSite.id, 'moderator'));
    expect((await t.call('GET', '/v1/newsroom/me', undefined, { cookie })).status).toBe(200);
    const out = await t.call('DELETE', signInPath, undefined, { cookie, 'x-csrf-token': body.csrfToken! });
    expect(out.status).toBe(204);
    expect((await t.call('GET', '/v1/newsroom/me', undefined, { cookie })).status).toBe(401);
  });

  it('a session expires, and a revoked key ends its sessions', async () => {
    const { cookie } = await signIn(await createKey(ownSite.id, 'viewer'));
    clock += 400 * 24 * 3600 * 1000;
    expect((await t.call('GET', '/v1/newsroom/me', undefined, { cookie })).status).toBe(401);
    clock = Date.now();
    const created = await t.call('POST', `/v1/newsroom/sites/${ownSite.id}/keys`, { name: 'soon revoked', role: 'viewer' }, admin);
    const session = await signIn(created.body.key);
    expect((await t.call('DELETE', `/v1/newsroom/sites/${ownSite.id}/keys/${created.body.id}`, undefined, admin)).status).toBe(204);
    expect((await t.call('GET', '/v1/newsroom/me', undefined, { cookie: session.cookie })).status).toBe(401);
    expect((await t.call('GET', '/v1/newsroom/me', undefined, { authorization: `Bearer ${created.body.key}` })).status).toBe(401);
  });
});

describe('sign-in lock-out', () => {
  it(`locks out a client after ${LOGIN_ATTEMPTS} failures, even with the right key, and not its neighbours`, async () => {
    const key = await createKey(ownSite.id, 'admin');
    const ip = '198.51.100.200';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LOGIN_ATTEMPTS; attempt++) {
      statuses.push((await signIn(`tgp_wrong-key-attempt-${attempt}-padding-padding`, ip)).status);
    }
    expect(statuses).toEqual(Array.from({ length: LOGIN_ATTEMPTS }, () => 401));
    const locked = await signIn(`tgp_wrong-key-attempt-${LOGIN_ATTEMPTS}-padding-padding`, ip);
    expect(locked.status).toBe(429);
    expect(locked.body.error?.code).toBe('rate_limited');
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect((await signIn(key, ip)).status).toBe(429);
    expect((await signIn(key, '198.51.100.201')).status).toBe(200);
  });
});

describe('key comparison', () => {
  it('constantTimeEqual is true exactly for equal strings, whatever their lengths and content', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
        expect(constantTimeEqual(a, `${a}\u0000`)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

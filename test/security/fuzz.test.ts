import fc from 'fast-check';
import { Jwt } from 'hono/utils/jwt';
import { afterAll, describe, expect, it } from 'vitest';
import { sseLiveFeed } from '../../src/live/sse';
import { rotateSsoSecret } from '../../src/sso/service';
import { readerToken, TEST_SECRET, testApp } from '../helpers/app';
import { freshDb } from '../helpers/db';
import { createSite } from '../helpers/factories';
import { invariantViolations } from '../helpers/invariants';
import {
  type FuzzRequest,
  hostileString,
  isErrorEnvelope,
  operationsOf,
  requestsFor,
  strayRequests,
} from '../helpers/openapi-fuzz';

/**
 * Every operation in /openapi.json, fuzzed from its own schemas with hostile inputs mixed in:
 * never a 5xx, every error is the one envelope with a status the document declares for that
 * operation, and the database invariants hold afterwards. New routes are fuzzed as soon as
 * they are documented.
 */

/** Inputs shared by all operations (at least 100, at most 400 each), so the file stays quick as routes multiply. */
const BUDGET = 4_000;
const STRAY_RUNS = 500;
const ORIGIN = 'http://localhost:3000';
/** Hundreds of requests per test; generous, since CI machines are shared. */
const SLOW = 90_000;

const ADMIN_KEY = 'fuzz-instance-admin-key-0123456789abcdef';
// With the Node server's live feed, so `GET …/live` is fuzzed as it really answers.
const { db } = await freshDb();
const t = await testApp({ db, config: { adminKey: ADMIN_KEY }, live: sseLiveFeed({ db, secret: TEST_SECRET }) });
const fuzzSite = await createSite(t.db, { origins: [ORIGIN], settings: { votesPerNetworkPerDay: 3 } });
// A site whose commenters sign in, with tokens good, forged, expired and for another site.
const ssoSite = await createSite(t.db, { origins: [ORIGIN], settings: { commentIdentity: 'sso-required', ssoLoginUrl: `${ORIGIN}/masuk` } });
const { secret: ssoSecret } = await rotateSsoSecret({ db: t.db, secret: TEST_SECRET, siteId: ssoSite.id, now: Date.now() });
const issued = Math.floor(Date.now() / 1000);
const ssoTokens = await Promise.all([
  Jwt.sign({ sub: 'fuzz-user', name: 'Pembaca Fuzz', iat: issued, exp: issued + 3600 }, ssoSecret, 'HS256'),
  Jwt.sign({ sub: 'fuzz-user', name: 'Pembaca Fuzz', iat: issued, exp: issued + 3600 }, 'sso_not-the-secret', 'HS256'),
  Jwt.sign({ sub: 'fuzz-user', name: 'Pembaca Fuzz', iat: issued - 7200, exp: issued - 3600 }, ssoSecret, 'HS256'),
  Jwt.sign({ sub: 'fuzz-user', name: 'Pembaca Fuzz', exp: issued + 3600, aud: 'another-site' }, ssoSecret, 'HS256'),
]);
const spec = (await t.call('GET', '/openapi.json')).body;
const operations = operationsOf(spec);
const runsPerOperation = Math.min(400, Math.max(100, Math.floor(BUDGET / Math.max(1, operations.length))));
const access = { allowedOrigin: ORIGIN, authorization: fc.constant(`Bearer ${ADMIN_KEY}`) };

const readers = Array.from({ length: 8 }, () => readerToken());
const hints = {
  site: fc.constantFrom('demo', 'contoh', fuzzSite.id, ssoSite.id, 'no-such-site'),
  token: fc.oneof(fc.constantFrom(...ssoTokens), hostileString),
  ssoToken: fc.oneof(fc.constantFrom(...ssoTokens), hostileString),
  article: fc.oneof(fc.constantFrom('fuzz-a', 'fuzz-b', '2026/11/berita'), hostileString),
  reader: fc.constantFrom(...readers),
  reaction: fc.constantFrom('senang', 'marah', 'happy', 'sad', 'a', 'b', 'retired-or-unknown'),
  url: fc.constantFrom(`${ORIGIN}/artikel`, 'https://evil.example/a', 'javascript:alert(1)'),
  title: hostileString,
  section: hostileString,
};

const figures = { tried: 0, byStatus: new Map<number, number>() };

async function send(request: FuzzRequest) {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined) init.body = request.body;
  const response = await t.app.request(request.url, init);
  // A live feed never ends by itself: what matters is that it opened; leaving frees its slot.
  const text = response.headers.get('content-type')?.startsWith('text/event-stream') ? (await response.body?.cancel(), '') : await response.text();
  figures.tried++;
  figures.byStatus.set(response.status, (figures.byStatus.get(response.status) ?? 0) + 1);
  return { response, text };
}

function expectEnvelopeIfError(response: Response, text: string, request: FuzzRequest): void {
  const where = `${request.method} ${request.url.slice(0, 200)}`;
  expect(response.status, where).toBeLessThan(500);
  if (response.status < 400) return;
  expect(response.headers.get('content-type'), where).toMatch(/^application\/json/);
  expect(isErrorEnvelope(JSON.parse(text)), `${where} → ${text.slice(0, 300)}`).toBe(true);
}

describe('fuzzing every documented operation', () => {
  it('finds the reaction routes in /openapi.json (and every route added later)', () => {
    const names = operations.map((operation) => `${operation.method} ${operation.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /v1/sites/{site}/articles/{article}/poll',
        'PUT /v1/sites/{site}/articles/{article}/vote',
        'DELETE /v1/sites/{site}/articles/{article}/vote',
        'POST /v1/sites/{site}/sso/verify',
        'POST /v1/newsroom/sites/{site}/sso/secret',
        'PUT /v1/newsroom/sites/{site}/rules',
        'DELETE /v1/newsroom/sites/{site}/rules',
        'GET /v1/newsroom/sites/{site}/comments/{id}/trust',
        'PUT /v1/newsroom/sites/{site}/comments/{id}/trust',
        'GET /v1/sites/{site}/readers/me/export',
        'DELETE /v1/sites/{site}/readers/me',
      ]),
    );
  });

  for (const operation of operations) {
    it(`${operation.method} ${operation.path}: never a 5xx, only documented statuses, always the envelope`, async () => {
      await fc.assert(
        fc.asyncProperty(requestsFor(operation, hints, access), async (request) => {
          const { response, text } = await send(request);
          expectEnvelopeIfError(response, text, request);
          const conditional = response.status === 304 && request.headers['if-none-match'] !== undefined;
          expect(
            operation.statuses.has(response.status) || conditional,
            `${request.method} ${request.url.slice(0, 200)} answered ${response.status}, which the document does not declare: ${text.slice(0, 300)}`,
          ).toBe(true);
        }),
        { numRuns: runsPerOperation },
      );
    }, SLOW);
  }

  it('undocumented paths and methods get the envelope too, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(strayRequests, async (request) => {
        const { response, text } = await send(request);
        expectEnvelopeIfError(response, text, request);
      }),
      { numRuns: STRAY_RUNS },
    );
  }, SLOW);

  it('leaves the database consistent: counters equal votes, hourly sums equal counters, no orphans', async () => {
    expect(await invariantViolations(t.db)).toEqual([]);
  });
});

afterAll(() => {
  const statuses = [...figures.byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
  console.log(
    `fuzz: ${figures.tried} inputs tried over ${operations.length} documented operations + stray paths; statuses ${statuses}; invariants checked after`,
  );
});

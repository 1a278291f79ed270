import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, htmlSecurityDefaults, setHtmlSecurityHeaders } from '../../src/http/security-headers';
import { frameAncestorSources } from '../../src/lib/origins';
import { readerToken, testApp } from '../helpers/app';

const t = await testApp();

describe('security headers on HTML', () => {
  it('an HTML page that sets nothing gets the strictest policy: no script, no framing', async () => {
    const app = new Hono().use(htmlSecurityDefaults()).get('/page', (c) => c.html('<p>hi</p>'));
    const response = await app.request('/page');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('keeps the policy a page sets for itself, such as an iframe its site may frame', async () => {
    const app = new Hono()
      .use(htmlSecurityDefaults())
      .get('/embed', (c) => {
        setHtmlSecurityHeaders(c, { scriptSrc: ["'self'"], connectSrc: ["'self'"], frameAncestors: frameAncestorSources(['https://news.example', 'http://localhost:*']) });
        return c.html('<p>poll</p>');
      });
    const response = await app.request('/embed');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-ancestors https://news.example http://localhost:*');
    expect(csp).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBeNull();
  });

  it('drops origin entries that would widen or break a frame-ancestors list', () => {
    const sources = frameAncestorSources([
      'https://news.example/',
      'https://*.example.co.id',
      'http://[::1]:*',
      "https://x.example; script-src 'unsafe-inline'",
      "'unsafe-inline'",
      '*',
      'javascript:alert(1)',
      'https://a.example https://b.example',
      'https://a.example/path',
    ]);
    expect(sources).toEqual(['https://news.example', 'https://*.example.co.id']);
    expect(contentSecurityPolicy({ frameAncestors: [] })).toContain("frame-ancestors 'none'");
  });

  it('the app sends the defaults on its own HTML (/docs) and nosniff on JSON', async () => {
    const docs = await t.app.request('/docs');
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
    expect(docs.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const poll = await t.app.request('/v1/sites/demo/articles/h-1/poll');
    expect(poll.headers.get('x-content-type-options')).toBe('nosniff');
    const error = await t.app.request('/no-such-page');
    expect(error.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('headers on the embedding surfaces', () => {
  it('/embed may be framed only by the site\'s own origins, and runs only its own scripts', async () => {
    const response = await t.app.request('/embed/demo/h-embed');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors http:\/\/localhost:\* http:\/\/127\.0\.0\.1:\*(;|$)/);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('the widget script may be loaded by any site (CORS *, CORP cross-origin) and is never sniffed', async () => {
    const response = await t.app.request('/widget.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('the no-JS fragment runs no script and may be embedded anywhere', async () => {
    const response = await t.app.request('/v1/sites/demo/articles/h-fragment/fragment');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('CORS on the public API', () => {
  const vote = '/v1/sites/demo/articles/cors-1/vote';

  it('refuses a preflight from a foreign origin with the envelope and no CORS grant', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example', 'https://localhost']) {
      const response = await t.app.request(vote, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } });
      expect(response.status, origin).toBe(403);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code, origin).toBe('origin_not_allowed');
    }
  });

  it('never grants credentials or a wildcard on the per-site API', async () => {
    const preflight = await t.app.request(vote, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type\u00ff' },
    });
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type');
    const actual = await t.call('PUT', vote, { reader: readerToken(), reaction: 'senang' }, { origin: 'http://localhost:5173' });
    expect(actual.headers.get('access-control-allow-credentials')).toBeNull();
    expect(actual.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('a write refused for its origin counts nothing', async () => {
    const refused = await t.call('PUT', '/v1/sites/demo/articles/cors-2/vote', { reader: readerToken(), reaction: 'senang' }, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    const { body } = await t.call('GET', '/v1/sites/demo/articles/cors-2/poll');
    expect(body.total).toBe(0);
  });
});

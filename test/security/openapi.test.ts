import { createHash } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app';
import { operationsOf } from '../helpers/openapi-fuzz';

/**
 * /openapi.json is checked by an independent validator (not the library that generates it),
 * every API route the app serves is in it, and every operation documents the error responses
 * it can give — the fuzzer then holds the routes to exactly those statuses.
 */

const t = await testApp();
const spec = (await t.call('GET', '/openapi.json')).body;
const operations = operationsOf(spec);

/** Hono's `/a/:b{regex}` as an OpenAPI template `/a/{b}`. */
const template = (path: string) => path.replace(/:(\w+)(\{[^/]*\})?/g, '{$1}');

/** Routes that are not part of the JSON API: pages and the documents describing it. */
const isApiRoute = (path: string) => path.startsWith('/v1/') || path === '/healthz';

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document according to @seriousme/openapi-schema-validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(spec));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every API route the app serves', () => {
    const served = t.app.routes
      .filter((route) => route.method !== 'ALL' && isApiRoute(route.path))
      .map((route) => `${route.method} ${template(route.path)}`)
      .filter((route, index, all) => all.indexOf(route) === index);
    const documented = new Set(operations.map((operation) => `${operation.method} ${operation.path}`));
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('gives every operation a summary, a tag, a success response and its error responses', () => {
    const gaps: string[] = [];
    for (const operation of operations) {
      const name = `${operation.method} ${operation.path}`;
      const raw = spec.paths[operation.path][operation.method.toLowerCase()];
      if (!raw.summary) gaps.push(`${name}: no summary`);
      if (!raw.tags?.length) gaps.push(`${name}: no tag`);
      if (![...operation.statuses].some((status) => status >= 200 && status < 300)) gaps.push(`${name}: no 2xx response`);
      const takesInput = operation.parameters.length > 0 || operation.body !== undefined;
      if (takesInput && !operation.statuses.has(400)) gaps.push(`${name}: takes input but documents no 400`);
      if (operation.path.includes('{') && !operation.statuses.has(404)) gaps.push(`${name}: has path parameters but documents no 404`);
      if (operation.body && !operation.statuses.has(413)) gaps.push(`${name}: takes a body but documents no 413`);
      for (const status of operation.statuses) {
        if (status < 400) continue;
        const schema = raw.responses[String(status)]?.content?.['application/json']?.schema;
        if (!schema?.properties?.error) gaps.push(`${name}: ${status} does not document the error envelope`);
      }
    }
    expect(gaps).toEqual([]);
  });
});

describe('/docs', () => {
  it('renders every operation from the document as one self-contained page', async () => {
    const response = await t.app.request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    for (const operation of operations) {
      expect(page).toContain(`<code>${operation.path}</code>`);
      const summary = spec.paths[operation.path][operation.method.toLowerCase()].summary;
      expect(page).toContain(summary.replace(/'/g, '&#39;'));
    }
    expect(page).toContain('href="/openapi.json"');
  });

  it('works offline: no script and nothing loaded from another host', async () => {
    const response = await t.app.request('/docs');
    const page = await response.text();
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link[^>]+rel="?stylesheet/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(page).not.toMatch(/@import|url\(/i);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    // The page is built ahead of time, so its one style is allowed by hash rather than nonce.
    const style = /<style>([^<]*)<\/style>/.exec(page)?.[1];
    expect(style).toBeTruthy();
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style!).digest('base64')}'`);
  });
});

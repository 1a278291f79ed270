import { describe, expect, it } from 'vitest';
import { call, readerToken } from './helpers';

/** The widget's bytes are static assets (the ASSETS binding); the Worker adds the headers. */
describe('widget assets and embeds on workerd', () => {
  it('serves widget.js from the static assets with its caching and cross-origin headers', async () => {
    const { status, body, headers } = await call('GET', '/widget.js');
    expect(status).toBe(200);
    expect(body).toContain('tanggap:reader');
    expect(headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const hashed = /src="\/(widget\.[0-9a-f]{16}\.js)"/.exec((await call('GET', '/embed/demo/w-embed')).body)![1];
    const immutable = await call('GET', `/${hashed}`);
    expect(immutable.status).toBe(200);
    expect(immutable.headers.get('cache-control')).toContain('immutable');
    expect(immutable.body).toBe(body);
    const revalidated = await call('GET', '/widget.js', undefined, { 'if-none-match': headers.get('etag')! });
    expect(revalidated.status).toBe(304);
  });

  it('renders the no-JavaScript fragment from D1', async () => {
    await call('PUT', '/v1/sites/demo/articles/w-frag/vote', { reader: readerToken(), reaction: 'sedih' });
    const { status, body } = await call('GET', '/v1/sites/demo/articles/w-frag/fragment');
    expect(status).toBe(200);
    expect(body).toContain('Sedih <strong>100%</strong>');
  });
});

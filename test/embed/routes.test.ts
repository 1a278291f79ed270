import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { assets } from '../../src/widget/generated/assets';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { updateSiteSettings } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

const widget = assets.find((asset) => asset.name === 'widget')!;

describe('serving widget.js', () => {
  it('serves the stable entry with a short cache, CORS, CORP and an ETag', async () => {
    const response = await t.app.request('/widget.js');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(widget.body);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('etag')).toBe(`"${widget.hash}"`);
  });

  it('serves the content-hashed file as immutable', async () => {
    const response = await t.app.request(`/${widget.file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe(widget.body);
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const response = await t.app.request('/widget.js', { headers: { 'if-none-match': `"${widget.hash}"` } });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
  });

  it('gzips widget.js for a client that accepts it, and revalidates with the weakened ETag', async () => {
    const response = await t.app.request('/widget.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toContain('Accept-Encoding');
    const compressed = new Uint8Array(await response.arrayBuffer());
    expect(compressed.length).toBeLessThan(widget.body.length / 2);
    expect(gunzipSync(compressed).toString('utf8')).toBe(widget.body);

    const etag = response.headers.get('etag')!;
    expect(etag).toBe(`W/"${widget.hash}"`);
    const again = await t.app.request('/widget.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-encoding')).toBeNull();
  });

  it('sends widget.js as is to a client that accepts no encoding', async () => {
    const response = await t.app.request('/widget.js', { headers: { 'accept-encoding': 'identity' } });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe(widget.body);
  });

  it('does not serve a hash it never built', async () => {
    const { status, body } = await t.call('GET', '/widget.0000000000000000.js');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('the /embed iframe page', () => {
  it('loads the hashed widget with the article and the checked parent origin', async () => {
    const response = await t.app.request('/embed/demo/ART-1?parent=http%3A%2F%2Flocalhost%3A3000&theme=dark');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(`src="/${widget.file}"`);
    expect(page).toContain('data-article="ART-1"');
    expect(page).toContain('data-lang="id"');
    expect(page).toContain('data-theme="dark"');
    expect(page).toContain('data-parent="http://localhost:3000"');
    // Without ?url= the widget must not register the iframe's own address as the article's.
    expect(page).toContain('data-url=""');
    expect(response.headers.get('content-security-policy')).toContain('frame-ancestors http://localhost:* http://127.0.0.1:*');
  });

  it('escapes what it echoes into the page', async () => {
    const response = await t.app.request(`/embed/demo/${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('refuses a parent origin the site does not list, naming the field', async () => {
    const { status, body } = await t.call('GET', '/embed/demo/ART-1?parent=https%3A%2F%2Fevil.example');
    expect(status).toBe(400);
    expect(body.error.details[0].path).toBe('parent');
  });

  it('refuses a parent that is not an origin', async () => {
    const { status, body } = await t.call('GET', '/embed/demo/ART-1?parent=http%3A%2F%2Flocalhost%3A3000%2Fpath');
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_input');
  });

  it('answers 404 for an unknown site', async () => {
    const { status } = await t.call('GET', '/embed/nope/ART-1');
    expect(status).toBe(404);
  });
});

describe('the no-JavaScript fragment', () => {
  const fragment = (site: string, article: string, query = '') =>
    `/v1/sites/${site}/articles/${encodeURIComponent(article)}/fragment${query}`;

  it('renders the tally as escaped HTML, publicly cacheable', async () => {
    await t.call('PUT', `/v1/sites/demo/articles/frag-1/vote`, { reader: readerToken(), reaction: 'senang' });
    const response = await t.app.request(fragment('demo', 'frag-1'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toContain('public');
    const page = await response.text();
    expect(page).toContain('Bagaimana tanggapan anda mengenai artikel ini?');
    expect(page).toContain('Senang <strong>100%</strong>');
    expect(page).toContain('1 tanggapan');
  });

  it('speaks English with lang=en', async () => {
    const page = await (await t.app.request(fragment('demo', 'frag-1', '?lang=en'))).text();
    expect(page).toContain('Happy <strong>100%</strong>');
    expect(page).toContain('1 reaction');
  });

  it('hides percents on after-vote sites while the poll is open', async () => {
    await updateSiteSettings(t.db, 'contoh', { resultVisibility: 'after-vote' });
    const page = await (await t.app.request(fragment('contoh', 'frag-2'))).text();
    expect(page).not.toContain('%</strong>');
    expect(page).toContain('Results are shown after choosing.');
  });

  it('refuses a bad lang and an unknown site', async () => {
    expect((await t.call('GET', fragment('demo', 'frag-1', '?lang=fr'))).status).toBe(400);
    expect((await t.call('GET', fragment('nope', 'frag-1'))).status).toBe(404);
  });
});

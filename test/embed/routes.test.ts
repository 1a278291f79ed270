import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATIC_FILES_DIR } from '../../src/node-layout';
import { assets } from '../../src/widget/generated/assets';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { createArticle, createSite, updateSiteSettings } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

const widget = assets.find((asset) => asset.name === 'widget')!;
/** The bytes the build wrote, which both runtimes serve. */
const widgetBody = readFileSync(join(STATIC_FILES_DIR, widget.file), 'utf8');

describe('serving widget.js', () => {
  it('serves the stable entry with a short cache, CORS, CORP and an ETag', async () => {
    const response = await t.app.request('/widget.js');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(widgetBody);
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
    expect(await response.text()).toBe(widgetBody);
  });

  it('answers a script name it did not build, or a stale hash, with the 404 envelope', async () => {
    for (const path of ['/nope.js', '/widget.0123456789abcdef.js', `/${widget.file}x`]) {
      const response = await t.app.request(path);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
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
    // What a reader downloads is what the size budget promises (test/widget/size.test.ts).
    expect(compressed.length).toBeLessThanOrEqual(3 * 1024);
    expect(compressed.length).toBeLessThan(widgetBody.length);
    expect(gunzipSync(compressed).toString('utf8')).toBe(widgetBody);

    const etag = response.headers.get('etag')!;
    expect(etag).toBe(`W/"${widget.hash}"`);
    const again = await t.app.request('/widget.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-encoding')).toBeNull();
  });

  it('sends widget.js as is to a client that accepts no encoding', async () => {
    const response = await t.app.request('/widget.js', { headers: { 'accept-encoding': 'identity' } });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe(widgetBody);
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

  it('shows the newest comments as escaped text with safe links, and the visible count', async () => {
    const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
    const article = await createArticle(t.db, site.id);
    const post = (name: string, body: string) =>
      t.call('POST', `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/comments`, { reader: readerToken(), name, body });
    for (let i = 1; i <= 5; i++) expect((await post(`Pembaca ${i}`, `Komentar lama ${i}`)).status).toBe(201);
    await post('<img src=x onerror=alert(1)>', 'Baca https://contoh.id/a?b=1&c=2\n<script>alert("x")</script>');

    const response = await t.app.request(fragment(site.id, article.externalId));
    expect(response.headers.get('cache-control')).toContain('public');
    const page = await response.text();
    expect(page).toContain('6 komentar');
    expect(page).toContain('Menampilkan 5 komentar terbaru.');
    expect(page).toContain('<strong>&lt;img src=x onerror=alert(1)&gt;</strong>');
    expect(page).toContain(
      'Baca <a href="https://contoh.id/a?b=1&amp;c=2" rel="nofollow ugc noopener" target="_blank">https://contoh.id/a?b=1&amp;c=2</a><br>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('Komentar lama 2');
    expect(page).not.toContain('Komentar lama 1<');

    const english = await (await t.app.request(fragment(site.id, article.externalId, '?lang=en'))).text();
    expect(english).toContain('Readers&#39; comments <small>6 comments</small>');
    expect(english).toContain('Showing the 5 newest.');
  });

  it('says when there are no comments yet, and shows no comment section on a site without comments', async () => {
    const site = await createSite(t.db);
    const article = await createArticle(t.db, site.id);
    expect(await (await t.app.request(fragment(site.id, article.externalId))).text()).toContain('Belum ada komentar.');
    await updateSiteSettings(t.db, site.id, { commentsEnabled: false });
    const page = await (await t.app.request(fragment(site.id, article.externalId, '?lang=en'))).text();
    expect(page).not.toContain('tanggap-comments');
    expect(page).toContain('How do you feel about this article?');
  });

  it('refuses a bad lang and an unknown site', async () => {
    expect((await t.call('GET', fragment('demo', 'frag-1', '?lang=fr'))).status).toBe(400);
    expect((await t.call('GET', fragment('nope', 'frag-1'))).status).toBe(404);
  });
});

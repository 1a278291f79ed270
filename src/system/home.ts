import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../http/context';
import { htmlDocument } from '../http/html-document';

/**
 * `/` in production, where the demo article does not belong: a small page that says what
 * answers here and where the API reference is, for whoever opens the service's address. No
 * script, no style, so the app-wide strictest CSP covers it.
 */
export function serviceHomeRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(
      htmlDocument({
        lang: 'id',
        title: 'Tanggap',
        body: html`<h1>Tanggap</h1>
<p>Layanan tanggapan pembaca dan komentar untuk situs berita.</p>
<p lang="en">Reader reactions and comments for news sites.</p>
<ul>
<li><a href="/docs">Dokumentasi API / API reference</a></li>
<li><a href="/newsroom">Ruang redaksi / Newsroom</a></li>
</ul>`,
      }),
    );
  });
  return app;
}

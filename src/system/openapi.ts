import { Hono } from 'hono';
import { type AppEnv } from '../http/context';
import { setHtmlSecurityHeaders } from '../http/security-headers';
import { sendStaticFile } from '../http/static-files';

/**
 * Serves the OpenAPI 3.1 document that `scripts/build.mjs` generates from the routes' own
 * valibot schemas (see ./openapi-document.ts), and the human reference page rendered from it
 * (./docs.ts), both static files (dist/assets). Generating them at build time keeps
 * hono-openapi's generator, the valibot → JSON Schema converter and the document itself out of
 * the Worker. The page's CSP hash is imported lazily so the generator can load the app before
 * the file exists.
 */
export function openApiRoute() {
  const app = new Hono<AppEnv>();
  app.get('/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return sendStaticFile(c, 'openapi.json', 'application/json');
  });
  app.get('/docs', async (c) => {
    const { docsStyleSource } = await import('./generated/docs');
    setHtmlSecurityHeaders(c, { styleSrc: [docsStyleSource] });
    c.header('Cache-Control', 'public, max-age=300');
    return sendStaticFile(c, 'docs.html', 'text/html; charset=UTF-8');
  });
  return app;
}

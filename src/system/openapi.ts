import { Hono } from 'hono';
import { type AppEnv } from '../http/context';
import { setHtmlSecurityHeaders } from '../http/security-headers';
import { randomToken } from '../lib/crypto';
import { docsPage, type OpenApiDocument } from './docs';

/**
 * Serves the OpenAPI 3.1 document that `scripts/build.mjs` generates from the routes' own
 * valibot schemas (see ./openapi-document.ts), and the human reference page rendered from it at
 * /docs. Generating it at build time keeps hono-openapi's generator and the valibot → JSON
 * Schema converter out of the Worker; imported lazily so the generator can load the app before
 * the file exists.
 */
export function openApiRoute() {
  const spec = async () => (await import('./generated/openapi')).openApiDocument as OpenApiDocument;
  const app = new Hono<AppEnv>();
  app.get('/openapi.json', async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(await spec());
  });
  app.get('/docs', async (c) => {
    const nonce = randomToken(16);
    setHtmlSecurityHeaders(c, { styleSrc: [`'nonce-${nonce}'`] });
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(docsPage(await spec(), nonce));
  });
  return app;
}

import { Hono } from 'hono';
import { type AppEnv } from '../http/context';

/**
 * Serves the OpenAPI 3.1 document that `scripts/build.mjs` generates from the routes' own
 * valibot schemas (see `openApiDocument` in ./openapi-document.ts). Generating it at build time
 * keeps hono-openapi's generator and the valibot → JSON Schema converter out of the Worker;
 * imported lazily so the generator can load the app before the file exists.
 */
export function openApiRoute() {
  return new Hono<AppEnv>().get('/openapi.json', async (c) => {
    const { openApiDocument } = await import('./generated/openapi');
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(openApiDocument);
  });
}

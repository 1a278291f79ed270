import { Hono } from 'hono';
import { describeRoute, generateSpecs } from 'hono-openapi';
import * as v from 'valibot';
import { type AppEnv } from '../http/context';
import { documentAppWideErrors, responses } from '../http/openapi';
import { setHtmlSecurityHeaders } from '../http/security-headers';
import { randomToken } from '../lib/crypto';
import { docsPage, type OpenApiDocument } from './docs';
import { checkDatabase } from './service';

const healthSchema = v.object({ status: v.picklist(['ok', 'degraded']), db: v.picklist(['ok', 'unreachable']) });

export function systemRoutes() {
  const app = new Hono<AppEnv>();
  app.get(
    '/healthz',
    describeRoute({
      tags: ['System'],
      summary: 'Health check',
      description: 'Answers 200 when the service and its database respond, 503 when the database does not.',
      responses: responses({ description: 'Healthy', schema: healthSchema }, [503]),
    }),
    async (c) => {
      const dbOk = await checkDatabase(c.var.deps.db);
      c.header('Cache-Control', 'no-store');
      return c.json({ status: dbOk ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'unreachable' }, dbOk ? 200 : 503);
    },
  );
  return app;
}

/**
 * Serves the OpenAPI 3.1 document generated from the routes' own valibot schemas, and the
 * human reference page rendered from it at /docs. The document is built once per app, on
 * first request, since the routes never change at run time.
 */
export function openApiRoute(api: Hono<AppEnv>, version: string) {
  let document: Promise<OpenApiDocument> | undefined;
  const spec = () =>
    (document ??= generateSpecs(api, {
      documentation: {
        openapi: '3.1.0',
        info: {
          title: 'Tanggap API',
          version,
          description:
            'Reader reactions and comments for news sites. Every error has the shape `{ "error": { "code", "message", "details"?, "requestId" } }`; messages are Indonesian by default, English with `lang=en` or Accept-Language.',
          license: { name: 'MIT' },
        },
        tags: [
          { name: 'Reactions', description: 'The reaction poll under each article.' },
          { name: 'System', description: 'Health and documentation.' },
        ],
      },
      exclude: ['/openapi.json'],
    }).then(documentAppWideErrors) as Promise<OpenApiDocument>);
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


import type { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import type { AppEnv } from '../http/context';

/**
 * The OpenAPI 3.1 document of every route in `api`, from the `describeRoute` and `validate`
 * metadata the routes carry. Build time only (`scripts/openapi.ts`): nothing at run time may
 * import this module, or the converters it pulls in land back in the Worker bundle.
 */
export function openApiDocument(api: Hono<AppEnv>, version: string) {
  return generateSpecs(api, {
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
  });
}

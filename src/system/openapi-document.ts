import type { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import type { AppEnv } from '../http/context';
import { documentAppWideErrors } from '../http/openapi';
import type { OpenApiDocument } from './docs';

/**
 * The OpenAPI 3.1 document of every route in `api`, from the `describeRoute` and `validate`
 * metadata the routes carry. Build time only (`scripts/openapi.ts`): nothing at run time may
 * import this module, or the converters it pulls in land back in the Worker bundle.
 */
export async function openApiDocument(api: Hono<AppEnv>, version: string): Promise<OpenApiDocument> {
  const document = await generateSpecs(api, {
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
        { name: 'Newsroom: access', description: 'API keys (viewer, moderator, admin) and dashboard sessions. Send `Authorization: Bearer <key>`, or sign in for a session cookie plus `X-CSRF-Token` on writes.' },
        { name: 'Newsroom: analytics', description: 'Reactions across articles, from aggregates: overview, top articles, one article over time, mood by section, exports.' },
        { name: 'Newsroom: moderation', description: 'The queue of held and reported comments, actions, mutes and the log.' },
        { name: 'Newsroom: settings', description: 'Reactions, origins, locale, moderation, word lists, caps; per-article poll and comments.' },
        { name: 'Newsroom: webhooks', description: 'Signed notifications for held and reported comments and reaction spikes.' },
        { name: 'System', description: 'Health and documentation.' },
      ],
    },
  });
  return documentAppWideErrors(document) as OpenApiDocument;
}

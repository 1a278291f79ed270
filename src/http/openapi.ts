import { resolver } from 'hono-openapi';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { errorEnvelopeSchema } from './schemas';

const envelope = { 'application/json': { schema: resolver(errorEnvelopeSchema) } };

const errorDescriptions: Record<number, string> = {
  400: 'Malformed JSON or a field of the wrong type or shape (details name each field).',
  401: 'No credentials, or they are invalid or expired.',
  403: 'The request comes from an origin the site does not allow, or the key lacks the role.',
  404: 'Unknown site, article or resource.',
  409: 'The poll or comments are closed, or the edit window has passed.',
  413: 'Request body over 8 KB.',
  422: 'Well-formed but not acceptable (e.g. an unknown or retired reaction, a URL outside the site).',
  429: 'A rate limit or the per-network cap was reached; see Retry-After.',
};

/** OpenAPI responses for a route: its success schema plus the error envelope for each status. */
export function responses(success: { status?: number; description: string; schema?: StandardSchemaV1; contentType?: string }, errors: number[]) {
  const ok = success.schema
    ? { description: success.description, content: { [success.contentType ?? 'application/json']: { schema: resolver(success.schema) } } }
    : { description: success.description };
  return {
    [String(success.status ?? 200)]: ok,
    ...Object.fromEntries(
      errors.map((status) => [String(status), { description: errorDescriptions[status] ?? 'Error', content: envelope }]),
    ),
  };
}

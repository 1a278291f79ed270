import { resolver } from 'hono-openapi';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { toJsonSchema } from '@valibot/to-json-schema';
import { bodyLimitFor } from './body-limit';
import { errorEnvelopeSchema } from './schemas';

const envelope = { 'application/json': { schema: resolver(errorEnvelopeSchema) } };

const errorDescriptions: Record<number, string> = {
  400: 'Malformed JSON or a field of the wrong type or shape (details name each field).',
  401: 'No credentials, or they are invalid or expired.',
  403: 'The request comes from an origin the site does not allow, or the key lacks the role.',
  404: 'Unknown site, article or resource.',
  409: 'The poll or comments are closed, or the edit window has passed.',
  413: "Request body over the route's size limit.",
  422: 'Well-formed but not acceptable (e.g. an unknown or retired reaction, a URL outside the site).',
  429: 'A rate limit or the per-network cap was reached; see Retry-After.',
  503: 'Temporarily unavailable (e.g. live updates are full); see Retry-After.',
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

type DocumentedOperation = { requestBody?: unknown; responses?: Record<string, unknown> };

/**
 * Adds to every operation that takes a body the errors the app-wide middleware gives before
 * any route runs — 413 over the path's size limit (stated in KB, from `bodyLimitFor`), 400 for
 * malformed or too deeply nested JSON — so the document stays true for routes whose authors
 * never think about those limits.
 */
export function documentAppWideErrors<Document extends { paths?: Record<string, Record<string, unknown>> }>(document: Document): Document {
  const { $schema: _, ...schema } = toJsonSchema(errorEnvelopeSchema) as Record<string, unknown>;
  const envelopeResponse = (status: number) => ({
    description: errorDescriptions[status] ?? 'Error',
    content: { 'application/json': { schema } },
  });
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const operation of Object.values(item) as DocumentedOperation[]) {
      if (typeof operation !== 'object' || operation === null || !operation.requestBody) continue;
      operation.responses ??= {};
      operation.responses['400'] ??= envelopeResponse(400);
      operation.responses['413'] = { ...envelopeResponse(413), description: `Request body over ${bodyLimitFor(path) / 1024} KB.` };
    }
  }
  return document;
}

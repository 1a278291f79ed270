import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import { AppError, type ErrorDetail } from '../lib/errors';

function issuePath(issue: StandardSchemaV1.Issue, target: string): string {
  const segments = (issue.path ?? []).map((segment) =>
    String(typeof segment === 'object' && segment !== null ? segment.key : segment),
  );
  return segments.length > 0 ? segments.join('.') : target;
}

/** Turns schema issues into the one 400 every route answers bad input with, naming each field. */
export function invalidInput(target: string, issues: readonly StandardSchemaV1.Issue[]): AppError {
  const details: ErrorDetail[] = issues.map((issue) => ({ path: issuePath(issue, target), message: issue.message }));
  const fields = [...new Set(details.map((detail) => detail.path))].join(', ');
  return new AppError(
    'invalid_input',
    { id: `Permintaan tidak valid: periksa ${fields}.`, en: `Invalid request: check ${fields}.` },
    { details },
  );
}

/**
 * The validator every route uses: valibot (any Standard Schema) through hono-openapi, so the
 * same schema validates the request and documents it in /openapi.json, with one shared hook
 * so every validation failure has the same shape.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends StandardSchemaV1>(target: Target, schema: Schema) {
  return validator(target, schema, (result) => {
    if (!result.success) throw invalidInput(target, result.error);
  });
}

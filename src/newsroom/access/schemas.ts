import * as v from 'valibot';
import { wellFormedText } from '../../http/schemas';
import { roleSchema } from '../schemas';

export const signInBodySchema = v.object({
  key: v.pipe(v.string('key must be a string.'), v.minLength(24, 'key must be at least 24 characters.'), v.maxLength(200, 'key is too long.')),
});

export const principalSchema = v.object({
  keyId: v.number(),
  siteId: v.nullable(v.string()),
  role: roleSchema,
  name: v.string(),
  sites: v.array(v.object({ id: v.string(), name: v.string() })),
});

export const sessionSchema = v.object({
  role: roleSchema,
  siteId: v.nullable(v.string()),
  name: v.string(),
  csrfToken: v.string(),
  expiresAt: v.number(),
});

export const createKeyBodySchema = v.object({
  name: v.pipe(v.string('name must be a string.'), v.trim(), v.minLength(1, 'name must not be empty.'), v.maxLength(80, 'name must be at most 80 characters.'), v.regex(/^[^\p{Cc}]*$/u, 'name must not contain control characters.'), wellFormedText('name')),
  role: roleSchema,
});

export const keyIdParamsSchema = v.object({
  site: v.string(),
  id: v.pipe(v.string(), v.regex(/^\d{1,12}$/, 'id must be a number.'), v.transform(Number)),
});

export const keySummarySchema = v.object({
  id: v.number(),
  name: v.string(),
  role: roleSchema,
  prefix: v.string(),
  createdAt: v.number(),
  lastUsedAt: v.nullable(v.number()),
  revokedAt: v.nullable(v.number()),
});

export const createdKeySchema = v.object({
  id: v.number(),
  key: v.string(),
  prefix: v.string(),
  name: v.string(),
  role: roleSchema,
  siteId: v.nullable(v.string()),
});

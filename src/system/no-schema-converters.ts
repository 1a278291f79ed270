/**
 * Stands in for @standard-community/standard-json and standard-openapi in the Worker bundle
 * (see `[alias]` in wrangler.toml). hono-openapi's `describeRoute`, `validator` and `resolver`
 * only reference the converters; they run in `generateSpecs`, which happens at build time now
 * (scripts/openapi.ts). Without the alias the valibot → JSON Schema converter would ship in
 * every Worker. Should anything call them at run time, it fails loudly instead.
 */
const buildTimeOnly = (): never => {
  throw new Error('OpenAPI schema conversion runs at build time (scripts/openapi.ts), not in the Worker');
};

export const loadVendor = buildTimeOnly;
export const toJsonSchema = buildTimeOnly;
export const toOpenAPISchema = buildTimeOnly;

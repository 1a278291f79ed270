/**
 * Stands in for zod in the Worker bundle (see `[alias]` in wrangler.toml). hono-openapi's
 * schema converters import zod lazily, only for zod schemas, which Tanggap never has (every
 * schema is valibot); bundlers cannot see that, and zod would otherwise be more than a third of
 * the Worker. Should a zod schema ever reach the converter, it fails loudly instead.
 */
export {};

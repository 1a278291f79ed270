import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { htmlDocument } from '../http/html-document';

/** The parts of an OpenAPI 3.1 document the reference page reads; everything else is ignored. */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
};

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema };
type Operation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string }>;
};
export type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
};

export const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

/** The page's only style, allowed by its hash in the CSP (the page is rendered at build time). */
export const DOCS_STYLE = `body{margin:0 auto;max-width:60rem;padding:1rem 1.25rem 4rem;font:16px/1.5 system-ui,sans-serif;color:#1f1f1f;background:#fff}
h1{font-size:1.6rem;margin:.5rem 0}h2{margin-top:2.5rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem;margin:2rem 0 .25rem}
code{font:0.9em/1.4 ui-monospace,monospace;background:#f3f3f3;padding:.1em .3em;border-radius:3px;overflow-wrap:anywhere}
.method{display:inline-block;min-width:4.2em;font-weight:700;text-transform:uppercase}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #eee}
ul.schema{margin:.25rem 0;padding-left:1.25rem}nav ul{columns:2;padding-left:1.25rem}
@media(prefers-color-scheme:dark){body{color:#e3e3e3;background:#1b1b1b}code{background:#2a2a2a}th,td{border-color:#333}h2{border-color:#444}}`;

function typeName(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeName).join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeName(schema.items) : 'any'}[]`;
  return Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
}

function constraints(schema: JsonSchema): string {
  const rules: string[] = [];
  if (schema.minLength !== undefined && schema.maxLength !== undefined) rules.push(`${schema.minLength}–${schema.maxLength} characters`);
  else if (schema.maxLength !== undefined) rules.push(`at most ${schema.maxLength} characters`);
  else if (schema.minLength !== undefined) rules.push(`at least ${schema.minLength} characters`);
  if (schema.minimum !== undefined) rules.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) rules.push(`≤ ${schema.maximum}`);
  if (schema.format) rules.push(schema.format);
  if (schema.pattern) rules.push(`matches ${schema.pattern}`);
  return rules.join(', ');
}

function schemaTree(schema: JsonSchema | undefined, depth = 0): ReturnType<typeof html> | string {
  if (!schema) return '';
  const objectSchema = schema.type === 'array' ? schema.items : schema;
  const properties = objectSchema?.properties;
  if (!properties || depth > 6) {
    const rule = constraints(schema);
    return html`<code>${typeName(schema)}</code>${rule ? ` — ${rule}` : ''}`;
  }
  const required = new Set(objectSchema.required ?? []);
  return html`${schema.type === 'array' ? html`<code>array of</code>` : ''}<ul class="schema">${Object.entries(properties).map(
    ([name, property]) =>
      html`<li><code>${name}</code>${required.has(name) ? ' (required)' : ''}: ${schemaTree(property, depth + 1)}${
        property.description ? html` — ${property.description}` : ''
      }</li>`,
  )}</ul>`;
}

function operationAnchor(method: string, path: string, operation: Operation): string {
  return operation.operationId ?? `${method}-${path}`.replace(/[^A-Za-z0-9_-]+/g, '-');
}

function operationSection(method: string, path: string, operation: Operation) {
  const parameters = operation.parameters ?? [];
  const body = Object.entries(operation.requestBody?.content ?? {})[0];
  return html`<section id="${operationAnchor(method, path, operation)}">
<h3><span class="method">${method}</span> <code>${path}</code></h3>
${operation.summary ? html`<p><strong>${operation.summary}</strong></p>` : ''}
${operation.description ? html`<p>${operation.description}</p>` : ''}
${parameters.length > 0
  ? html`<table><thead><tr><th>Parameter</th><th>In</th><th>Type and rules</th></tr></thead><tbody>${parameters.map(
      (parameter) =>
        html`<tr><td><code>${parameter.name}</code>${parameter.required ? ' (required)' : ''}</td><td>${parameter.in}</td><td>${schemaTree(parameter.schema)}${
          parameter.description ? html` — ${parameter.description}` : ''
        }</td></tr>`,
    )}</tbody></table>`
  : ''}
${body ? html`<p>Request body (<code>${body[0]}</code>):</p>${schemaTree(body[1].schema)}` : ''}
<table><thead><tr><th>Status</th><th>Meaning</th></tr></thead><tbody>${Object.entries(operation.responses ?? {}).map(
    ([status, response]) => html`<tr><td><code>${status}</code></td><td>${response.description ?? ''}</td></tr>`,
  )}</tbody></table>
</section>`;
}

/** Every operation of the document, grouped by its first tag in the document's tag order. */
function operationsByTag(document: OpenApiDocument) {
  const groups = new Map<string, { method: string; path: string; operation: Operation }[]>(
    (document.tags ?? []).map((tag) => [tag.name, []]),
  );
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'Other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ method, path, operation });
    }
  }
  return [...groups].filter(([, operations]) => operations.length > 0);
}

/**
 * The API reference as one self-contained HTML page rendered from the OpenAPI document at build
 * time (scripts/openapi.ts): no script, no web font, no CDN, so it works offline and under the
 * strictest CSP, which allows its one `<style>` by hash (`DOCS_STYLE`).
 */
export function docsPage(document: OpenApiDocument): HtmlEscapedString | Promise<HtmlEscapedString> {
  const groups = operationsByTag(document);
  const tagDescriptions = new Map((document.tags ?? []).map((tag) => [tag.name, tag.description]));
  return htmlDocument({
    lang: 'en',
    title: `${document.info.title} ${document.info.version} — reference`,
    head: html`<style>${raw(DOCS_STYLE)}</style>`,
    body: html`<header>
<h1>${document.info.title} <small>${document.info.version}</small></h1>
${document.info.description ? html`<p>${document.info.description}</p>` : ''}
<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1).</p>
</header>
<nav><ul>${groups.flatMap(([, operations]) =>
    operations.map(
      ({ method, path, operation }) =>
        html`<li><a href="#${operationAnchor(method, path, operation)}"><span class="method">${method}</span> <code>${path}</code></a></li>`,
    ),
  )}</ul></nav>
<main>${groups.map(
    ([tag, operations]) =>
      html`<h2>${tag}</h2>${tagDescriptions.get(tag) ? html`<p>${tagDescriptions.get(tag)}</p>` : ''}${operations.map(({ method, path, operation }) =>
        operationSection(method, path, operation),
      )}`,
  )}</main>`,
  });
}

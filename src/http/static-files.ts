import type { Context } from 'hono';
import type { AppEnv } from './context';

/**
 * The build's static files (`dist/assets/`: the hashed widget scripts, /openapi.json, the
 * /docs page, the dashboard's stylesheet and script) by path inside that directory, or null
 * when there is no such file. On Workers they are static assets read through the ASSETS
 * binding, so their bytes do not count toward the Worker's script size; Node reads the same
 * directory into memory at start (`src/http/node-static-files.ts`).
 *
 * @example await deps.staticFiles('openapi.json')
 */
export type StaticFiles = (path: string) => Promise<ReadableStream | Uint8Array<ArrayBuffer> | null>;

/**
 * Answers with a static file and the content type given; the route sets every other header.
 * A missing file is a broken build, not a client error, so it fails as a 500 and is logged.
 */
export async function sendStaticFile<E extends AppEnv>(c: Context<E>, path: string, contentType: string): Promise<Response> {
  const body = await c.get('deps').staticFiles(path);
  if (!body) throw new Error(`static file ${path} is missing from dist/assets: run \`npm run build\``);
  c.header('Content-Type', contentType);
  return c.body(body);
}

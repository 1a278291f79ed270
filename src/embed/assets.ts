import type { Context } from 'hono';
import type { AppEnv } from '../http/context';
import { sendStaticFile } from '../http/static-files';
import { assets, type BuiltAsset } from '../widget/generated/assets';

/** The stable entry may change on deploy: browsers revalidate after 5 minutes, in the background. */
const ENTRY_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
/** A content-hashed file never changes. */
const HASHED_CACHE = 'public, max-age=31536000, immutable';

const byName = new Map(assets.map((asset) => [asset.name, asset]));

/**
 * Every built script at its two paths: `/widget.js` (stable) and `/widget.<hash>.js`
 * (immutable). Routed as plain paths, not a pattern: a pattern at the root is the one route
 * Hono's regular-expression router cannot compile, and it made every request fall back to the
 * slower trie router.
 */
export const assetFiles: readonly { path: string; asset: BuiltAsset; immutable: boolean }[] = assets.flatMap((asset) => [
  { path: `/${asset.name}.js`, asset, immutable: false },
  { path: `/${asset.file}`, asset, immutable: true },
]);

/** The immutable, content-hashed path of a built script, e.g. `/widget.<hash>.js`. */
export function assetPath(name: string): string {
  return `/${byName.get(name)!.file}`;
}

/**
 * Serves a built script (a static file, dist/assets/<file>) with the headers third-party
 * embedding needs: any site may load it (CORS, CORP cross-origin), and the strong ETag lets
 * the stable entry revalidate with a 304 without reading the file.
 */
export async function serveAsset(c: Context<AppEnv>, asset: BuiltAsset, immutable: boolean): Promise<Response> {
  const etag = `"${asset.hash}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', immutable ? HASHED_CACHE : ENTRY_CACHE);
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  c.header('X-Content-Type-Options', 'nosniff');
  const match = c.req.header('if-none-match');
  if (match && match.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)) return c.body(null, 304);
  return sendStaticFile(c, asset.file, 'text/javascript; charset=utf-8');
}

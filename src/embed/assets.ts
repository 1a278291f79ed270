import type { Context } from 'hono';
import type { AppEnv } from '../http/context';
import { sendStaticFile } from '../http/static-files';
import { assets, type BuiltAsset } from '../widget/generated/assets';

/** The stable entry may change on deploy: browsers revalidate after 5 minutes, in the background. */
const ENTRY_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
/** A content-hashed file never changes. */
const HASHED_CACHE = 'public, max-age=31536000, immutable';

const byName = new Map(assets.map((asset) => [asset.name, asset]));
const byFile = new Map(assets.map((asset) => [asset.file, asset]));

/** `/widget.js` (stable) or `/widget.<hash>.js` (immutable); undefined for anything else. */
export function findAsset(fileName: string): { asset: BuiltAsset; immutable: boolean } | undefined {
  const hashed = byFile.get(fileName);
  if (hashed) return { asset: hashed, immutable: true };
  const entry = byName.get(fileName.replace(/\.js$/, ''));
  return entry && fileName.endsWith('.js') ? { asset: entry, immutable: false } : undefined;
}

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

import { execFileSync } from 'node:child_process';

/**
 * Builds the generated modules (widget assets, the OpenAPI document) before any test imports
 * them, so /openapi.json always describes the routes as they are now, including ones added
 * since the last `npm run build`.
 */
export default function buildGeneratedModules() {
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
}

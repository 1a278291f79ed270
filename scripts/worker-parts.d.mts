import type { BuildResult } from 'esbuild';

/** The Worker bundled as wrangler bundles it, in memory, with its metafile (see worker-parts.mjs). */
export function bundleWorker(entry?: string): Promise<BuildResult<{ metafile: true; write: false }>>;

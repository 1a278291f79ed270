import { fileURLToPath } from 'node:url';

/** Defined (as `true`) only by scripts/build.mjs when it bundles dist/server.mjs. */
declare const TANGGAP_BUNDLED: boolean | undefined;

const bundled = typeof TANGGAP_BUNDLED !== 'undefined' && TANGGAP_BUNDLED;

/**
 * Where the Node server finds the files it reads at start. Run from the sources (tsx, tests)
 * they are the repository's `migrations/` and the build's `dist/assets/`. The bundled server
 * carries its own copies beside itself (`dist/server.mjs`, `dist/migrations/`,
 * `dist/assets/`), so a `dist/` folder plus production dependencies runs anywhere, without
 * the sources: every module of the bundle shares the bundle's `import.meta.url`.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL(bundled ? './migrations' : '../migrations', import.meta.url));

/** The static files `scripts/build.mjs` writes; `[assets] directory` in wrangler.toml. */
export const STATIC_FILES_DIR = fileURLToPath(new URL(bundled ? './assets' : '../dist/assets', import.meta.url));

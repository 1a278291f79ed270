import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A valid secret for the suite; the fail-closed tests override it per request. */
export const WORKERS_TEST_SECRET = 'workers-test-secret-that-is-at-least-32-characters';

/**
 * Workerd suite: the routes run inside workerd on a local D1 created from wrangler.toml, with
 * the migrations read here (in Node) and applied in each test file's setup (see ./setup.ts).
 */
export default defineProject(async () => ({
  plugins: [
    // The objects import the migration files as text, as wrangler's `[[rules]] type = "Text"` does.
    { name: 'sql-as-text', transform: (code: string, id: string) => (id.endsWith('.sql') ? `export default ${JSON.stringify(code)};` : undefined) },
    cloudflareTest({
      main: `${root}src/worker.ts`,
      wrangler: { configPath: `${root}wrangler.toml` },
      miniflare: {
        bindings: {
          TANGGAP_SECRET: WORKERS_TEST_SECRET,
          TANGGAP_ADMIN_KEY: 'workers-instance-admin-key-0123456789',
          ENVIRONMENT: 'test',
          TEST_MIGRATIONS: await readD1Migrations(`${root}migrations`),
        },
      },
    }),
  ],
  test: {
    name: 'workers',
    root,
    include: ['test/workers/**/*.test.ts'],
    globalSetup: ['test/build.setup.ts', 'test/workers/turso.setup.ts'],
    setupFiles: ['test/workers/setup.ts'],
    // CommonJS packages the Worker imports, bundled to ESM for workerd as wrangler's esbuild
    // does for a deploy (the pool's own CommonJS interop hands obscenity's ESM wrapper undefined).
    deps: { optimizer: { ssr: { enabled: true, include: ['obscenity', 'ipaddr.js'] } } },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
}));

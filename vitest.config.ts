import { defineConfig } from 'vitest/config';

/**
 * Node suite: services and routes against a fresh migrated libsql file per test file, through
 * `app.request`. The workerd suite (the same routes on D1) has its own project config.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**', 'test/e2e/**'],
          environment: 'node',
          globalSetup: ['test/build.setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Real Chromium against the real Node server (a child process per file); one browser
        // per file, so files run one at a time to keep a 2-core machine responsive.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          // Generous for a loaded CI box; a passing poll returns as soon as it passes.
          expect: { poll: { timeout: 5_000 } },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      'test/workers/vitest.config.ts',
    ],
  },
});

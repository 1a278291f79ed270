/// <reference types="@cloudflare/vitest-pool-workers/types" />

declare namespace Cloudflare {
  interface GlobalProps {
    /** Types `exports.default` from `cloudflare:workers` as the Worker's own entry. */
    mainModule: typeof import('../../src/worker');
  }
  interface Env {
    DB: D1Database;
    ARTICLE_POLL: DurableObjectNamespace<import('../../src/polls/article-poll').ArticlePoll>;
    ASSETS: Fetcher;
    TANGGAP_SECRET: string;
    ENVIRONMENT: string;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}

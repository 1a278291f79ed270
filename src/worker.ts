import { d1Db } from './db/d1';
import { workerEntry } from './worker-core';

/** Each article's poll on Workers (wrangler.toml binds it as ARTICLE_POLL); see src/polls/README.md. */
export { ArticlePoll } from './polls/article-poll';

/**
 * The Workers entry for D1 (the default deployment). Turso has its own entry,
 * `src/worker-turso.ts` (`wrangler deploy --env turso`), so neither bundle carries the
 * other's driver.
 */
export default workerEntry((env) => {
  if (env.TURSO_DATABASE_URL) {
    return 'TURSO_DATABASE_URL is set, but this is the D1 build: deploy with `--env turso` to use Turso, or remove TURSO_DATABASE_URL to use D1.';
  }
  return env.DB ? d1Db(env.DB) : 'no database: bind a D1 database as DB in wrangler.toml.';
}, { articleObjects: true });

import { tursoDb } from './db/turso-web';
import { workerEntry } from './worker-core';

/**
 * The Workers entry for Turso over HTTP (`wrangler deploy --env turso`): the database is
 * TURSO_DATABASE_URL with TURSO_AUTH_TOKEN instead of a D1 binding.
 */
export default workerEntry((env) =>
  env.TURSO_DATABASE_URL
    ? tursoDb(env.TURSO_DATABASE_URL, env.TURSO_AUTH_TOKEN)
    : 'no database: set TURSO_DATABASE_URL (and TURSO_AUTH_TOKEN) with `wrangler secret put --env turso`.',
);

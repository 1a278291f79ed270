import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { d1Db } from '../../src/db/d1';
import { seedDemo } from '../../src/demo/seed';

// Every test file starts from the migrated schema (tables, counter triggers) and the demo
// sites, seeded here rather than left to the Worker's first request so tests that read the
// database before any request find them too.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await seedDemo(d1Db(env.DB));

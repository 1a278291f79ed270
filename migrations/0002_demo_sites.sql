-- Once seeded the two demo sites into every database, production included. The demo is now a
-- development seed (src/demo/seed.ts, run by the Node server unless NODE_ENV=production and by
-- the Worker unless ENVIRONMENT=production), and this migration does nothing. It keeps its
-- name and journal timestamp: drizzle's migrator and wrangler's D1 migrations track applied
-- migrations by those, so databases that already ran it keep their demo sites and data, and
-- new databases start empty. To remove the demo sites from a production database, see the
-- README, "Going live".
SELECT 1;

import journal from '../../migrations/meta/_journal.json';
import m0000 from '../../migrations/0000_init.sql';
import m0001 from '../../migrations/0001_counters.sql';
import m0002 from '../../migrations/0002_demo_sites.sql';
import m0003 from '../../migrations/0003_newsroom_aggregates.sql';
import m0004 from '../../migrations/0004_newsroom_daily_triggers.sql';
import m0005 from '../../migrations/0005_rate_limits_window.sql';
import m0006 from '../../migrations/0006_article_metadata.sql';
import m0007 from '../../migrations/0007_site_sightings.sql';
import m0008 from '../../migrations/0008_limiter.sql';
import m0010 from '../../migrations/0010_rollup_flushes.sql';
import m0011 from '../../migrations/0011_signed_in_comments.sql';
import m0012 from '../../migrations/0012_complaints_orders.sql';
import m0013 from '../../migrations/0013_editor_picks.sql';
import m0014 from '../../migrations/0014_trust_closing.sql';
import m0015 from '../../migrations/0015_ballot_privacy.sql';

/**
 * The D1 migrations, bundled for drizzle's durable-sqlite migrator: every `ArticlePoll` object
 * builds the very schema D1 has (tables, counter triggers), so the vote service's statements
 * mean the same thing in both. The migrator refuses to start an object while a journal entry
 * has no file here, so a new migration cannot be forgotten: add its import beside the others.
 * (`.sql` files load as text: wrangler.toml's `[[rules]]`, and the workerd test config.)
 */
export const durableMigrations = {
  journal,
  migrations: { m0000, m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0010, m0011, m0012, m0013, m0014, m0015 },
};

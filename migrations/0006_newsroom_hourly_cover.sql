DROP INDEX `reaction_hourly_site_hour`;--> statement-breakpoint
CREATE INDEX `reaction_hourly_site_hour` ON `reaction_hourly` (`site_id`,`hour`,`reaction_key`,`article_id`,`casts`,`delta`);
CREATE TABLE `reaction_daily` (
	`site_id` text NOT NULL,
	`article_id` integer NOT NULL,
	`reaction_key` text NOT NULL,
	`day` integer NOT NULL,
	`delta` integer DEFAULT 0 NOT NULL,
	`casts` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`article_id`, `reaction_key`, `day`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reaction_daily_site_day` ON `reaction_daily` (`site_id`,`day`,`article_id`,`reaction_key`,`casts`,`delta`);--> statement-breakpoint
DROP INDEX `reaction_hourly_site_hour`;--> statement-breakpoint
CREATE INDEX `reaction_hourly_site_hour` ON `reaction_hourly` (`site_id`,`hour`,`reaction_key`,`article_id`,`casts`,`delta`);--> statement-breakpoint
CREATE INDEX `comments_reported` ON `comments` (`article_id`,`id`) WHERE report_count > 0 AND status IN ('approved', 'pending');
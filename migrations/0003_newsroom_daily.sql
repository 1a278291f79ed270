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
CREATE INDEX `reaction_daily_site_day` ON `reaction_daily` (`site_id`,`day`,`article_id`,`reaction_key`,`casts`,`delta`);
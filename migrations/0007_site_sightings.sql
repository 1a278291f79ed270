CREATE TABLE `site_sightings` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`origin` text NOT NULL,
	`path` text DEFAULT '' NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`last_seen_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `origin`, `path`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `site_sightings_recent` ON `site_sightings` (`site_id`,`kind`,`last_seen_at`);
ALTER TABLE `comments` ADD `sso_user_hash` text;
--> statement-breakpoint
CREATE TABLE `site_sso_secrets` (
	`site_id` text PRIMARY KEY NOT NULL,
	`seed` text NOT NULL,
	`rotated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sso_tokens_seen` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sso_tokens_seen_expiry` ON `sso_tokens_seen` (`expires_at`);
--> statement-breakpoint
CREATE TABLE `rules_agreements` (
	`site_id` text NOT NULL,
	`author_hash` text NOT NULL,
	`version` integer NOT NULL,
	`agreed_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `author_hash`, `version`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rules_agreements_author` ON `rules_agreements` (`author_hash`);

ALTER TABLE `articles` ADD `author` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `published_at` integer;--> statement-breakpoint
CREATE INDEX `articles_site_author` ON `articles` (`site_id`,`author`);
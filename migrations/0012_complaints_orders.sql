-- Complaints (issue 14): every report is a complaint with a due time fixed when it is filed
-- (the site's complaintDeadlineHours, 48 by default) and, once a moderator acts on the comment,
-- the decision, its reason from the fixed list and an optional note, so the reporter can read it.
ALTER TABLE `comment_reports` ADD `due_at` integer;--> statement-breakpoint
ALTER TABLE `comment_reports` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `comment_reports` ADD `decision` text;--> statement-breakpoint
ALTER TABLE `comment_reports` ADD `decision_reason` text;--> statement-breakpoint
ALTER TABLE `comment_reports` ADD `decision_note` text;--> statement-breakpoint
UPDATE `comment_reports` SET `due_at` = `created_at` + 172800000;--> statement-breakpoint
CREATE INDEX `comment_reports_created` ON `comment_reports` (`created_at`);--> statement-breakpoint
CREATE INDEX `comment_reports_open_due` ON `comment_reports` (`due_at`) WHERE decided_at IS NULL;--> statement-breakpoint
CREATE TABLE `authority_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`issuer` text NOT NULL,
	`issuer_name` text,
	`reference` text NOT NULL,
	`received_at` integer NOT NULL,
	`urgency` text NOT NULL,
	`due_at` integer NOT NULL,
	`comment_ids` text NOT NULL,
	`article_ids` text NOT NULL,
	`note` text,
	`corrects_id` integer,
	`actor_key_id` integer,
	`actor_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `authority_orders_site_due` ON `authority_orders` (`site_id`,`due_at`);--> statement-breakpoint
-- The order log is append-only: a correction is a new entry naming the one it corrects. Rows
-- still go when their site is deleted (the cascade deletes, it never updates).
CREATE TRIGGER authority_orders_append_only BEFORE UPDATE ON authority_orders
BEGIN
  SELECT RAISE(ABORT, 'authority_orders is append-only');
END;
--> statement-breakpoint
ALTER TABLE `moderation_log` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `moderation_log` ADD `order_id` integer;--> statement-breakpoint
CREATE INDEX `moderation_log_order` ON `moderation_log` (`order_id`) WHERE order_id IS NOT NULL;

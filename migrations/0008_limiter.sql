CREATE TABLE `limit_fired` (
	`site_id` text NOT NULL,
	`policy` text NOT NULL,
	`day` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `policy`, `day`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP TABLE `vote_network_usage`;--> statement-breakpoint
ALTER TABLE `comment_reports` ADD `network_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `comment_reports` ADD `address_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `comment_reports` ADD `dismissed` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- report_count counts live reports only: a dismissed report (its comment was approved) stays so
-- its reader cannot report again, but no longer counts.
DROP TRIGGER comment_reports_after_delete;--> statement-breakpoint
CREATE TRIGGER comment_reports_after_delete AFTER DELETE ON comment_reports WHEN OLD.dismissed = 0
BEGIN
  UPDATE comments SET report_count = report_count - 1 WHERE id = OLD.comment_id;
END;
--> statement-breakpoint
CREATE TRIGGER comment_reports_after_dismiss AFTER UPDATE OF dismissed ON comment_reports WHEN OLD.dismissed = 0 AND NEW.dismissed = 1
BEGIN
  UPDATE comments SET report_count = report_count - 1 WHERE id = NEW.comment_id;
END;

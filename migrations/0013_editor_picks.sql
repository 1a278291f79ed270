ALTER TABLE `comments` ADD `picked_at` integer;
--> statement-breakpoint
CREATE INDEX `comments_picked` ON `comments` (`article_id`,`picked_at`) WHERE picked_at IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER comments_unpick AFTER UPDATE OF status, body ON comments
WHEN NEW.picked_at IS NOT NULL AND (NEW.status <> 'approved' OR NEW.body IS NOT OLD.body)
BEGIN
  UPDATE comments SET picked_at = NULL WHERE id = NEW.id;
END;

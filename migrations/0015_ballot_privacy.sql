-- Votes of an article whose poll moved into its ArticlePoll object (src/polls/README.md).
-- `votes_moved` is set in D1 by the object before it reads the article's votes; from then on
-- D1 refuses any vote write for the article (an older Worker version of a gradual deploy
-- still writing to D1 gets an error instead of a vote the object never counts), and deleting
-- a D1 copy of such a vote leaves the counters alone (the object's roll-ups own them). In an
-- object's own SQLite the column stays 0, so its triggers count as before.
ALTER TABLE `articles` ADD `votes_moved` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE TRIGGER votes_moved_refuse_insert BEFORE INSERT ON votes
WHEN EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND votes_moved = 1)
BEGIN
  SELECT RAISE(ABORT, 'poll_moved: this article''s votes live in its ArticlePoll object');
END;
--> statement-breakpoint
CREATE TRIGGER votes_moved_refuse_update BEFORE UPDATE ON votes
WHEN EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND votes_moved = 1)
BEGIN
  SELECT RAISE(ABORT, 'poll_moved: this article''s votes live in its ArticlePoll object');
END;
--> statement-breakpoint
DROP TRIGGER votes_after_delete;--> statement-breakpoint
CREATE TRIGGER votes_after_delete AFTER DELETE ON votes
WHEN NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND votes_moved = 1)
BEGIN
  UPDATE reaction_counts SET count = count - 1
    WHERE article_id = OLD.article_id AND reaction_key = OLD.reaction_key;
  INSERT INTO reaction_hourly (site_id, article_id, reaction_key, hour, delta, casts)
    SELECT site_id, OLD.article_id, OLD.reaction_key, cast(unixepoch('subsec') * 1000 as integer) / 3600000, -1, 0
    FROM articles WHERE id = OLD.article_id
    ON CONFLICT (article_id, reaction_key, hour) DO UPDATE SET delta = delta - 1;
  UPDATE articles SET vote_count = vote_count - 1 WHERE id = OLD.article_id;
END;
--> statement-breakpoint
DROP TRIGGER votes_daily_after_delete;--> statement-breakpoint
CREATE TRIGGER votes_daily_after_delete AFTER DELETE ON votes
WHEN NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND votes_moved = 1)
BEGIN
  INSERT INTO reaction_daily (site_id, article_id, reaction_key, day, delta, casts)
    SELECT site_id, OLD.article_id, OLD.reaction_key, cast(unixepoch('subsec') * 1000 as integer) / 86400000, -1, 0
    FROM articles WHERE id = OLD.article_id
    ON CONFLICT (article_id, reaction_key, day) DO UPDATE SET delta = delta - 1;
END;
--> statement-breakpoint
-- Which articles (and shard) an object holds a reader's vote on, reported in its roll-up
-- flushes: a reader's export and erasure find their votes without asking every object.
CREATE TABLE `poll_readers` (
	`reader_hash` text NOT NULL,
	`article_id` integer NOT NULL REFERENCES `articles`(`id`) ON DELETE cascade,
	`shard` integer NOT NULL,
	PRIMARY KEY(`reader_hash`, `article_id`)
);--> statement-breakpoint
CREATE INDEX `poll_readers_article` ON `poll_readers` (`article_id`);--> statement-breakpoint
-- A reader erased while an object still held an unreported vote of theirs: the flush that
-- reports it finds this row and the object deletes the vote. Kept two days (retention cron).
CREATE TABLE `reader_erasures` (
	`reader_hash` text PRIMARY KEY NOT NULL,
	`erased_at` integer NOT NULL
);--> statement-breakpoint
CREATE INDEX `reader_erasures_at` ON `reader_erasures` (`erased_at`);

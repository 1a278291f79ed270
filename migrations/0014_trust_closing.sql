-- Trusted readers and scheduled closing (issue 14, part 5).
-- A moderator's explicit trust level for an author (the SSO user hash of a signed-in commenter,
-- else the reader hash); without a row the level follows from the author's comments.
CREATE TABLE `reader_trust` (
	`site_id` text NOT NULL,
	`author_hash` text NOT NULL,
	`level` text NOT NULL,
	`set_by` integer,
	`set_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `author_hash`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- A signed-in author's comments, for their trust level (the reader's have comments_reader).
CREATE INDEX `comments_sso_user` ON `comments` (`sso_user_hash`) WHERE sso_user_hash IS NOT NULL;--> statement-breakpoint
-- A moderator keeps the comments open past the site's closing schedule (comments_open = 0 still closes them).
ALTER TABLE `articles` ADD `comments_kept_open` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- When the article's first vote was cast: the site's closing schedule counts from it.
ALTER TABLE `articles` ADD `first_vote_at` integer;--> statement-breakpoint
UPDATE `articles` SET `first_vote_at` = (SELECT min(`created_at`) FROM `votes` WHERE `article_id` = `articles`.`id`);--> statement-breakpoint
-- The vote counter's trigger sets first_vote_at in the UPDATE it already makes, so the vote
-- costs no extra statement.
DROP TRIGGER `votes_after_insert`;--> statement-breakpoint
CREATE TRIGGER votes_after_insert AFTER INSERT ON votes
BEGIN
  INSERT INTO reaction_counts (article_id, reaction_key, count)
    VALUES (NEW.article_id, NEW.reaction_key, 1)
    ON CONFLICT (article_id, reaction_key) DO UPDATE SET count = count + 1;
  INSERT INTO reaction_hourly (site_id, article_id, reaction_key, hour, delta, casts)
    VALUES ((SELECT site_id FROM articles WHERE id = NEW.article_id), NEW.article_id, NEW.reaction_key, NEW.updated_at / 3600000, 1, 1)
    ON CONFLICT (article_id, reaction_key, hour) DO UPDATE SET delta = delta + 1, casts = casts + 1;
  UPDATE articles SET vote_count = vote_count + 1, first_vote_at = coalesce(first_vote_at, NEW.created_at) WHERE id = NEW.article_id;
END;

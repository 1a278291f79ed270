-- Counters kept by triggers, so every counter moves in the same statement as the row it
-- counts: a tally read is O(1) and can never drift from the rows, on libsql and D1 alike.
-- Hourly buckets use the epoch hour (UTC) of the write; the newsroom shifts them to the
-- site's time zone when it reads.
CREATE TRIGGER votes_after_insert AFTER INSERT ON votes
BEGIN
  INSERT INTO reaction_counts (article_id, reaction_key, count)
    VALUES (NEW.article_id, NEW.reaction_key, 1)
    ON CONFLICT (article_id, reaction_key) DO UPDATE SET count = count + 1;
  INSERT INTO reaction_hourly (site_id, article_id, reaction_key, hour, delta, casts)
    VALUES ((SELECT site_id FROM articles WHERE id = NEW.article_id), NEW.article_id, NEW.reaction_key, NEW.updated_at / 3600000, 1, 1)
    ON CONFLICT (article_id, reaction_key, hour) DO UPDATE SET delta = delta + 1, casts = casts + 1;
  UPDATE articles SET vote_count = vote_count + 1 WHERE id = NEW.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER votes_after_update AFTER UPDATE OF reaction_key ON votes
WHEN OLD.reaction_key <> NEW.reaction_key
BEGIN
  UPDATE reaction_counts SET count = count - 1
    WHERE article_id = OLD.article_id AND reaction_key = OLD.reaction_key;
  INSERT INTO reaction_counts (article_id, reaction_key, count)
    VALUES (NEW.article_id, NEW.reaction_key, 1)
    ON CONFLICT (article_id, reaction_key) DO UPDATE SET count = count + 1;
  INSERT INTO reaction_hourly (site_id, article_id, reaction_key, hour, delta, casts)
    VALUES ((SELECT site_id FROM articles WHERE id = NEW.article_id), NEW.article_id, OLD.reaction_key, NEW.updated_at / 3600000, -1, 0)
    ON CONFLICT (article_id, reaction_key, hour) DO UPDATE SET delta = delta - 1;
  INSERT INTO reaction_hourly (site_id, article_id, reaction_key, hour, delta, casts)
    VALUES ((SELECT site_id FROM articles WHERE id = NEW.article_id), NEW.article_id, NEW.reaction_key, NEW.updated_at / 3600000, 1, 1)
    ON CONFLICT (article_id, reaction_key, hour) DO UPDATE SET delta = delta + 1, casts = casts + 1;
END;
--> statement-breakpoint
CREATE TRIGGER votes_after_delete AFTER DELETE ON votes
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
CREATE TRIGGER comments_after_insert AFTER INSERT ON comments
WHEN NEW.status = 'approved'
BEGIN
  UPDATE articles SET comment_count = comment_count + 1 WHERE id = NEW.article_id;
  UPDATE comments SET reply_count = reply_count + 1 WHERE id = NEW.parent_id;
END;
--> statement-breakpoint
CREATE TRIGGER comments_after_status AFTER UPDATE OF status ON comments
WHEN (OLD.status = 'approved') <> (NEW.status = 'approved')
BEGIN
  UPDATE articles SET comment_count = comment_count + (CASE WHEN NEW.status = 'approved' THEN 1 ELSE -1 END)
    WHERE id = NEW.article_id;
  UPDATE comments SET reply_count = reply_count + (CASE WHEN NEW.status = 'approved' THEN 1 ELSE -1 END)
    WHERE id = NEW.parent_id;
END;
--> statement-breakpoint
CREATE TRIGGER comments_after_delete AFTER DELETE ON comments
WHEN OLD.status = 'approved'
BEGIN
  UPDATE articles SET comment_count = comment_count - 1 WHERE id = OLD.article_id;
  UPDATE comments SET reply_count = reply_count - 1 WHERE id = OLD.parent_id;
END;
--> statement-breakpoint
CREATE TRIGGER comment_likes_after_insert AFTER INSERT ON comment_likes
BEGIN
  UPDATE comments SET like_count = like_count + 1 WHERE id = NEW.comment_id;
END;
--> statement-breakpoint
CREATE TRIGGER comment_likes_after_delete AFTER DELETE ON comment_likes
BEGIN
  UPDATE comments SET like_count = like_count - 1 WHERE id = OLD.comment_id;
END;
--> statement-breakpoint
CREATE TRIGGER comment_reports_after_insert AFTER INSERT ON comment_reports
BEGIN
  UPDATE comments SET report_count = report_count + 1 WHERE id = NEW.comment_id;
END;
--> statement-breakpoint
CREATE TRIGGER comment_reports_after_delete AFTER DELETE ON comment_reports
BEGIN
  UPDATE comments SET report_count = report_count - 1 WHERE id = OLD.comment_id;
END;

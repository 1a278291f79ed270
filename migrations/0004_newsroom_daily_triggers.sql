-- reaction_daily moves with every vote exactly as reaction_hourly does (same epoch hour,
-- divided into UTC days), in extra triggers beside the ones of 0001, and starts from what
-- reaction_hourly already holds.
CREATE TRIGGER votes_daily_after_insert AFTER INSERT ON votes
BEGIN
  INSERT INTO reaction_daily (site_id, article_id, reaction_key, day, delta, casts)
    VALUES ((SELECT site_id FROM articles WHERE id = NEW.article_id), NEW.article_id, NEW.reaction_key, NEW.updated_at / 86400000, 1, 1)
    ON CONFLICT (article_id, reaction_key, day) DO UPDATE SET delta = delta + 1, casts = casts + 1;
END;
--> statement-breakpoint
CREATE TRIGGER votes_daily_after_update AFTER UPDATE OF reaction_key ON votes
WHEN OLD.reaction_key <> NEW.reaction_key
BEGIN
  INSERT INTO reaction_daily (site_id, article_id, reaction_key, day, delta, casts)
    VALUES ((SELECT site_id FROM articles WHERE id = NEW.article_id), NEW.article_id, OLD.reaction_key, NEW.updated_at / 86400000, -1, 0)
    ON CONFLICT (article_id, reaction_key, day) DO UPDATE SET delta = delta - 1;
  INSERT INTO reaction_daily (site_id, article_id, reaction_key, day, delta, casts)
    VALUES ((SELECT site_id FROM articles WHERE id = NEW.article_id), NEW.article_id, NEW.reaction_key, NEW.updated_at / 86400000, 1, 1)
    ON CONFLICT (article_id, reaction_key, day) DO UPDATE SET delta = delta + 1, casts = casts + 1;
END;
--> statement-breakpoint
CREATE TRIGGER votes_daily_after_delete AFTER DELETE ON votes
BEGIN
  INSERT INTO reaction_daily (site_id, article_id, reaction_key, day, delta, casts)
    SELECT site_id, OLD.article_id, OLD.reaction_key, cast(unixepoch('subsec') * 1000 as integer) / 86400000, -1, 0
    FROM articles WHERE id = OLD.article_id
    ON CONFLICT (article_id, reaction_key, day) DO UPDATE SET delta = delta - 1;
END;
--> statement-breakpoint
INSERT INTO reaction_daily (site_id, article_id, reaction_key, day, delta, casts)
  SELECT site_id, article_id, reaction_key, hour / 24, sum(delta), sum(casts)
  FROM reaction_hourly GROUP BY article_id, reaction_key, hour / 24;

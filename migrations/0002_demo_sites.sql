-- Two demo sites, so a fresh install has something to embed and so the tests can prove that
-- reaction sets are per site. Both accept only local origins; a production newsroom creates
-- its own sites and may delete these.
INSERT INTO sites (id, name, origins, default_locale, time_zone, settings) VALUES
  ('demo', 'Tanggap Demo', '["http://localhost:*","http://127.0.0.1:*","http://[::1]:*"]', 'id', 'Asia/Jakarta', '{}'),
  ('contoh', 'Contoh Media', '["http://localhost:*","http://127.0.0.1:*","http://[::1]:*"]', 'en', 'Asia/Jakarta', '{}');
--> statement-breakpoint
INSERT INTO reactions (site_id, key, labels, emoji, position, active) VALUES
  ('demo', 'senang', '{"id":"Senang","en":"Happy"}', '😊', 0, 1),
  ('demo', 'terhibur', '{"id":"Terhibur","en":"Amused"}', '😂', 1, 1),
  ('demo', 'terinspirasi', '{"id":"Terinspirasi","en":"Inspired"}', '🤩', 2, 1),
  ('demo', 'tidak-peduli', '{"id":"Tidak peduli","en":"Don''t care"}', '😐', 3, 1),
  ('demo', 'terganggu', '{"id":"Terganggu","en":"Annoyed"}', '😒', 4, 1),
  ('demo', 'sedih', '{"id":"Sedih","en":"Sad"}', '😢', 5, 1),
  ('demo', 'cemas', '{"id":"Cemas","en":"Worried"}', '😟', 6, 1),
  ('demo', 'marah', '{"id":"Marah","en":"Angry"}', '😡', 7, 1),
  ('contoh', 'happy', '{"id":"Senang","en":"Happy"}', '😀', 0, 1),
  ('contoh', 'inspire', '{"id":"Terinspirasi","en":"Inspired"}', '✨', 1, 1),
  ('contoh', 'confuse', '{"id":"Bingung","en":"Confused"}', '😕', 2, 1),
  ('contoh', 'sad', '{"id":"Sedih","en":"Sad"}', '😢', 3, 1);

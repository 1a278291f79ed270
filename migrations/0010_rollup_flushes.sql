-- The last roll-up flush D1 applied from each ArticlePoll object (src/polls/rollup.ts): a
-- flush applies only when its number follows this one, in the same batch, so a retried flush
-- is never counted twice. `attempt` is the token of the attempt that applied `seq`.
CREATE TABLE `rollup_flushes` (
	`object` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`attempt` text NOT NULL,
	`flushed_at` integer NOT NULL
);

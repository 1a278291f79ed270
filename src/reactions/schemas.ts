import { proofSchema } from '../ratelimit/schemas';
import * as v from 'valibot';
import { siteIdSchema } from '../sites/schemas';
import { articleIdSchema, localeSchema, pageMetadataEntries, readerTokenSchema } from '../http/schemas';

export const articleParamsSchema = v.object({ site: siteIdSchema, article: articleIdSchema });

export const pollQuerySchema = v.object({
  lang: v.optional(localeSchema),
  reader: v.optional(readerTokenSchema),
  ...pageMetadataEntries,
});

export const voteBodySchema = v.strictObject({
  reader: readerTokenSchema,
  reaction: v.pipe(
    v.string('reaction must be a string, e.g. "senang".'),
    v.minLength(1, 'reaction must not be empty.'),
    v.maxLength(64, 'reaction must be at most 64 characters.'),
  ),
  ...pageMetadataEntries,
  lang: v.optional(localeSchema),
  /** A solved challenge (GET /v1/sites/{site}/challenge), needed past the address's soft ceiling. */
  proof: v.optional(proofSchema),
});

export const withdrawBodySchema = v.strictObject({
  reader: readerTokenSchema,
  lang: v.optional(localeSchema),
});

/**
 * How this deployment follows a poll live at `GET …/live`: `sse` (Server-Sent Events, the Node
 * server) or `ws` (a WebSocket, Workers). Absent from a poll when it cannot be followed live.
 */
export const liveTransportSchema = v.pipe(
  v.picklist(['sse', 'ws']),
  v.description('How to follow this poll live at `GET …/live`: `sse` (Server-Sent Events) or `ws` (a WebSocket). Absent when the deployment offers no live tally.'),
);

export const pollViewSchema = v.object({
  site: v.object({
    id: v.string(),
    name: v.string(),
    locale: localeSchema,
    resultVisibility: v.picklist(['always', 'after-vote']),
  }),
  article: v.object({
    id: v.string(),
    pollOpen: v.boolean(),
    commentsOpen: v.boolean(),
    commentCount: v.number(),
  }),
  question: v.string(),
  lang: localeSchema,
  /**
   * `count`, `percent` and `total` are absent while the results are hidden from this reader:
   * on an `after-vote` site, until they vote (while the poll is open). The newsroom sees them.
   */
  reactions: v.array(
    v.object({ key: v.string(), label: v.string(), emoji: v.string(), count: v.optional(v.number()), percent: v.optional(v.number()) }),
  ),
  total: v.optional(v.number()),
  choice: v.nullable(v.string()),
  live: v.optional(liveTransportSchema),
});

/** What `GET …/live` sends whenever the tally changes: the shown reactions' counts by key, and their sum. */
export const liveTallySchema = v.object({ total: v.number(), counts: v.record(v.string(), v.number()) });

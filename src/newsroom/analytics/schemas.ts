import * as v from 'valibot';
import { articleIdSchema, authorSchema, sectionSchema } from '../../http/schemas';
import { periodQuerySchema } from '../schemas';
import { commentsOverrideSchema } from '../settings/schemas';

const reactionKey = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'reaction must be a reaction key (lowercase letters, digits, hyphens).'));

export const topQuerySchema = v.intersect([
  periodQuerySchema,
  v.object({
    by: v.optional(v.picklist(['votes', 'reaction', 'comments'], 'by must be votes, reaction or comments.'), 'votes'),
    reaction: v.optional(reactionKey),
    /** Only this section's articles (as stored: the page's `article:section`). */
    section: v.optional(sectionSchema),
    /** Only this author's articles (the byline as stored). */
    author: v.optional(authorSchema),
    limit: v.optional(
      v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'limit must be a number from 1 to 100.'), v.transform(Number), v.minValue(1, 'limit must be at least 1.'), v.maxValue(100, 'limit must be at most 100.')),
      '20',
    ),
  }),
]);

export const articleParamsSchema = v.object({ site: v.string(), article: articleIdSchema });

export const exportQuerySchema = v.intersect([
  periodQuerySchema,
  v.object({
    format: v.optional(v.picklist(['csv', 'json'], 'format must be csv or json.'), 'json'),
    article: v.optional(articleIdSchema),
  }),
]);

const periodSchema = v.object({ name: v.string(), from: v.string(), to: v.string(), timeZone: v.string() });
const reactionInfoSchema = v.object({
  key: v.string(),
  label: v.object({ id: v.string(), en: v.string() }),
  emoji: v.string(),
  active: v.boolean(),
});
const countsByStatus = {
  approved: v.number(),
  pending: v.number(),
  rejected: v.number(),
  spam: v.number(),
  deleted: v.number(),
};

export const overviewSchema = v.object({
  site: v.object({ id: v.string(), name: v.string(), timeZone: v.string() }),
  period: periodSchema,
  votes: v.pipe(v.number(), v.description('Votes cast or changed in the period.')),
  netVotes: v.number(),
  comments: v.object({ ...countsByStatus, total: v.number() }),
  queue: v.object({ pending: v.number(), reported: v.number() }),
  reactions: v.array(v.object({ ...reactionInfoSchema.entries, votes: v.number(), percent: v.number() })),
  hourly: v.array(v.object({ hour: v.number(), start: v.string(), votes: v.number() })),
  hoursOfDay: v.array(v.object({ hour: v.number(), votes: v.number() })),
  busiestHours: v.array(v.object({ hour: v.number(), votes: v.number() })),
});

export const topArticlesSchema = v.object({
  reactions: v.array(reactionInfoSchema),
  articles: v.array(
    v.object({
      id: v.string(),
      title: v.nullable(v.string()),
      url: v.nullable(v.string()),
      section: v.nullable(v.string()),
      author: v.nullable(v.string()),
      publishedAt: v.pipe(v.nullable(v.number()), v.description('Publication time the page gave, epoch ms.')),
      votes: v.number(),
      reactions: v.record(v.string(), v.number()),
      comments: v.number(),
      score: v.number(),
      pollOpen: v.boolean(),
      commentsOpen: v.boolean(),
    }),
  ),
});

export const sectionsSchema = v.object({
  reactions: v.array(reactionInfoSchema),
  sections: v.array(v.object({ section: v.nullable(v.string()), votes: v.number(), reactions: v.record(v.string(), v.number()), top: v.nullable(v.string()) })),
});

export const authorsSchema = v.object({
  reactions: v.array(reactionInfoSchema),
  authors: v.array(v.object({ author: v.nullable(v.string()), votes: v.number(), reactions: v.record(v.string(), v.number()), top: v.nullable(v.string()) })),
});

export const articleReportSchema = v.object({
  article: v.object({
    id: v.string(),
    title: v.nullable(v.string()),
    url: v.nullable(v.string()),
    section: v.nullable(v.string()),
    firstSeenAt: v.number(),
    pollOpen: v.boolean(),
    /** At the request's time: neither a moderator nor the site's closing schedule closed them. */
    commentsOpen: v.boolean(),
    /** The moderator's choice: open, closed, or automatic (the schedule decides). */
    comments: commentsOverrideSchema,
    /** When the schedule closes the comments (epoch ms); null when it will not. */
    commentsClosesAt: v.nullable(v.number()),
  }),
  tally: v.array(v.object({ ...reactionInfoSchema.entries, count: v.number(), percent: v.number() })),
  total: v.number(),
  period: periodSchema,
  series: v.object({
    granularity: v.picklist(['hour', 'day']),
    points: v.array(v.object({ start: v.string(), votes: v.record(v.string(), v.number()), total: v.number() })),
  }),
  comments: v.object({ ...countsByStatus, reported: v.number() }),
});

export const exportSchema = v.object({
  columns: v.array(v.string()),
  rows: v.array(v.record(v.string(), v.union([v.string(), v.number()]))),
});

import * as v from 'valibot';
import { siteIdSchema } from '../sites/schemas';

/** Every newsroom route is under `/v1/newsroom/sites/{site}/…`. */
export const siteParamsSchema = v.object({ site: siteIdSchema });

/** A comment of the site, addressed by id in the path (`…/picks/{id}`, `…/mutes/{id}`). */
export const commentParamsSchema = v.object({
  site: siteIdSchema,
  id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,11}$/, 'id must be a comment id (a positive whole number).'), v.transform(Number)),
});

const isoDay = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD.'));

/**
 * A reporting period in the site's time zone: `today`, the last `7d` or `30d` (whole local
 * days, today included), or `custom` from one local date to another (both included).
 */
export const periodQuerySchema = v.pipe(
  v.object({
    period: v.optional(v.picklist(['today', '7d', '30d', 'custom'], 'period must be today, 7d, 30d or custom.'), '7d'),
    from: v.optional(isoDay),
    to: v.optional(isoDay),
  }),
  v.forward(
    v.partialCheck(
      [['period'], ['from'], ['to']],
      (input) => input.period !== 'custom' || (input.from !== undefined && input.to !== undefined && input.from <= input.to),
      'a custom period needs from and to (YYYY-MM-DD), from not after to.',
    ),
    ['from'],
  ),
);

export type PeriodQuery = v.InferOutput<typeof periodQuerySchema>;

export const roleSchema = v.picklist(['viewer', 'moderator', 'admin'], 'role must be viewer, moderator or admin.');

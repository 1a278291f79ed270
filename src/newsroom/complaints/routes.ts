import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { privateJson } from '../../http/cache';
import { type AppEnv, requestedLocale, requestTime } from '../../http/context';
import { responses } from '../../http/openapi';
import { validate } from '../../http/validate';
import { type NewsroomEnv, requireRole } from '../access/middleware';
import { sendTable } from '../analytics/routes';
import { exportSchema } from '../analytics/schemas';
import { siteParamsSchema } from '../schemas';
import { complaintReportQuerySchema, readerComplaintsQuerySchema, readerComplaintsSchema } from './schemas';
import { complaintReport, readerComplaints } from './service';

/** The newsroom's monthly complaint report. */
export function complaintRoutes() {
  const app = new Hono<NewsroomEnv>();

  app.get(
    '/sites/:site/export/complaints',
    describeRoute({
      tags: ['Newsroom: moderation'],
      summary: 'Monthly complaint report',
      description:
        "Complaints (readers' reports) per month in the site's time zone, for the twelve months ending with `month` (YYYY-MM, the current month by default): received, handled, handled within the deadline, late (decided after the deadline or still undecided past it), open, the share handled within the deadline in whole percents, and the median hours to handle. `format=csv` (UTF-8 with BOM) or `json`. Viewer role.",
      responses: responses({ description: 'One row per month', schema: exportSchema }, [400, 401, 403, 404]),
    }),
    requireRole('viewer'),
    validate('param', siteParamsSchema),
    validate('query', complaintReportQuerySchema),
    async (c) => {
      const { month, format } = c.req.valid('query');
      const { deps, site } = c.var;
      const table = await complaintReport({ db: deps.db, site, month, now: requestTime(c) });
      return sendTable(c, table, `${site.id}-complaints-${table.rows.at(-1)!.month}`, format);
    },
  );

  return app;
}

/** A reader's own complaints and their outcomes, for the widget. */
export function readerComplaintRoutes() {
  const app = new Hono<AppEnv>();

  app.get(
    '/sites/:site/readers/me/complaints',
    describeRoute({
      tags: ['Readers'],
      summary: "The outcome of a reader's complaints",
      description:
        "The comments this reader token reported on the site (newest 50), each with its due time and `outcome`: `open` until a moderator decides, then `removed` or `kept`, with the decision's `reason` (key and label in the reader's language, `lang` or Accept-Language, else the site's) and note. Nobody else's reports are ever shown.",
      responses: responses({ description: "The reader's complaints", schema: readerComplaintsSchema }, [400, 403, 404]),
    }),
    validate('param', siteParamsSchema),
    validate('query', readerComplaintsQuerySchema),
    async (c) => {
      const { site } = c.req.valid('param');
      const { reader, lang } = c.req.valid('query');
      const { db, config } = c.var.deps;
      return privateJson(c, await readerComplaints({ db, secret: config.secret, siteId: site, readerToken: reader, locale: requestedLocale(c, lang) }));
    },
  );

  return app;
}

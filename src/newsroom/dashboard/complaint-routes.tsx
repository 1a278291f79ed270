import { Hono } from 'hono';
import { requestTime } from '../../http/context';
import { HOUR_MS } from '../../lib/time';
import type { Site } from '../../sites/service';
import type { NewsroomEnv } from '../access/middleware';
import { localMidnight } from '../analytics/periods';
import { complaintReport } from '../complaints/service';
import { orderBodySchema } from '../orders/schemas';
import { listOrders, recordOrder } from '../orders/service';
import { parseWith, readForm } from './forms';
import { ComplaintReportPage } from './pages/complaints';
import { type OrderFormValues, OrdersPage } from './pages/orders';
import { sitePage } from './view';

/** The order form's fields. */
const orderFields = ['issuer', 'issuerName', 'reference', 'receivedAt', 'urgency', 'dueAt', 'commentIds', 'articleIds', 'note', 'correctsId'];

/** A `datetime-local` value read as the site's wall-clock time (Indonesia keeps no summer time). */
function siteTime(value: string, site: Site): number {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return Number.NaN;
  return localMidnight(match[1]!, site.timeZone) + Number(match[2]) * HOUR_MS + Number(match[3]) * 60_000;
}

/** The order form's fields as the API's order body, so one schema judges both. */
function orderBody(values: OrderFormValues, site: Site) {
  const optional = (name: string) => (values[name]?.trim() ? values[name]!.trim() : undefined);
  const numbers = (text: string) => text.split(/[\s,]+/).filter(Boolean).map(Number);
  return {
    issuer: values.issuer,
    issuerName: optional('issuerName'),
    reference: values.reference ?? '',
    receivedAt: siteTime(values.receivedAt ?? '', site),
    urgency: values.urgency,
    dueAt: values.urgency === 'custom' ? siteTime(values.dueAt ?? '', site) : undefined,
    commentIds: numbers(values.commentIds ?? ''),
    articleIds: (values.articleIds ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
    note: optional('note'),
    correctsId: optional('correctsId') === undefined ? undefined : Number(values.correctsId),
  };
}

/** The dashboard's pages for the monthly complaint report and the authority order log. */
export function complaintPages() {
  const app = new Hono<NewsroomEnv>();

  app.get('/sites/:site/complaints', async (c) => {
    const { view, site } = await sitePage(c, 'viewer');
    const asked = c.req.query('month');
    const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : undefined;
    const report = await complaintReport({ db: c.var.deps.db, site, month, now: requestTime(c) });
    return c.html(<ComplaintReportPage view={view} month={String(report.rows.at(-1)!.month)} rows={report.rows} />);
  });

  app.get('/sites/:site/orders', async (c) => {
    const { view, site } = await sitePage(c, 'moderator');
    const { orders } = await listOrders({ db: c.var.deps.db, siteId: site.id, now: requestTime(c), state: 'all' });
    const flash = c.req.query('done') === 'order' ? view.t('saved') : undefined;
    return c.html(<OrdersPage view={view} orders={orders} flash={flash} />);
  });

  app.post('/sites/:site/orders', async (c) => {
    const { view, site, principal } = await sitePage(c, 'moderator');
    const form = await readForm(c);
    const values: OrderFormValues = Object.fromEntries(orderFields.map((name) => [name, form.text(name)]));
    const parsed = parseWith(orderBodySchema, orderBody(values, site));
    const { db } = c.var.deps;
    if (!parsed.success) {
      const { orders } = await listOrders({ db, siteId: site.id, now: requestTime(c), state: 'all' });
      const errors = Object.fromEntries(Object.entries(parsed.errors).map(([path, message]) => [path.split('.')[0]!, message]));
      return c.html(<OrdersPage view={view} orders={orders} values={values} errors={errors} />, 400);
    }
    await recordOrder({ db, siteId: site.id, principal, input: parsed.output, now: requestTime(c) });
    return c.redirect(`/newsroom/sites/${encodeURIComponent(site.id)}/orders?done=order`, 303);
  });

  return app;
}

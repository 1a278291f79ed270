import { sql } from 'drizzle-orm';
import type * as v from 'valibot';
import type { Db } from '../../db/client';
import { median } from '../../lib/deadline';
import type { Locale } from '../../lib/errors';
import { percents } from '../../lib/percent';
import { HOUR_MS } from '../../lib/time';
import { hashReaderToken } from '../../readers/service';
import { loadSite, type Site } from '../../sites/service';
import { localDate, localMidnight } from '../analytics/periods';
import { overdueOrders } from '../orders/service';
import { reasonLabel } from './reasons';
import type { readerComplaintSchema } from './schemas';

/**
 * Complaints (pengaduan): every report a reader files is a complaint, due for a moderator's
 * decision `complaintDeadlineHours` after it was filed (the Pedoman's 2×24 hours by default).
 * The due time is fixed on the report when it is filed (src/comments), the decision is written
 * onto it by moderation (src/newsroom/moderation), and this module reads them back: for the
 * reporter, by their token, and for the newsroom as a monthly report.
 */

export type ReaderComplaint = v.InferOutput<typeof readerComplaintSchema>;

/** The reader's newest complaints on the site, at most this many. */
const READER_LIMIT = 50;

/** The months a report covers, ending with the one asked for. */
const REPORT_MONTHS = 12;

/**
 * The reader's complaints on this site, newest first, with each outcome and its reason in the
 * reader's language (`locale`, else the site's). Only the reader's own reports are read, by the
 * keyed hash of their token.
 */
export async function readerComplaints({ db, secret, siteId, readerToken, locale }: { db: Db; secret: string; siteId: string; readerToken: string; locale: Locale | null }): Promise<{ complaints: ReaderComplaint[] }> {
  const site = await loadSite({ db, siteId });
  const language = locale ?? site.defaultLocale;
  const readerHash = await hashReaderToken(secret, readerToken);
  const rows = await db.all<{
    commentId: number;
    article: string;
    reported: string;
    filedAt: number;
    dueAt: number;
    decision: string | null;
    reason: string | null;
    note: string | null;
    decidedAt: number | null;
  }>(sql`SELECT r.comment_id AS commentId, a.external_id AS article, r.reason AS reported, r.created_at AS filedAt, r.due_at AS dueAt,
      r.decision, r.decision_reason AS reason, r.decision_note AS note, r.decided_at AS decidedAt
    FROM comment_reports r INDEXED BY comment_reports_reader
    JOIN comments c ON c.id = r.comment_id JOIN articles a ON a.id = c.article_id
    WHERE r.reader_hash = ${readerHash} AND a.site_id = ${siteId}
    ORDER BY r.created_at DESC, r.comment_id DESC LIMIT ${READER_LIMIT}`);
  return {
    complaints: rows.map(({ decision, reason, ...row }) => ({
      ...row,
      outcome: decision === null ? 'open' : decision === 'approve' ? 'kept' : 'removed',
      reason: reason === null ? null : { key: reason, label: reasonLabel(reason, language)! },
    })),
  };
}

/** Undecided complaints on the site's comments past their due time. */
async function overdueComplaints({ db, siteId, now }: { db: Db; siteId: string; now: number }): Promise<number> {
  const [row] = await db.all<{ count: number }>(sql`SELECT count(*) AS count FROM comment_reports r
    JOIN comments c ON c.id = r.comment_id JOIN articles a ON a.id = c.article_id
    WHERE a.site_id = ${siteId} AND r.decided_at IS NULL AND r.due_at < ${now}`);
  return row?.count ?? 0;
}

/** `YYYY-MM` plus `months` calendar months. */
function addMonths(month: string, months: number): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, index - 1 + months, 1)).toISOString().slice(0, 7);
}

/**
 * Complaints per month, in the site's time zone, for the twelve months ending with `month`
 * (the current one by default): received, handled (decided), handled within the deadline,
 * late (decided after it, or still undecided past it at `now`), still open, the share handled
 * within the deadline (whole percents of those received) and the median time to handle in
 * hours (one decimal; empty without decisions). A table, for the dashboard and for CSV.
 */
export async function complaintReport({ db, site, month, now }: { db: Db; site: Site; month?: string | undefined; now: number }) {
  const last = month ?? localDate(now, site.timeZone).slice(0, 7);
  const months = Array.from({ length: REPORT_MONTHS }, (_, i) => addMonths(last, i - REPORT_MONTHS + 1));
  const bounds = [...months, addMonths(last, 1)].map((m) => localMidnight(`${m}-01`, site.timeZone));
  const rows = await db.all<{ filedAt: number; dueAt: number; decidedAt: number | null }>(sql`SELECT r.created_at AS filedAt, r.due_at AS dueAt, r.decided_at AS decidedAt
    FROM comment_reports r INDEXED BY comment_reports_created
    JOIN comments c ON c.id = r.comment_id JOIN articles a ON a.id = c.article_id
    WHERE a.site_id = ${site.id} AND r.created_at >= ${bounds[0]!} AND r.created_at < ${bounds.at(-1)!}`);
  const columns = ['month', 'received', 'handled', 'handled_on_time', 'late', 'open', 'on_time_percent', 'median_hours_to_handle'];
  const table = months.map((m, i) => {
    const inMonth = rows.filter((row) => row.filedAt >= bounds[i]! && row.filedAt < bounds[i + 1]!);
    const handled = inMonth.filter((row) => row.decidedAt !== null);
    const onTime = handled.filter((row) => row.decidedAt! <= row.dueAt).length;
    const late = inMonth.filter((row) => (row.decidedAt ?? now) > row.dueAt).length;
    const medianMs = median(handled.map((row) => row.decidedAt! - row.filedAt));
    return {
      month: m,
      received: inMonth.length,
      handled: handled.length,
      handled_on_time: onTime,
      late,
      open: inMonth.length - handled.length,
      on_time_percent: percents([onTime, inMonth.length - onTime])[0]!,
      median_hours_to_handle: medianMs === null ? '' : Math.round((medianMs / HOUR_MS) * 10) / 10,
    };
  });
  return { columns, rows: table };
}

/** Work past its deadline on a site — undecided complaints and open authority orders — for the dashboard home. */
export async function overdueWork({ db, siteId, now }: { db: Db; siteId: string; now: number }): Promise<{ complaints: number; orders: number }> {
  const [complaints, orders] = await Promise.all([overdueComplaints({ db, siteId, now }), overdueOrders({ db, siteId, now })]);
  return { complaints, orders };
}

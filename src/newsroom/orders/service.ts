import { sql } from 'drizzle-orm';
import type * as v from 'valibot';
import type { Db } from '../../db/client';
import { deadline } from '../../lib/deadline';
import { AppError } from '../../lib/errors';
import { HOUR_MS } from '../../lib/time';
import type { Principal } from '../access/service';
import type { OrderInput, orderSchema } from './schemas';

/**
 * Authority orders (Permenkominfo 5/2020): what an issuer told the newsroom to act on and by
 * when. The log is append-only — there is no verb to change or delete an entry, and a trigger
 * refuses updates — so a mistake is fixed by recording a correction that names the entry it
 * corrects. Moderation actions taken for an order carry its id (src/newsroom/moderation), and
 * an order counts as handled from its first action.
 */

export type Order = v.InferOutput<typeof orderSchema>;

/** Hours an issuer gives by urgency, counted from receipt. */
const URGENCY_HOURS = { urgent: 4, normal: 24 } as const;

/** A receipt time this far ahead of the server's clock is a typo, not clock skew. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The orders the log shows at most, most pressing first; the export has them all. */
const LIST_LIMIT = 500;

const orderNotFound = (orderId: number) =>
  new AppError('not_found', { id: `Perintah #${orderId} tidak ada di situs ini.`, en: `Order #${orderId} does not exist on this site.` }, { details: [{ path: 'orderId', message: 'no such order on this site' }] });

/** Refuses an order id that is not one of the site's; moderation calls it before linking an action. */
export async function assertOrder({ db, siteId, orderId }: { db: Db; siteId: string; orderId: number }): Promise<void> {
  const [found] = await db.all(sql`SELECT 1 FROM authority_orders WHERE id = ${orderId} AND site_id = ${siteId}`);
  if (!found) throw orderNotFound(orderId);
}

/**
 * Records an order received by the site. Its comments must be the site's and its articles
 * known to the site; a correction must name one of the site's orders. The deadline is fixed
 * here from the urgency. One statement: the entry is written whole or not at all.
 */
export async function recordOrder({ db, siteId, principal, input, now }: { db: Db; siteId: string; principal: Principal; input: OrderInput; now: number }): Promise<Order> {
  if (input.receivedAt > now + CLOCK_SKEW_MS) {
    throw new AppError(
      'invalid_input',
      { id: 'Waktu diterima (receivedAt) tidak boleh di masa depan.', en: 'receivedAt must not be in the future.' },
      { details: [{ path: 'receivedAt', message: 'must not be in the future' }] },
    );
  }
  const commentIds = [...new Set(input.commentIds)].sort((a, b) => a - b);
  const articleIds = [...new Set(input.articleIds)];
  await assertTargets({ db, siteId, commentIds, articleIds });
  if (input.correctsId !== undefined) await assertOrder({ db, siteId, orderId: input.correctsId });
  const dueAt = input.urgency === 'custom' ? input.dueAt! : input.receivedAt + URGENCY_HOURS[input.urgency] * HOUR_MS;
  const [row] = await db.all<{ id: number }>(sql`INSERT INTO authority_orders
      (site_id, issuer, issuer_name, reference, received_at, urgency, due_at, comment_ids, article_ids, note, corrects_id, actor_key_id, actor_name, created_at)
    VALUES (${siteId}, ${input.issuer}, ${input.issuerName ?? null}, ${input.reference}, ${input.receivedAt}, ${input.urgency}, ${dueAt},
      ${JSON.stringify(commentIds)}, ${JSON.stringify(articleIds)}, ${input.note ?? null}, ${input.correctsId ?? null}, ${principal.keyId}, ${principal.name}, ${now})
    RETURNING id`);
  const [order] = await loadOrders({ db, siteId, now, ids: [row!.id] });
  return order!;
}

async function assertTargets({ db, siteId, commentIds, articleIds }: { db: Db; siteId: string; commentIds: number[]; articleIds: string[] }): Promise<void> {
  if (commentIds.length > 0) {
    const found = await db.all<{ id: number }>(sql`SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id
      WHERE a.site_id = ${siteId} AND c.id IN (${sql.join(commentIds.map((id) => sql`${id}`), sql`, `)})`);
    const missing = commentIds.filter((id) => !found.some((row) => row.id === id));
    if (missing.length > 0) {
      throw new AppError(
        'not_found',
        { id: `Komentar ${missing.map((id) => `#${id}`).join(', ')} tidak ada di situs ini.`, en: `Comment ${missing.map((id) => `#${id}`).join(', ')} does not exist on this site.` },
        { details: [{ path: 'commentIds', message: `unknown comments: ${missing.join(', ')}` }] },
      );
    }
  }
  if (articleIds.length > 0) {
    const found = await db.all<{ externalId: string }>(sql`SELECT external_id AS externalId FROM articles
      WHERE site_id = ${siteId} AND external_id IN (${sql.join(articleIds.map((id) => sql`${id}`), sql`, `)})`);
    const missing = articleIds.filter((id) => !found.some((row) => row.externalId === id));
    if (missing.length > 0) {
      throw new AppError(
        'not_found',
        { id: `Artikel ${missing.join(', ')} belum dikenal di situs ini.`, en: `Article ${missing.join(', ')} is not known on this site.` },
        { details: [{ path: 'articleIds', message: `unknown articles: ${missing.join(', ')}` }] },
      );
    }
  }
}

type OrderRow = {
  id: number;
  issuer: Order['issuer'];
  issuerName: string | null;
  reference: string;
  receivedAt: number;
  urgency: Order['urgency'];
  dueAt: number;
  commentIds: string;
  articleIds: string;
  note: string | null;
  correctsId: number | null;
  correctedBy: number | null;
  recordedBy: string;
  recordedAt: number;
};

/** The site's orders with their actions and where each stands at `now`. */
async function loadOrders({ db, siteId, now, ids, openOnly = false, limit }: { db: Db; siteId: string; now: number; ids?: number[]; openOnly?: boolean; limit?: number }): Promise<Order[]> {
  const only = ids === undefined ? sql`` : sql`AND o.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`;
  const open = openOnly
    ? sql`AND NOT EXISTS (SELECT 1 FROM moderation_log l WHERE l.order_id = o.id) AND NOT EXISTS (SELECT 1 FROM authority_orders n WHERE n.corrects_id = o.id)`
    : sql``;
  const rows = await db.all<OrderRow>(sql`SELECT o.id, o.issuer, o.issuer_name AS issuerName, o.reference, o.received_at AS receivedAt, o.urgency,
      o.due_at AS dueAt, o.comment_ids AS commentIds, o.article_ids AS articleIds, o.note, o.corrects_id AS correctsId,
      (SELECT min(n.id) FROM authority_orders n WHERE n.corrects_id = o.id) AS correctedBy,
      o.actor_name AS recordedBy, o.created_at AS recordedAt
    FROM authority_orders o WHERE o.site_id = ${siteId} ${only} ${open}
    ORDER BY o.due_at, o.id ${limit === undefined ? sql`` : sql`LIMIT ${limit}`}`);
  if (rows.length === 0) return [];
  const actions = await db.all<{ orderId: number; commentId: number | null; action: string; reason: string | null; actorName: string; at: number }>(
    sql`SELECT order_id AS orderId, comment_id AS commentId, action, reason, actor_name AS actorName, created_at AS at FROM moderation_log
      WHERE site_id = ${siteId} AND order_id IN (${sql.join(rows.map((row) => sql`${row.id}`), sql`, `)}) ORDER BY id`,
  );
  return rows.map((row) => {
    const taken = actions.filter((action) => action.orderId === row.id).map(({ orderId: _, ...action }) => action);
    const handledAt = taken[0]?.at ?? null;
    const state = deadline(row.dueAt, now);
    const status: Order['status'] =
      row.correctedBy !== null ? 'corrected' : handledAt === null ? 'open' : handledAt > row.dueAt ? 'handled-late' : 'handled';
    return {
      ...row,
      commentIds: JSON.parse(row.commentIds) as number[],
      articleIds: JSON.parse(row.articleIds) as string[],
      actions: taken,
      handledAt,
      status,
      msLeft: state.msLeft,
      overdue: status === 'open' && state.overdue,
    };
  });
}

/** The order log, soonest due first (`open`: only orders nobody has acted on or corrected yet). */
export async function listOrders({ db, siteId, now, state }: { db: Db; siteId: string; now: number; state: 'open' | 'all' }): Promise<{ orders: Order[] }> {
  return { orders: await loadOrders({ db, siteId, now, openOnly: state === 'open', limit: LIST_LIMIT }) };
}

/** Open orders past their deadline, for the dashboard home. */
export async function overdueOrders({ db, siteId, now }: { db: Db; siteId: string; now: number }): Promise<number> {
  const [row] = await db.all<{ count: number }>(sql`SELECT count(*) AS count FROM authority_orders o
    WHERE o.site_id = ${siteId} AND o.due_at < ${now}
      AND NOT EXISTS (SELECT 1 FROM moderation_log l WHERE l.order_id = o.id)
      AND NOT EXISTS (SELECT 1 FROM authority_orders n WHERE n.corrects_id = o.id)`);
  return row?.count ?? 0;
}

const iso = (at: number | null) => (at === null ? '' : new Date(at).toISOString());

/**
 * The whole order log as a table for CSV or JSON: each entry with its received, due, recorded
 * and first-action times (ISO 8601 UTC), its targets and every action taken for it.
 */
export async function exportOrders({ db, siteId, now }: { db: Db; siteId: string; now: number }) {
  const orders = await loadOrders({ db, siteId, now });
  orders.sort((a, b) => a.id - b.id);
  const columns = ['id', 'issuer', 'issuer_name', 'reference', 'received_at', 'urgency', 'due_at', 'comments', 'articles', 'note', 'corrects_id', 'recorded_by', 'recorded_at', 'handled_at', 'status', 'actions'];
  const rows = orders.map((order) => ({
    id: order.id,
    issuer: order.issuer,
    issuer_name: order.issuerName ?? '',
    reference: order.reference,
    received_at: iso(order.receivedAt),
    urgency: order.urgency,
    due_at: iso(order.dueAt),
    comments: order.commentIds.join(' '),
    articles: order.articleIds.join(' '),
    note: order.note ?? '',
    corrects_id: order.correctsId ?? '',
    recorded_by: order.recordedBy,
    recorded_at: iso(order.recordedAt),
    handled_at: iso(order.handledAt),
    status: order.overdue ? 'overdue' : order.status,
    actions: order.actions.map((action) => `${iso(action.at)} ${action.action}${action.commentId === null ? '' : ` #${action.commentId}`}${action.reason ? ` (${action.reason})` : ''} by ${action.actorName}`).join('; '),
  }));
  return { columns, rows };
}

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readerToken, testApp } from '../helpers/app';
import { parseCsv } from '../helpers/csv';
import { createArticle, createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

/**
 * Issue 14, authority orders: a moderator records an order with its issuer, reference, receipt
 * and deadline; actions taken for it are linked; the log is append-only and exports with both
 * the receipt and the action times; open orders past their deadline show as overdue.
 */

const HOUR = 3_600_000;
let clock = Date.UTC(2026, 11, 1, 2, 0, 0);
const t = await testApp({ now: () => clock });

async function orderSite() {
  const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0 } });
  const article = await createArticle(t.db, site.id);
  const moderator = await keyHeader(t.db, site.id, 'moderator');
  const desk = `/v1/newsroom/sites/${site.id}`;
  const posted = await t.call('POST', `/v1/sites/${site.id}/articles/${encodeURIComponent(article.externalId)}/comments`, { reader: readerToken(), name: 'Anon', body: 'Tuduhan tanpa dasar.' });
  expect(posted.status).toBe(201);
  return {
    site,
    article,
    moderator,
    desk,
    commentId: posted.body.comment.id as number,
    record: (body: Record<string, unknown>, headers = moderator) => t.call('POST', `${desk}/orders`, body, headers),
    list: (query = '') => t.call('GET', `${desk}/orders${query}`, undefined, moderator),
    exported: (format: 'csv' | 'json') => t.call('GET', `${desk}/export/orders?format=${format}`, undefined, moderator),
  };
}

describe('authority orders', () => {
  it('records an urgent order, links the action taken for it, and exports both times', async () => {
    const s = await orderSite();
    const receivedAt = clock - 30 * 60_000;
    const recorded = await s.record({ issuer: 'komdigi', reference: 'B-123/KOMDIGI/2026', receivedAt, urgency: 'urgent', commentIds: [s.commentId], articleIds: [s.article.externalId] });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      issuer: 'komdigi',
      reference: 'B-123/KOMDIGI/2026',
      receivedAt,
      urgency: 'urgent',
      dueAt: receivedAt + 4 * HOUR,
      commentIds: [s.commentId],
      articleIds: [s.article.externalId],
      status: 'open',
      handledAt: null,
      overdue: false,
      msLeft: 3.5 * HOUR,
    });
    const orderId = recorded.body.id as number;

    clock += HOUR;
    const acted = await t.call('POST', `${s.desk}/moderation/actions`, { action: 'reject', ids: [s.commentId], reason: 'perintah-otoritas', orderId }, s.moderator);
    expect(acted.status).toBe(200);
    const actedAt = clock;

    const [order] = (await s.list()).body.orders;
    expect(order).toMatchObject({ id: orderId, status: 'handled', handledAt: actedAt, overdue: false });
    expect(order.actions).toEqual([{ commentId: s.commentId, action: 'reject', reason: 'perintah-otoritas', actorName: 'moderator test key', at: actedAt }]);

    const json = await s.exported('json');
    expect(json.status).toBe(200);
    expect(json.body.rows).toHaveLength(1);
    expect(json.body.rows[0]).toMatchObject({
      id: orderId,
      received_at: new Date(receivedAt).toISOString(),
      due_at: new Date(receivedAt + 4 * HOUR).toISOString(),
      handled_at: new Date(actedAt).toISOString(),
      status: 'handled',
    });
    expect(json.body.rows[0].actions).toContain(`${new Date(actedAt).toISOString()} reject #${s.commentId} (perintah-otoritas)`);

    const csv = await s.exported('csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, row] = parseCsv(csv.body as string);
    expect(row![header!.indexOf('received_at')]).toBe(new Date(receivedAt).toISOString());
    expect(row![header!.indexOf('handled_at')]).toBe(new Date(actedAt).toISOString());
    expect(row![header!.indexOf('reference')]).toBe('B-123/KOMDIGI/2026');
  });

  it('shows an open order past its deadline as overdue, soonest due first, and a normal order due in 24 hours', async () => {
    const s = await orderSite();
    const normal = await s.record({ issuer: 'police', reference: 'LP/99/XII/2026', receivedAt: clock, urgency: 'normal', commentIds: [s.commentId] });
    const custom = await s.record({ issuer: 'court', reference: 'PN-JKT/7', receivedAt: clock, urgency: 'custom', dueAt: clock + 2 * HOUR, articleIds: [s.article.externalId] });
    expect(normal.body.dueAt).toBe(clock + 24 * HOUR);
    clock += 3 * HOUR;
    const { orders } = (await s.list('?state=open')).body;
    expect(orders.map((order: { id: number; overdue: boolean; msLeft: number }) => [order.id, order.overdue, order.msLeft])).toEqual([
      [custom.body.id, true, -HOUR],
      [normal.body.id, false, 21 * HOUR],
    ]);
  });

  it('is append-only: no route changes or deletes an entry, the database refuses updates, and a correction is a new entry', async () => {
    const s = await orderSite();
    const first = await s.record({ issuer: 'other', issuerName: 'Bawaslu', reference: 'SALAH-1', receivedAt: clock, urgency: 'normal', commentIds: [s.commentId] });
    const path = `${s.desk}/orders/${first.body.id}`;
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      const answer = await t.call(method, path, { reference: 'X' }, s.moderator);
      expect([404, 405]).toContain(answer.status);
    }
    const refused = await t.db.run(sql`UPDATE authority_orders SET reference = 'X' WHERE id = ${first.body.id}`).then(() => null, (error: Error) => error);
    expect(String(refused?.cause ?? refused)).toMatch(/append-only/);
    const correction = await s.record({ issuer: 'other', issuerName: 'Bawaslu', reference: 'BENAR-1', receivedAt: clock, urgency: 'normal', commentIds: [s.commentId], correctsId: first.body.id });
    expect(correction.status).toBe(201);
    const byId = new Map((await s.list()).body.orders.map((order: { id: number }) => [order.id, order]));
    expect(byId.get(first.body.id)).toMatchObject({ reference: 'SALAH-1', status: 'corrected', correctedBy: correction.body.id, overdue: false });
    expect(byId.get(correction.body.id)).toMatchObject({ reference: 'BENAR-1', correctsId: first.body.id, status: 'open' });
    expect((await s.exported('json')).body.rows.map((row: { reference: string }) => row.reference)).toEqual(['SALAH-1', 'BENAR-1']);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const s = await orderSite();
    const good = { issuer: 'komdigi', reference: 'R-1', receivedAt: clock, urgency: 'urgent', commentIds: [s.commentId] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, issuer: 'dpr' }, 'issuer'],
      [{ ...good, issuer: 'other' }, 'issuerName'],
      [{ ...good, reference: '' }, 'reference'],
      [{ ...good, reference: 'a\u0000b' }, 'reference'],
      [{ ...good, receivedAt: 'kemarin' }, 'receivedAt'],
      [{ ...good, urgency: 'custom' }, 'dueAt'],
      [{ ...good, urgency: 'custom', dueAt: clock - 1 }, 'dueAt'],
      [{ ...good, dueAt: clock + HOUR }, 'dueAt'],
      [{ ...good, commentIds: [] }, 'commentIds'],
      [{ ...good, commentIds: [0] }, 'commentIds'],
      [{ ...good, extra: 1 }, ''],
      [{ ...good, receivedAt: clock + 24 * HOUR }, 'receivedAt'],
    ];
    for (const [body, field] of cases) {
      const refused = await s.record(body);
      expect({ field, status: refused.status }).toEqual({ field, status: 400 });
      if (field) expect(refused.body.error.details.map((detail: { path: string }) => detail.path.split('.')[0])).toContain(field);
    }
    expect((await s.list()).body.orders).toEqual([]);
  });

  it("refuses another site's comments, articles and orders, and a viewer", async () => {
    const s = await orderSite();
    const other = await orderSite();
    const theirs = await other.record({ issuer: 'court', reference: 'X', receivedAt: clock, urgency: 'normal', commentIds: [other.commentId] });
    const base = { issuer: 'komdigi', reference: 'R-2', receivedAt: clock, urgency: 'urgent' };
    expect((await s.record({ ...base, commentIds: [other.commentId] })).body.error.details[0].path).toBe('commentIds');
    expect((await s.record({ ...base, articleIds: [other.article.externalId] })).status).toBe(404);
    expect((await s.record({ ...base, commentIds: [s.commentId], correctsId: theirs.body.id })).status).toBe(404);
    const linked = await t.call('POST', `${s.desk}/moderation/actions`, { action: 'reject', ids: [s.commentId], reason: 'fitnah', orderId: theirs.body.id }, s.moderator);
    expect(linked.status).toBe(404);
    expect(linked.body.error.details[0].path).toBe('orderId');
    const viewer = await keyHeader(t.db, s.site.id, 'viewer');
    expect((await s.record({ ...base, commentIds: [s.commentId] }, viewer)).status).toBe(403);
    expect((await t.call('GET', `${s.desk}/export/orders`, undefined, viewer)).status).toBe(403);
    expect((await s.list()).body.orders).toEqual([]);
    expect((await t.call('GET', `/v1/sites/${s.site.id}/comments/${s.commentId}`)).status).not.toBe(500);
  });
});

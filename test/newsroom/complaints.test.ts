import { describe, expect, it } from 'vitest';
import { readerToken, testApp } from '../helpers/app';
import { parseCsv } from '../helpers/csv';
import { createArticle, createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

/**
 * Issue 14, complaints: every report is a complaint due for a decision within the site's
 * deadline (48 hours unless set), the queue is in due order with time left and overdue marks,
 * every decision has a reason the reporter can read, and the monthly report counts what was
 * handled on time. Time moves only through the injected clock.
 */

const HOUR = 3_600_000;
let clock = Date.UTC(2026, 11, 1, 3, 0, 0);
const t = await testApp({ now: () => clock });

async function newsroomSite(settings: Record<string, unknown> = {}) {
  const site = await createSite(t.db, { settings: { commentIntervalSeconds: 0, ...settings } });
  const article = await createArticle(t.db, site.id);
  const moderator = await keyHeader(t.db, site.id, 'moderator');
  const viewer = await keyHeader(t.db, site.id, 'viewer');
  const admin = await keyHeader(t.db, site.id, 'admin');
  const base = `/v1/sites/${site.id}`;
  const desk = `/v1/newsroom/sites/${site.id}`;
  return {
    site,
    article,
    moderator,
    viewer,
    admin,
    desk,
    async post(body = 'Komentar biasa.') {
      const posted = await t.call('POST', `${base}/articles/${encodeURIComponent(article.externalId)}/comments`, { reader: readerToken(), name: 'Budi', body });
      expect(posted.status).toBe(201);
      return posted.body.comment.id as number;
    },
    async report(id: number, reader: string, reason = 'misinformation', ip = '203.0.113.7') {
      const answer = await t.call('POST', `${base}/comments/${id}/reports`, { reader, reason }, { 'x-test-ip': ip });
      expect(answer.status).toBe(202);
    },
    complaints: (reader: string, lang = 'id') => t.call('GET', `${base}/readers/me/complaints?reader=${reader}&lang=${lang}`),
    queue: (query = 'queue=reported') => t.call('GET', `${desk}/moderation/queue?${query}`, undefined, moderator),
    act: (body: Record<string, unknown>) => t.call('POST', `${desk}/moderation/actions`, body, moderator),
    report12: (query = '') => t.call('GET', `${desk}/export/complaints${query}`, undefined, viewer),
  };
}

describe('complaints: due times and the queue', () => {
  it('gives a report the 48-hour due time, sorts the reported queue by due time and marks the overdue', async () => {
    const s = await newsroomSite();
    const older = await s.post('Yang pertama dilaporkan.');
    const newer = await s.post('Yang kedua dilaporkan.');
    const filedAt = clock;
    await s.report(newer, readerToken());
    clock += HOUR;
    await s.report(older, readerToken());
    clock += HOUR;
    const { status, body } = await s.queue();
    expect(status).toBe(200);
    expect(body.items.map((item: { id: number }) => item.id)).toEqual([newer, older]);
    expect(body.items[0]).toMatchObject({ dueAt: filedAt + 48 * HOUR, msLeft: 46 * HOUR, overdue: false });
    expect(body.items[1]).toMatchObject({ dueAt: filedAt + 49 * HOUR, msLeft: 47 * HOUR, overdue: false });

    clock = filedAt + 48 * HOUR + 1;
    const late = (await s.queue()).body.items;
    expect(late[0]).toMatchObject({ id: newer, overdue: true, msLeft: -1 });
    expect(late[1]).toMatchObject({ id: older, overdue: false });
  });

  it('pages the queue in due order with the cursor it gives', async () => {
    const s = await newsroomSite();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await s.post(`Komentar ${i}`));
    for (const id of [...ids].reverse()) {
      await s.report(id, readerToken());
      clock += 60_000;
    }
    const first = await s.queue('queue=reported&limit=2');
    expect(first.body.items.map((item: { id: number }) => item.id)).toEqual([ids[2], ids[1]]);
    const second = await s.queue(`queue=reported&limit=2&after=${first.body.next}`);
    expect(second.body.items.map((item: { id: number }) => item.id)).toEqual([ids[0]]);
    expect(second.body.next).toBeNull();
    expect((await s.queue('queue=reported&after=12')).status).toBe(400);
  });

  it('takes the due time from the site setting, which an admin changes and a bad value does not', async () => {
    const s = await newsroomSite();
    const changed = await t.call('PATCH', `${s.desk}/settings`, { settings: { complaintDeadlineHours: 24 } }, s.admin);
    expect(changed.status).toBe(200);
    expect(changed.body.settings.complaintDeadlineHours).toBe(24);
    for (const bad of [0, 721, 1.5, '48']) {
      const refused = await t.call('PATCH', `${s.desk}/settings`, { settings: { complaintDeadlineHours: bad } }, s.admin);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body.error.details)).toContain('complaintDeadlineHours');
    }
    expect((await t.call('GET', `${s.desk}/settings`, undefined, s.admin)).body.settings.complaintDeadlineHours).toBe(24);
    const id = await s.post();
    await s.report(id, readerToken());
    expect((await s.queue()).body.items[0].dueAt).toBe(clock + 24 * HOUR);
  });
});

describe('complaints: decisions and what the reporter sees', () => {
  it('records the reason of a decision and shows the outcome to the reporter only', async () => {
    const s = await newsroomSite();
    const id = await s.post('Isu palsu tentang vaksin.');
    const reporter = readerToken();
    await s.report(id, reporter);
    const before = await s.complaints(reporter);
    expect(before.status).toBe(200);
    expect(before.body.complaints).toEqual([
      { commentId: id, article: s.article.externalId, reported: 'misinformation', filedAt: clock, dueAt: clock + 48 * HOUR, outcome: 'open', reason: null, note: null, decidedAt: null },
    ]);
    clock += 5 * HOUR;
    const decided = await s.act({ action: 'reject', ids: [id], reason: 'hoaks', note: 'Dibantah Kemenkes.' });
    expect(decided.status).toBe(200);
    const after = (await s.complaints(reporter)).body.complaints[0];
    expect(after).toMatchObject({ outcome: 'removed', reason: { key: 'hoaks', label: 'Hoaks' }, note: 'Dibantah Kemenkes.', decidedAt: clock });
    expect((await s.complaints(reporter, 'en')).body.complaints[0].reason).toEqual({ key: 'hoaks', label: 'Hoax' });
    expect((await s.complaints(readerToken())).body.complaints).toEqual([]);
    const log = await t.call('GET', `${s.desk}/moderation/log`, undefined, s.moderator);
    expect(log.body.entries[0]).toMatchObject({ commentId: id, action: 'reject', reason: 'hoaks', orderId: null });
    expect(log.body.entries[0].note).toContain('Dibantah Kemenkes.');
  });

  it('approving records "tidak melanggar" and the reporter sees the comment was kept', async () => {
    const s = await newsroomSite();
    const id = await s.post('Kritik yang tajam tapi sah.');
    const reporter = readerToken();
    await s.report(id, reporter, 'abuse');
    expect((await s.act({ action: 'approve', ids: [id] })).status).toBe(200);
    expect((await s.complaints(reporter)).body.complaints[0]).toMatchObject({ outcome: 'kept', reason: { key: 'tidak-melanggar', label: 'Tidak melanggar' } });
    expect((await s.queue()).body.items).toEqual([]);
  });

  it('refuses a decision without a fitting reason, naming the field, and changes nothing', async () => {
    const s = await newsroomSite();
    const id = await s.post();
    await s.report(id, readerToken());
    for (const body of [
      { action: 'reject', ids: [id] },
      { action: 'reject', ids: [id], reason: 'tidak-melanggar' },
      { action: 'approve', ids: [id], reason: 'hoaks' },
      { action: 'reject', ids: [id], reason: 'bosan' },
      { action: 'reject', ids: [id], reason: 'fitnah', note: 'x'.repeat(501) },
      { action: 'reject', ids: [id], reason: 'fitnah', note: 'baris\u0000nol' },
    ]) {
      const refused = await s.act(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.map((detail: { path: string }) => detail.path)).toContainEqual(expect.stringMatching(/^(reason|note)$/));
    }
    expect((await s.queue()).body.items.map((item: { id: number; status: string }) => [item.id, item.status])).toEqual([[id, 'approved']]);
  });

  it('refuses a malformed reader token and an unknown site, and a reader token cannot read the newsroom queue', async () => {
    const s = await newsroomSite();
    const bad = await t.call('GET', `/v1/sites/${s.site.id}/readers/me/complaints?reader=short`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('reader');
    expect((await t.call('GET', `/v1/sites/${s.site.id}/readers/me/complaints`)).status).toBe(400);
    expect((await t.call('GET', `/v1/sites/no-such-site/readers/me/complaints?reader=${readerToken()}`)).status).toBe(404);
    expect((await t.call('GET', `${s.desk}/moderation/queue?queue=reported&reader=${readerToken()}`)).status).toBe(401);
  });
});

describe('complaints: the monthly report', () => {
  it('counts received, handled, on time, late and the median time to handle, in JSON and CSV', async () => {
    clock = Date.UTC(2026, 11, 2, 3, 0, 0);
    const s = await newsroomSite();
    const quick = await s.post('Cepat ditangani.');
    const slow = await s.post('Lambat ditangani.');
    const forgotten = await s.post('Terlupakan.');
    const start = clock;
    await s.report(quick, readerToken());
    await s.report(slow, readerToken());
    await s.report(forgotten, readerToken());
    clock = start + 2 * HOUR;
    await s.act({ action: 'spam', ids: [quick] });
    clock = start + 50 * HOUR;
    await s.act({ action: 'reject', ids: [slow], reason: 'pelecehan' });
    const [december] = (await s.report12('?month=2026-12')).body.rows.slice(-1);
    expect(december).toEqual({
      month: '2026-12',
      received: 3,
      handled: 2,
      handled_on_time: 1,
      late: 2,
      open: 1,
      on_time_percent: 33,
      median_hours_to_handle: 26,
    });
    const csv = await t.call('GET', `${s.desk}/export/complaints?month=2026-12&format=csv`, undefined, s.viewer);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const table = parseCsv(csv.body as string);
    expect(table[0]).toEqual(['month', 'received', 'handled', 'handled_on_time', 'late', 'open', 'on_time_percent', 'median_hours_to_handle']);
    expect(table.at(-1)).toEqual(['2026-12', '3', '2', '1', '2', '1', '33', '26']);
    expect(table).toHaveLength(13);
    expect(table[1]![0]).toBe('2026-01');
  });

  it('counts a complaint left undecided past 48 hours as late, not before', async () => {
    clock = Date.UTC(2026, 11, 3, 3, 0, 0);
    const s = await newsroomSite();
    const id = await s.post();
    await s.report(id, readerToken());
    clock += 47 * HOUR;
    expect((await s.report12()).body.rows.at(-1)).toMatchObject({ received: 1, late: 0, open: 1 });
    clock += 2 * HOUR;
    expect((await s.report12()).body.rows.at(-1)).toMatchObject({ received: 1, late: 1, open: 1, on_time_percent: 0, median_hours_to_handle: '' });
  });

  it('refuses a malformed month and a reader without a key', async () => {
    const s = await newsroomSite();
    for (const month of ['2026-13', '2026-1', 'desember']) {
      const refused = await s.report12(`?month=${month}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].path).toBe('month');
    }
    expect((await t.call('GET', `${s.desk}/export/complaints`)).status).toBe(401);
  });
});

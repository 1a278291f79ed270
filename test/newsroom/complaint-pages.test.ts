import { describe, expect, it } from 'vitest';
import { readerToken, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { dashboardSession, postForm, settingsForm } from '../helpers/newsroom';
import type { Role } from '../../src/newsroom/access/service';
import { decisionReasons } from '../../src/newsroom/complaints/reasons';

/**
 * Issue 14 in the dashboard: the queue shows each complaint's due time and marks the overdue,
 * decisions take a reason, the home counts overdue work, the monthly report and the order log
 * have their pages, and the complaint deadline is a setting. The clock is injected.
 */

const HOUR = 3_600_000;
let clock = Date.UTC(2026, 11, 1, 1, 0, 0);
const { db, app, call } = await testApp({ now: () => clock });
const site = await createSite(db, { settings: { commentIntervalSeconds: 0 }, timeZone: 'Asia/Jakarta' });
const article = await createArticle(db, site.id, { externalId: 'berita-pengaduan', title: 'Berita yang diadukan' });
const base = `/newsroom/sites/${site.id}`;

const signedIn = (role: Role) => dashboardSession({ db, app }, site.id, role);

const page = async (path: string, cookie: string) => {
  const response = await app.request(path, { headers: { cookie } });
  return { status: response.status, html: await response.text() };
};

const post = (path: string, cookie: string, fields: Record<string, string>) => postForm({ app }, path, cookie, fields);

async function reportedComment(body: string): Promise<number> {
  const posted = await call('POST', `/v1/sites/${site.id}/articles/${article.externalId}/comments`, { reader: readerToken(), name: 'Anon', body });
  await call('POST', `/v1/sites/${site.id}/comments/${posted.body.comment.id}/reports`, { reader: readerToken(), reason: 'abuse' });
  return posted.body.comment.id;
}

describe('complaints in the dashboard', () => {
  it('shows due times in the queue, marks the overdue, and counts them on the home page', async () => {
    const moderator = await signedIn('moderator');
    const id = await reportedComment('Dilaporkan dan dibiarkan.');
    const fresh = await page(`${base}/moderation?queue=reported`, moderator.cookie);
    const item = new RegExp(`data-comment-id="${id}"[\\s\\S]*?data-due-at="${clock + 48 * HOUR}" data-overdue="false"`);
    expect(fresh.html).toMatch(item);
    expect(fresh.html).toContain('Sisa waktu 48 j 0 m');
    expect((await page(base, moderator.cookie)).html).toMatch(/data-testid="overdue-complaints"><a [^>]*>0</);

    clock += 49 * HOUR;
    const later = await signedIn('moderator');
    const late = await page(`${base}/moderation?queue=reported`, later.cookie);
    expect(late.html).toMatch(new RegExp(`data-comment-id="${id}"[\\s\\S]*?data-overdue="true"`));
    expect(late.html).toContain('Lewat batas 1 j 0 m');
    expect((await page(base, later.cookie)).html).toMatch(/data-testid="overdue-complaints"><a [^>]*>1</);
  });

  it('decides with a reason from the form, worded as the reporter reads it, and refuses a rejection without one', async () => {
    const moderator = await signedIn('moderator');
    const id = await reportedComment('Fitnah terhadap pejabat.');
    const form = await page(`${base}/moderation?queue=reported`, moderator.cookie);
    for (const [key, label] of Object.entries(decisionReasons)) expect(form.html).toContain(`<option value="${key}">${label.id}</option>`);
    expect(form.html).toMatch(new RegExp(`id="reason-help"[^>]*>[^<]*tercatat &quot;${decisionReasons['tidak-melanggar'].id}&quot;`));
    const refused = await post(`${base}/moderation`, moderator.cookie, { _csrf: moderator.csrf, queue: 'reported', act: `reject:${id}` });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('periksa reason');
    const done = await post(`${base}/moderation`, moderator.cookie, { _csrf: moderator.csrf, queue: 'reported', act: `reject:${id}`, reason: 'fitnah', note: 'Tanpa bukti.' });
    expect(done.status).toBe(303);
    const log = await call('GET', `/v1/newsroom/sites/${site.id}/moderation/log`, undefined, { cookie: moderator.cookie });
    expect(log.body.entries[0]).toMatchObject({ commentId: id, action: 'reject', reason: 'fitnah' });
  });

  it('shows the monthly report with what was late', async () => {
    const viewer = await signedIn('viewer');
    const report = await page(`${base}/complaints?month=2026-12`, viewer.cookie);
    expect(report.status).toBe(200);
    const december = /<tr data-month="2026-12">([\s\S]*?)<\/tr>/.exec(report.html)![1]!;
    expect([...december.matchAll(/<td>([^<]*)<\/td>/g)].map((cell) => cell[1])).toEqual(['2026-12', '2', '1', '1', '1', '1', '50', '0']);
  });

  it('records an urgent order from the form in site time and lists it due in 4 hours; bad fields are named', async () => {
    const moderator = await signedIn('moderator');
    const id = await reportedComment('Konten yang diperintahkan turun.');
    const bad = await post(`${base}/orders`, moderator.cookie, { _csrf: moderator.csrf, issuer: 'komdigi', reference: '', receivedAt: '2026-12-03T09:00', urgency: 'urgent', commentIds: 'abc' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('reference must not be empty.');
    expect(badHtml).toContain('id="commentIds-error"');
    const recorded = await post(`${base}/orders`, moderator.cookie, {
      _csrf: moderator.csrf,
      issuer: 'komdigi',
      reference: 'KOMDIGI/77',
      receivedAt: '2026-12-03T09:00',
      urgency: 'urgent',
      commentIds: String(id),
    });
    expect(recorded.status).toBe(303);
    const { orders } = (await call('GET', `/v1/newsroom/sites/${site.id}/orders`, undefined, { cookie: moderator.cookie })).body;
    // 09:00 in Jakarta (UTC+7) is 02:00 UTC.
    expect(orders[0]).toMatchObject({ reference: 'KOMDIGI/77', receivedAt: Date.UTC(2026, 11, 3, 2, 0), dueAt: Date.UTC(2026, 11, 3, 6, 0) });
    const list = await page(`${base}/orders`, moderator.cookie);
    expect(list.html).toContain('KOMDIGI/77');
    expect(list.html).toMatch(/data-status="open"/);
    const viewer = await signedIn('viewer');
    expect((await page(`${base}/orders`, viewer.cookie)).status).toBe(403);
  });

  it('saves the complaint deadline from the settings form and refuses one out of range', async () => {
    const admin = await signedIn('admin');
    const form = (complaintDeadlineHours: string) => settingsForm(admin.csrf, { name: site.name, commentsEnabled: '', commentIntervalSeconds: '0', complaintDeadlineHours });
    const refused = await post(`${base}/settings/general`, admin.cookie, form('0'));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('id="settings-complaintDeadlineHours-error"');
    expect((await post(`${base}/settings/general`, admin.cookie, form('24'))).status).toBe(303);
    expect((await call('GET', `/v1/newsroom/sites/${site.id}/settings`, undefined, { cookie: admin.cookie })).body.settings.complaintDeadlineHours).toBe(24);
  });
});

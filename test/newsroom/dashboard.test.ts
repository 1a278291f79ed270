import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readerToken, testApp } from '../helpers/app';
import { createArticle, createSite } from '../helpers/factories';
import { commentAt, dashboardSession, postForm, settingsForm } from '../helpers/newsroom';
import type { Role } from '../../src/newsroom/access/service';

const { db, app, call } = await testApp();
const site = await createSite(db, { reactionKeys: ['senang', 'marah'], origins: ['https://news.example'], name: 'Kabar Kita' });
const article = await createArticle(db, site.id, { externalId: 'berita-utama', title: 'Banjir di Jakarta', section: 'metro', author: 'Siti Rahma' });
const base = `/newsroom/sites/${site.id}`;

const signedIn = (role: Role) => dashboardSession({ db, app }, site.id, role);

const post = (path: string, cookie: string, fields: Record<string, string | string[]>) => postForm({ app }, path, cookie, fields);

describe('dashboard', () => {
  it('refuses, in production, a webhook whose name resolves to a private address', async () => {
    const production = await testApp({ db, config: { production: true }, resolveHost: async () => ['10.0.0.7'] });
    const { cookie, csrf } = await dashboardSession(production, site.id, 'admin');
    const refused = await postForm(production, `${base}/settings/webhooks`, cookie, { _csrf: csrf, url: 'https://intranet.example/hook', events: 'comment.held' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('intranet.example resolves to 10.0.0.7');
    expect(await db.all(sql`SELECT id FROM webhooks WHERE url = 'https://intranet.example/hook'`)).toEqual([]);
  });

  it('sends strict security headers and serves its script and styles as files', async () => {
    const page = await app.request('/newsroom/login');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|style="/);
    expect((await app.request('/newsroom/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await app.request('/newsroom/assets/app.css')).headers.get('content-type')).toMatch(/css/);
  });

  it('sends visitors without a session to the login page, and refuses a wrong key', async () => {
    const page = await app.request(base);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/newsroom/login');
    const wrong = await app.request('/newsroom/login', { method: 'POST', body: new URLSearchParams({ key: 'tgp_notakeynotakeynotakeynotakey' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/Kunci API tidak dikenal/);
  });

  it('shows votes and comments on the overview, with charts that have text alternatives', async () => {
    for (const reaction of ['marah', 'marah', 'senang']) {
      await call('PUT', `/v1/sites/${site.id}/articles/berita-utama/vote`, { reader: readerToken(), reaction }, { origin: 'https://news.example' });
    }
    await commentAt(db, article.id, {});
    const { cookie } = await signedIn('viewer');
    const html = await (await app.request(`${base}?period=today`, { headers: { cookie } })).text();
    expect(html).toMatch(/data-testid="votes">3</);
    expect(html).toMatch(/data-testid="comments">1</);
    expect(html).toContain('Banjir di Jakarta');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="mix-title mix-desc"/);
    expect(html).toMatch(/<desc id="mix-desc">Label senang 1 \(33%\), Label marah 2 \(67%\)<\/desc>/);
    expect(html).not.toContain('/moderation"'); // a viewer gets no moderation link
    const english = await (await app.request(`${base}?period=today&lang=en`, { headers: { cookie } })).text();
    expect(english).toContain('Top articles');
    const articlePage = await app.request(`${base}/articles/berita-utama?period=today`, { headers: { cookie } });
    expect(articlePage.status).toBe(200);
    expect(await articlePage.text()).toMatch(/aria-labelledby="series-title series-desc"/);
  });

  it('shows mood by author and filters top articles by section', async () => {
    await createArticle(db, site.id, { externalId: 'pasar-1', title: 'Harga beras naik', section: 'Ekonomi' });
    const voted = await call('PUT', `/v1/sites/${site.id}/articles/pasar-1/vote`, { reader: readerToken(), reaction: 'senang' }, { origin: 'https://news.example' });
    expect(voted.status).toBe(200);
    // 30d: answers already given for today and the default period are shared for a few seconds.
    const { cookie } = await signedIn('viewer');
    const all = await (await app.request(`${base}?period=30d`, { headers: { cookie } })).text();
    expect(all).toContain('Suasana per penulis');
    expect(all).toMatch(/data-testid="mood-by-author"[\s\S]*Siti Rahma[\s\S]*\(tanpa penulis\)/);
    expect(all).toMatch(/<option value="Ekonomi">Ekonomi<\/option>/);
    expect(all).toContain(`href="${base}?period=30d&amp;section=Ekonomi"`);
    expect(all).toContain('Harga beras naik');
    const economy = await (await app.request(`${base}?period=30d&section=Ekonomi`, { headers: { cookie } })).text();
    expect(economy).toMatch(/<option value="Ekonomi" selected="">Ekonomi<\/option>/);
    const table = economy.slice(economy.indexOf('data-testid="top-articles"'), economy.indexOf('</table>', economy.indexOf('data-testid="top-articles"')));
    expect(table).toContain('Harga beras naik');
    expect(table).not.toContain('Banjir di Jakarta');
    const tooLong = await app.request(`${base}?period=30d&section=${'x'.repeat(200)}`, { headers: { cookie } });
    expect(tooLong.status).toBe(200);
    expect(await tooLong.text()).toContain('Banjir di Jakarta');
  });

  it('does not let a viewer moderate', async () => {
    const { cookie, csrf } = await signedIn('viewer');
    const page = await app.request(`${base}/moderation`, { headers: { cookie } });
    expect(page.status).toBe(403);
    const pending = await commentAt(db, article.id, { status: 'pending' });
    const attempt = await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `approve:${pending}` });
    expect(attempt.status).toBe(403);
    const [row] = await db.all<{ status: string }>(sql`SELECT status FROM comments WHERE id = ${pending}`);
    expect(row!.status).toBe('pending');
  });

  it('lets a moderator approve a pending comment with one click, CSRF-protected', async () => {
    const { cookie, csrf } = await signedIn('moderator');
    const pending = await commentAt(db, article.id, { status: 'pending', body: 'Semoga cepat surut' });
    const queue = await (await app.request(`${base}/moderation`, { headers: { cookie } })).text();
    expect(queue).toContain('Semoga cepat surut');
    expect((await post(`${base}/moderation`, cookie, { act: `approve:${pending}` })).status).toBe(403);
    const done = await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `approve:${pending}` });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(/done=approve/);
    const [row] = await db.all<{ status: string }>(sql`SELECT status FROM comments WHERE id = ${pending}`);
    expect(row!.status).toBe('approved');
  });

  it('shows clear validation messages on settings, and saves valid ones', async () => {
    const { cookie, csrf } = await signedIn('admin');
    const form = settingsForm(csrf, { origins: 'https://news.example\nnot an origin', moderationMode: 'pre', votesPerNetworkPerDay: '0' });
    const bad = await post(`${base}/settings/general`, cookie, form);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/origins\.1/);
    expect(html).toMatch(/settings\.votesPerNetworkPerDay/);
    const good = await post(`${base}/settings/general`, cookie, { ...form, origins: 'https://news.example', votesPerNetworkPerDay: '40' });
    expect(good.status).toBe(303);
    const settings = await (await app.request(`${base}/settings`, { headers: { cookie } })).text();
    expect(settings).toMatch(/value="40"/);
    expect(settings).toMatch(/id="closeCommentsAfterDays" name="closeCommentsAfterDays" type="number" min="0" max="3650" value="0"/);
    expect(settings).toMatch(/<option value="pre" selected/);
    expect(settings).toMatch(/data-testid="limits-fired">\s*Permintaan ditolak batas \(7 hari\):\s*belum ada/);
    const created = await post(`${base}/settings/keys`, cookie, { _csrf: csrf, name: 'Meja malam', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(await created.text()).toMatch(/data-testid="new-secret">tgp_/);
  });

  it('saves the trust, closing and retention fields, refusing an out-of-range one by name and changing nothing', async () => {
    const { cookie, csrf } = await signedIn('admin');
    const form = settingsForm(csrf, {
      trustAfterApprovedComments: '5',
      closeCommentsAfterDays: '7',
      heldCommentRetentionDays: '30',
      rejectedCommentRetentionDays: '14',
      networkKeyRetentionDays: '1',
    });
    const stored = async () => (await call('GET', `/v1/newsroom/sites/${site.id}/settings`, undefined, { cookie })).body.settings;
    expect((await post(`${base}/settings/general`, cookie, form)).status).toBe(303);
    expect(await stored()).toMatchObject({ trustAfterApprovedComments: 5, closeCommentsAfterDays: 7, heldCommentRetentionDays: 30, rejectedCommentRetentionDays: 14, networkKeyRetentionDays: 1 });
    const page = await (await app.request(`${base}/settings`, { headers: { cookie } })).text();
    for (const [name, value] of [['trustAfterApprovedComments', '5'], ['closeCommentsAfterDays', '7'], ['heldCommentRetentionDays', '30'], ['rejectedCommentRetentionDays', '14'], ['networkKeyRetentionDays', '1']]) {
      expect(page).toMatch(new RegExp(`id="${name}" name="${name}" type="number"[^>]*value="${value}"`));
    }
    for (const [name, value] of [['networkKeyRetentionDays', '31'], ['rejectedCommentRetentionDays', '0'], ['trustAfterApprovedComments', '0'], ['closeCommentsAfterDays', '-1']] as const) {
      const refused = await post(`${base}/settings/general`, cookie, { ...form, [name]: value });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(`id="settings-${name}-error"`);
    }
    expect(await stored()).toMatchObject({ trustAfterApprovedComments: 5, closeCommentsAfterDays: 7, heldCommentRetentionDays: 30, rejectedCommentRetentionDays: 14, networkKeyRetentionDays: 1 });
    expect((await post(`${base}/settings/general`, cookie, { ...form, closeCommentsAfterDays: '' })).status).toBe(303);
    expect((await stored()).closeCommentsAfterDays).toBe(0);
  });

  it("shows a queued comment's trust level and lets a moderator set it, and sets an article's comments open, closed or automatic", async () => {
    const { cookie, csrf } = await signedIn('moderator');
    const pending = await commentAt(db, article.id, { status: 'pending', body: 'Komentar pembaca baru', reader: 'trust-reader' });
    const queue = await (await app.request(`${base}/moderation`, { headers: { cookie } })).text();
    expect(queue).toMatch(new RegExp(`data-trust="baru"[\\s\\S]*value="trust-tepercaya:${pending}"`));
    const done = await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `trust-tepercaya:${pending}` });
    expect(done.headers.get('location')).toMatch(/done=trust/);
    expect(await (await app.request(`${base}/moderation`, { headers: { cookie } })).text()).toMatch(new RegExp(`data-trust="tepercaya"[\\s\\S]*value="trust-baru:${pending}"`));
    expect((await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `trust-maybe:${pending}` })).status).toBe(400);
    await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `trust-automatic:${pending}` });
    expect(await db.all(sql`SELECT level FROM reader_trust WHERE site_id = ${site.id}`)).toEqual([]);

    const articlePath = `${base}/articles/${article.externalId}`;
    expect((await post(`${articlePath}/state`, cookie, { _csrf: csrf, change: 'comments:closed' })).status).toBe(303);
    const closed = await (await app.request(articlePath, { headers: { cookie } })).text();
    expect(closed).toMatch(/value="comments:closed" disabled/);
    expect((await post(`${articlePath}/state`, cookie, { _csrf: csrf, change: 'comments:sometimes' })).status).toBe(400);
    expect((await post(`${articlePath}/state`, cookie, { _csrf: csrf, change: 'comments:automatic' })).status).toBe(303);
    expect(await (await app.request(articlePath, { headers: { cookie } })).text()).toMatch(/value="comments:automatic" disabled/);
  });

  it('signs out, ending the session', async () => {
    const { cookie, csrf } = await signedIn('viewer');
    expect((await post('/newsroom/logout', cookie, { _csrf: csrf })).status).toBe(303);
    expect((await app.request(base, { headers: { cookie } })).status).toBe(303);
  });

  it('shows a failure the server caused as a page that names nothing of it, and logs it through the app\'s handler', async () => {
    const broken = await testApp();
    const brokenSite = await createSite(broken.db, { reactionKeys: ['senang'] });
    const { cookie } = await dashboardSession(broken, brokenSite.id, 'moderator');
    await broken.db.run(sql`DROP TABLE moderation_log`);
    const page = await broken.app.request(`/newsroom/sites/${brokenSite.id}/moderation`, { headers: { cookie } });
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain('Terjadi kesalahan.');
    expect(html).not.toMatch(/moderation_log|no such table/i);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const logged = broken.logs.find((line) => line.msg === 'unhandled error');
    expect(logged).toMatchObject({ method: 'GET', path: `/newsroom/sites/${brokenSite.id}/moderation` });
    // loggableError: the query and its cause, never its parameters (here the site id).
    expect(String(logged!.error)).toMatch(/failed query: [\s\S]*moderation_log[\s\S]*no such table/);
    expect(String(logged!.error)).not.toContain(brokenSite.id);
  });

  it('edits, moves and retires a reaction through the API\'s schemas, naming the field it refuses', async () => {
    const { cookie, csrf } = await signedIn('admin');
    const empty = await post(`${base}/settings/reactions/senang`, cookie, { _csrf: csrf, do: 'relabel', emoji: '😀', labelId: '   ', labelEn: 'Happy' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('<strong>senang.labels.id</strong>: label must not be empty.');
    const order = async () => (await db.all<{ key: string }>(sql`SELECT key FROM reactions WHERE site_id = ${site.id} ORDER BY position`)).map((row) => row.key);
    expect(await order()).toEqual(['senang', 'marah']);
    expect((await post(`${base}/settings/reactions/marah`, cookie, { _csrf: csrf, do: 'up' })).status).toBe(303);
    expect(await order()).toEqual(['marah', 'senang']);
    expect((await post(`${base}/settings/reactions/marah`, cookie, { _csrf: csrf, do: 'up' })).status).toBe(303);
    expect(await order()).toEqual(['marah', 'senang']);
    expect((await post(`${base}/settings/reactions/marah`, cookie, { _csrf: csrf, do: 'down' })).status).toBe(303);
    expect(await order()).toEqual(['senang', 'marah']);
    const relabelled = await post(`${base}/settings/reactions/senang`, cookie, { _csrf: csrf, do: 'relabel', emoji: '😀', labelId: ' Gembira ', labelEn: 'Glad' });
    expect(relabelled.status).toBe(303);
    const [row] = await db.all<{ labels: string }>(sql`SELECT labels FROM reactions WHERE site_id = ${site.id} AND key = 'senang'`);
    expect(JSON.parse(row!.labels)).toEqual({ id: 'Gembira', en: 'Glad' });
    expect((await post(`${base}/settings/reactions/marah`, cookie, { _csrf: csrf, do: 'retire' })).status).toBe(303);
    const last = await post(`${base}/settings/reactions/senang`, cookie, { _csrf: csrf, do: 'retire' });
    expect(last.status).toBe(400);
    expect(await last.text()).toContain('Sisakan paling sedikit satu reaksi aktif.');
    expect((await post(`${base}/settings/reactions/marah`, cookie, { _csrf: csrf, do: 'restore' })).status).toBe(303);
  });

  it('refuses a webhook event the API does not know, storing nothing', async () => {
    const { cookie, csrf } = await signedIn('admin');
    const refused = await post(`${base}/settings/webhooks`, cookie, { _csrf: csrf, url: 'https://hooks.example/in', events: ['comment.held', 'vote.cast'] });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<strong>events.1</strong>');
    expect(await db.all(sql`SELECT id FROM webhooks WHERE url = 'https://hooks.example/in'`)).toEqual([]);
  });

  it('mutes an author for the days the form names, and refuses days the API refuses', async () => {
    const { cookie, csrf } = await signedIn('moderator');
    const pending = await commentAt(db, article.id, { status: 'pending', reader: 'reader-hash-mute' });
    const mutes = () => db.all<{ until: number }>(sql`SELECT until FROM reader_mutes WHERE site_id = ${site.id} AND reader_hash = 'reader-hash-mute'`);
    const tooLong = await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `mute:${pending}`, days: '400' });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('days');
    expect(await mutes()).toEqual([]);
    const muted = await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `mute:${pending}`, days: '3' });
    expect(muted.status).toBe(303);
    expect(muted.headers.get('location')).toMatch(/done=mute/);
    expect(await mutes()).toHaveLength(1);
    const unknown = await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `delete:${pending}` });
    expect(unknown.status).toBe(400);
  });
});

describe("editor's picks, unmute and the verified flag in the dashboard", () => {
  const picksArticle = async () => {
    const own = await createArticle(db, site.id, { externalId: `pilihan-${Math.random().toString(36).slice(2, 8)}` });
    const ids: number[] = [];
    for (let i = 1; i <= 4; i++) ids.push(await commentAt(db, own.id, { body: `Pendapat nomor ${i}`, reader: `reader-pick-${i}` }));
    return { path: `${base}/articles/${own.externalId}/comments`, ids };
  };

  it('pins and unpins from the article comments page, and shows the 4th refused with the limit', async () => {
    const { cookie, csrf } = await signedIn('moderator');
    const { path, ids } = await picksArticle();
    const before = await (await app.request(path, { headers: { cookie } })).text();
    expect(before).toContain('Pendapat nomor 4');
    expect(before).toContain(`value="pick:${ids[0]}"`);
    for (const id of ids.slice(0, 3)) {
      const done = await post(path, cookie, { _csrf: csrf, act: `pick:${id}` });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(`${path}?done=pick`);
    }
    const after = await (await app.request(path, { headers: { cookie } })).text();
    expect(after.indexOf(`data-comment-id="${ids[0]}"`)).toBeLessThan(after.indexOf(`data-comment-id="${ids[3]}"`));
    expect(after).toContain(`value="unpick:${ids[0]}"`);
    const refused = await post(path, cookie, { _csrf: csrf, act: `pick:${ids[3]}` });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/sudah punya 3 Pilihan Redaksi/);
    expect((await post(path, cookie, { act: `unpick:${ids[0]}` })).status).toBe(403);
    expect((await post(path, cookie, { _csrf: csrf, act: `unpick:${ids[0]}` })).headers.get('location')).toBe(`${path}?done=unpick`);
    expect((await post(path, cookie, { _csrf: csrf, act: `pick:${ids[3]}` })).status).toBe(303);
  });

  it('does not let a viewer see or change the picks', async () => {
    const { cookie, csrf } = await signedIn('viewer');
    const { path, ids } = await picksArticle();
    expect((await app.request(path, { headers: { cookie } })).status).toBe(403);
    expect((await post(path, cookie, { _csrf: csrf, act: `pick:${ids[0]}` })).status).toBe(403);
    expect(await db.all(sql`SELECT id FROM comments WHERE id = ${ids[0]} AND picked_at IS NOT NULL`)).toEqual([]);
  });

  it('unmutes from the queue and marks signed-in authors as verified there', async () => {
    const { cookie, csrf } = await signedIn('moderator');
    const held = await commentAt(db, article.id, { status: 'pending', heldReason: 'muted', reader: 'reader-hash-unmute', body: 'Ditahan karena bisu' });
    await db.run(sql`UPDATE comments SET sso_user_hash = 'keyed-sub' WHERE id = ${held}`);
    expect((await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `mute:${held}`, days: '3' })).status).toBe(303);
    const queue = await (await app.request(`${base}/moderation`, { headers: { cookie } })).text();
    const item = queue.slice(queue.indexOf(`data-comment-id="${held}"`));
    expect(item.slice(0, item.indexOf('</article>'))).toContain('data-testid="verified"');
    expect(item).toContain(`value="unmute:${held}"`);
    const details = await (await app.request(`${base}/comments/${held}`, { headers: { cookie } })).text();
    expect(details).toContain('Ditahan karena bisu');
    expect(details).toContain('data-testid="verified"');
    expect(details).toMatch(/penulis dibisukan sampai/);
    expect((await app.request(`${base}/comments/abc`, { headers: { cookie } })).status).toBe(400);
    const done = await post(`${base}/moderation`, cookie, { _csrf: csrf, act: `unmute:${held}` });
    expect(done.headers.get('location')).toMatch(/done=unmute/);
    expect(await db.all(sql`SELECT 1 FROM reader_mutes WHERE site_id = ${site.id} AND reader_hash = 'reader-hash-unmute'`)).toEqual([]);
  });
});

import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { readerToken, testApp } from '../helpers/app';
import { recordingDb } from '../helpers/db';
import { createArticle, createSite } from '../helpers/factories';
import { commentAt, keyHeader, voteAt } from '../helpers/newsroom';
import { nodeResolveHost } from '../../src/node';
import { attemptDelivery, emitWebhookEvent, queueWebhookEvent, retryDueDeliveries, sendQueuedDeliveries, siteListensFor } from '../../src/newsroom/webhooks/service';
import { addressScope } from '../../src/newsroom/webhooks/targets';
import { measureSpike } from '../../src/newsroom/webhooks/spike';

/** A receiver on 127.0.0.1 that answers with the next queued status (200 once the queue is empty). */
type Received = { headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
const statuses: number[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    received.push({ headers: request.headers, body });
    response.writeHead(statuses.shift() ?? 200).end();
  });
});
await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
const receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const { db, call } = await testApp();
const site = await createSite(db, { reactionKeys: ['senang', 'marah'] });
const admin = await keyHeader(db, site.id, 'admin');
const base = `/v1/newsroom/sites/${site.id}`;

function verify(secret: string, { headers, body }: Received): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers['x-tanggap-signature']));
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest('hex');
  return expected === match[2];
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > ms) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('webhooks', () => {
  it('refuses URLs it must not call', async () => {
    const bad = await call('POST', `${base}/webhooks`, { url: 'http://example.com/hook', events: ['comment.held'] }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('url');
    const event = await call('POST', `${base}/webhooks`, { url: 'https://example.com/hook', events: ['comment.deleted'] }, admin);
    expect(event.body.error.details[0].path).toBe('events.0');
  });

  it('signs deliveries with HMAC-SHA256 the receiver can verify, and retries failures', async () => {
    const created = await call('POST', `${base}/webhooks`, { url: receiverUrl, events: ['comment.held', 'comment.reported'] }, admin);
    expect(created.status).toBe(201);
    const { id, secret } = created.body;
    expect(secret).toMatch(/^whsec_/);
    statuses.push(500, 503);
    const [deliveryId] = await emitWebhookEvent({ db, production: false, now: Date.now, retryDelaysMs: [10, 20] }, { siteId: site.id, event: 'comment.held', data: { comment: 7, article: 'a-1' } });
    const log = await until(
      async () => (await call('GET', `${base}/webhooks/${id}/deliveries`, undefined, admin)).body.deliveries,
      (rows: any[]) => rows[0]?.status !== 'pending',
    );
    expect(log[0]).toMatchObject({ id: deliveryId, event: 'comment.held', status: 'delivered', attempts: 3, responseStatus: 200 });
    const attempts = received.filter((r) => r.headers['x-tanggap-delivery'] === String(deliveryId));
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) expect(verify(secret, attempt)).toBe(true);
    expect(verify('whsec_wrong', attempts[0]!)).toBe(false);
    expect(JSON.parse(attempts[0]!.body)).toMatchObject({ delivery: deliveryId, event: 'comment.held', site: site.id, data: { comment: 7, article: 'a-1' } });
    expect(attempts[0]!.headers['x-tanggap-event']).toBe('comment.held');
  });

  it('gives up after the last retry and logs the failure', async () => {
    statuses.push(500, 500, 500);
    const [deliveryId] = await emitWebhookEvent({ db, production: false, now: Date.now, retryDelaysMs: [5, 5] }, { siteId: site.id, event: 'comment.reported', data: { comment: 8 } });
    const row = await until(
      async () => (await db.all<{ status: string; attempts: number; last_error: string }>(sql`SELECT status, attempts, last_error FROM webhook_deliveries WHERE id = ${deliveryId}`))[0]!,
      (value) => value.status !== 'pending',
    );
    expect(row).toEqual({ status: 'failed', attempts: 3, last_error: 'HTTP 500' });
  });

  it('does not call webhooks for events they did not subscribe to', async () => {
    const ids = await emitWebhookEvent({ db, production: false, now: Date.now }, { siteId: site.id, event: 'reaction.spike', data: {} });
    expect(ids).toEqual([]);
  });
});

describe('deliveries written with the write that causes them', () => {
  /** A site with a hook for moderation events, and one comment awaiting review. */
  async function moderated(events = ['moderation.approved', 'moderation.rejected', 'moderation.muted']) {
    const own = await createSite(db);
    const key = await keyHeader(db, own.id, 'admin');
    const hook = await call('POST', `/v1/newsroom/sites/${own.id}/webhooks`, { url: receiverUrl, events }, key);
    expect(hook.status).toBe(201);
    const article = await createArticle(db, own.id, { externalId: 'tinjau-1', title: 'Judul' });
    const commentId = await commentAt(db, article.id, { status: 'pending', body: 'Tolong ditinjau', reader: 'secret-reader-hash' });
    const deliveries = () =>
      db.all<{ event: string; status: string; payload: string }>(
        sql`SELECT event, status, payload FROM webhook_deliveries WHERE webhook_id = ${hook.body.id} ORDER BY id`,
      );
    return { own, key, hook, commentId, deliveries, actions: `/v1/newsroom/sites/${own.id}/moderation/actions` };
  }

  it('a moderator\'s approval is delivered with the article, an excerpt and the actor, never the reader', async () => {
    const { own, key, hook, commentId, deliveries, actions } = await moderated();
    expect((await call('POST', actions, { action: 'approve', ids: [commentId] }, key)).status).toBe(200);
    const sent = await until(
      async () => received.filter((r) => r.headers['x-tanggap-event'] === 'moderation.approved' && JSON.parse(r.body).site === own.id),
      (list) => list.length > 0,
    );
    expect(sent).toHaveLength(1);
    expect(verify(hook.body.secret, sent[0]!)).toBe(true);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({
      event: 'moderation.approved',
      data: { commentId, article: 'tinjau-1', title: 'Judul', excerpt: 'Tolong ditinjau', authorName: 'Budi', actor: expect.any(String) },
    });
    expect(sent[0]!.body).not.toContain('secret-reader-hash');
    expect((await until(deliveries, (rows) => rows[0]?.status === 'delivered')).map((row) => row.status)).toEqual(['delivered']);
  });

  it('a failing write leaves no delivery, and a failing delivery insert leaves no write', async () => {
    const { key, commentId, deliveries, actions } = await moderated();
    const status = async () => (await db.all<{ status: string }>(sql`SELECT status FROM comments WHERE id = ${commentId}`))[0]!.status;
    await db.run(sql`CREATE TRIGGER fail_moderation BEFORE INSERT ON moderation_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    try {
      expect((await call('POST', actions, { action: 'reject', ids: [commentId], reason: 'spam' }, key)).status).toBe(500);
    } finally {
      await db.run(sql`DROP TRIGGER fail_moderation`);
    }
    expect(await deliveries()).toEqual([]);
    await db.run(sql`CREATE TRIGGER fail_delivery BEFORE INSERT ON webhook_deliveries BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    try {
      expect((await call('POST', actions, { action: 'reject', ids: [commentId], reason: 'spam' }, key)).status).toBe(500);
    } finally {
      await db.run(sql`DROP TRIGGER fail_delivery`);
    }
    expect(await status()).toBe('pending');
    expect(await db.all(sql`SELECT 1 FROM moderation_log WHERE comment_id = ${commentId}`)).toEqual([]);
  });

  it('a delivery committed with its write survives a process that stops before sending it', async () => {
    const { own, key, commentId, deliveries, actions } = await moderated();
    let clock = Date.now();
    // A process that commits and then stops: its sink never runs.
    const stopped = await testApp({ db, now: () => clock, events: { emit: () => undefined } });
    expect((await stopped.call('POST', actions, { action: 'reject', ids: [commentId], reason: 'spam' }, key)).status).toBe(200);
    expect((await stopped.call('POST', `/v1/newsroom/sites/${own.id}/moderation/mutes`, { commentId, days: 3 }, key)).status).toBe(200);
    expect((await deliveries()).map(({ event, status }) => [event, status])).toEqual([
      ['moderation.rejected', 'pending'],
      ['moderation.muted', 'pending'],
    ]);
    clock += 1;
    await sendQueuedDeliveries({ db, production: false, now: () => clock, retryDelaysMs: [] }, own.id);
    expect((await deliveries()).map(({ status }) => status)).toEqual(['delivered', 'delivered']);
    const muted = JSON.parse((await deliveries())[1]!.payload);
    expect(muted).toMatchObject({ event: 'moderation.muted', site: own.id, data: { commentId, until: clock - 1 + 3 * 86_400_000 } });
  });

  it('is delivered at least once: a refused attempt is sent again by a later sweep with the same id, in the header and the signed body', async () => {
    const { own, key, hook, commentId, actions } = await moderated(['moderation.rejected']);
    let clock = Date.now();
    const stopped = await testApp({ db, now: () => clock, events: { emit: () => undefined } });
    expect((await stopped.call('POST', actions, { action: 'reject', ids: [commentId], reason: 'spam' }, key)).status).toBe(200);
    const [{ id }] = (await db.all<{ id: number }>(sql`SELECT id FROM webhook_deliveries WHERE webhook_id = ${hook.body.id}`)) as [{ id: number }];
    const runtime = { db, production: false, now: () => clock, retryDelaysMs: [] };
    statuses.push(503);
    clock += 1;
    // The sender's first attempt is refused, and the process stops before its retry.
    expect(await attemptDelivery(runtime, id, false, 1_000)).toBe(false);
    clock += 120_000;
    await retryDueDeliveries(runtime);
    const sent = received.filter((r) => JSON.parse(r.body).site === own.id);
    expect(sent.map((r) => r.headers['x-tanggap-delivery'])).toEqual([String(id), String(id)]);
    expect(sent.map((r) => JSON.parse(r.body).delivery)).toEqual([id, id]);
    for (const attempt of sent) expect(verify(hook.body.secret, attempt)).toBe(true);
    expect((await db.all<{ status: string; attempts: number }>(sql`SELECT status, attempts FROM webhook_deliveries WHERE id = ${id}`))[0]).toEqual({ status: 'delivered', attempts: 2 });
  });

  it("a pick, an unpick and an unmute are delivered with the write; a repeat that changes nothing is not", async () => {
    const { own, key, commentId, deliveries, actions } = await moderated(['moderation.picked', 'moderation.unpicked', 'moderation.unmuted']);
    const api = `/v1/newsroom/sites/${own.id}/moderation`;
    expect((await call('POST', actions, { action: 'approve', ids: [commentId] }, key)).status).toBe(200);
    expect((await call('POST', `${api}/picks`, { commentId }, key)).status).toBe(200);
    expect((await call('POST', `${api}/picks`, { commentId }, key)).status).toBe(200);
    expect((await call('DELETE', `${api}/picks/${commentId}`, undefined, key)).status).toBe(200);
    expect((await call('POST', `${api}/mutes`, { commentId, days: 1 }, key)).status).toBe(200);
    expect((await call('DELETE', `${api}/mutes/${commentId}`, undefined, key)).status).toBe(200);
    expect((await call('DELETE', `${api}/mutes/${commentId}`, undefined, key)).status).toBe(200);
    const rows = await deliveries();
    expect(rows.map((row) => row.event)).toEqual(['moderation.picked', 'moderation.unpicked', 'moderation.unmuted']);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ event: 'moderation.picked', site: own.id, data: { commentId, article: 'tinjau-1', excerpt: 'Tolong ditinjau', actor: expect.any(String) } });
    expect(JSON.parse(rows[2]!.payload)).toMatchObject({ event: 'moderation.unmuted', data: { commentId } });
    expect(rows.map((row) => row.payload).join()).not.toContain('secret-reader-hash');
  });

  it('queues nothing for an action no hook listens to, and refuses none of the write for it', async () => {
    const { key, commentId, deliveries, actions } = await moderated(['moderation.approved']);
    expect((await call('POST', actions, { action: 'spam', ids: [commentId] }, key)).status).toBe(200);
    expect(await deliveries()).toEqual([]);
  });
});

describe('webhook targets in production', () => {
  /** What a resolver answers for each name; a test changes it to play DNS rebinding. */
  const dns = new Map<string, string[]>([
    ['hooks.example', ['93.184.215.14']],
    ['intranet.example', ['10.1.2.3']],
    ['mixed.example', ['93.184.215.14', '2606:4700::1111', '::ffff:127.0.0.1']],
    ['loopback.example', ['127.0.0.1']],
    ['v6-loopback.example', ['::1']],
  ]);
  const resolveHost = async (name: string) => {
    const addresses = dns.get(name);
    if (!addresses) throw new Error(`ENOTFOUND ${name}`);
    return addresses;
  };
  const production = testApp({ db, config: { production: true }, resolveHost });
  /** Creates a webhook on a site of its own, so no other test's event ever calls it. */
  const create = async (url: string) => {
    const own = await createSite(db);
    return (await production).call('POST', `/v1/newsroom/sites/${own.id}/webhooks`, { url, events: ['comment.held'] }, await keyHeader(db, own.id, 'admin'));
  };

  it.each([
    'https://127.0.0.1/hook', 'https://127.8.9.10/hook', 'https://10.0.0.1/hook', 'https://172.16.5.4/hook', 'https://192.168.1.1/hook',
    'https://169.254.169.254/latest/meta-data', 'https://100.64.0.1/hook', 'https://100.127.255.254/hook', 'https://0.0.0.0/hook',
    'https://255.255.255.255/hook', 'https://224.0.0.1/hook', 'https://2130706433/hook', 'https://0x7f.1/hook',
    'https://[::1]/hook', 'https://[::]/hook', 'https://[fc00::1]/hook', 'https://[fd12:3456::1]/hook', 'https://[fe80::1]/hook', 'https://[ff02::1]/hook',
    'https://[::ffff:7f00:1]/hook', 'https://[::ffff:a9fe:a9fe]/hook', 'https://[::ffff:10.0.0.1]/hook',
    'https://[64:ff9b::7f00:1]/hook', 'https://[64:ff9b::a9fe:a9fe]/hook', 'https://[64:ff9b:1::a00:1]/hook',
    'https://[2002:7f00:1::1]/hook', 'https://[2002:c0a8:101::1]/hook', 'https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook',
    'https://localhost/hook', 'https://api.localhost/hook', 'https://printer.local/hook',
    'https://loopback.example/hook', 'https://v6-loopback.example/hook', 'https://intranet.example/hook', 'https://mixed.example/hook',
    'https://unknown.example/hook',
  ])('refuses %s, naming the url', async (url) => {
    const refused = await create(url);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'url' });
  });

  it('accepts public addresses, literal or resolved, NAT64 of a public address included', async () => {
    for (const url of ['https://hooks.example/hook', 'https://1.1.1.1/hook', 'https://[2606:4700::1111]/hook', 'https://[64:ff9b::101:101]/hook']) {
      expect((await create(url)).status).toBe(201);
    }
  });

  it('checks the address again at delivery, so a name rebound to loopback is never called', async () => {
    const rebinding = await createSite(db);
    const created = await (await production).call('POST', `/v1/newsroom/sites/${rebinding.id}/webhooks`, { url: 'https://hooks.example/hook', events: ['comment.held'] }, await keyHeader(db, rebinding.id, 'admin'));
    expect(created.status).toBe(201);
    dns.set('hooks.example', ['127.0.0.1']);
    const { ids, delivery } = await queueWebhookEvent({ db, production: true, resolveHost, now: Date.now, retryDelaysMs: [] }, { siteId: rebinding.id, event: 'comment.held', data: {} });
    await delivery;
    dns.set('hooks.example', ['93.184.215.14']);
    const failures = await db.all<{ status: string; last_error: string | null; url: string }>(
      sql`SELECT d.status, d.last_error, w.url FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id IN (${sql.join(ids, sql`, `)})`,
    );
    expect(failures).toEqual([{ status: 'failed', last_error: 'Error: refused: hooks.example resolves to 127.0.0.1, a private or local address', url: 'https://hooks.example/hook' }]);
  });

  it("resolves names with Node's resolver, which finds localhost on loopback", async () => {
    const addresses = await nodeResolveHost('localhost');
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.map(addressScope)).toEqual(addresses.map(() => 'loopback'));
  });
});

describe('comment events from the comments API', () => {
  it('a comment held by pre-moderation is delivered as comment.held', async () => {
    const held = await createSite(db, { origins: ['https://news.example'], settings: { moderationMode: 'pre', commentIntervalSeconds: 0 } });
    const key = await keyHeader(db, held.id, 'admin');
    const hook = await call('POST', `/v1/newsroom/sites/${held.id}/webhooks`, { url: receiverUrl, events: ['comment.held'] }, key);
    const posted = await call(
      'POST',
      `/v1/sites/${held.id}/articles/tahan-1/comments`,
      { reader: readerToken(), name: 'Rina', body: 'Mohon ditinjau dulu.', elapsedMs: 8_000, title: 'Artikel ditahan' },
      { origin: 'https://news.example' },
    );
    expect(posted.status).toBeLessThan(300);
    const deliveries = await until(
      async () => received.filter((r) => r.headers['x-tanggap-event'] === 'comment.held' && JSON.parse(r.body).site === held.id),
      (list) => list.length > 0,
    );
    expect(deliveries).toHaveLength(1);
    expect(verify(hook.body.secret, deliveries[0]!)).toBe(true);
    expect(JSON.parse(deliveries[0]!.body).data).toMatchObject({ reason: 'pre-moderation', article: 'tahan-1', excerpt: 'Mohon ditinjau dulu.', authorName: 'Rina' });
  });
});

describe('comment deliveries in the comment batches', () => {
  async function listening(settings: Record<string, unknown>, events: string[]) {
    const own = await createSite(db, { origins: ['https://news.example'], settings: { commentIntervalSeconds: 0, ...settings } });
    const hook = await call('POST', `/v1/newsroom/sites/${own.id}/webhooks`, { url: receiverUrl, events }, await keyHeader(db, own.id, 'admin'));
    expect(hook.status).toBe(201);
    const rows = () => db.all<{ event: string; payload: string }>(sql`SELECT event, payload FROM webhook_deliveries WHERE webhook_id = ${hook.body.id} ORDER BY id`);
    const post = (body: string) =>
      call('POST', `/v1/sites/${own.id}/articles/kirim-1/comments`, { reader: readerToken(), name: 'Rina', body, elapsedMs: 8_000 }, { origin: 'https://news.example' });
    return { own, rows, post };
  }

  it('a comment whose delivery cannot be written is not posted either', async () => {
    const { own, rows, post } = await listening({ moderationMode: 'pre' }, ['comment.held']);
    await db.run(sql`CREATE TRIGGER fail_held_delivery BEFORE INSERT ON webhook_deliveries BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    try {
      expect((await post('Tidak akan tersimpan.')).status).toBe(500);
    } finally {
      await db.run(sql`DROP TRIGGER fail_held_delivery`);
    }
    expect(await rows()).toEqual([]);
    const stored = await db.all(sql`SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.site_id = ${own.id}`);
    expect(stored).toEqual([]);
    expect((await post('Sekarang tersimpan.')).status).toBe(201);
    expect((await rows()).map((row) => row.event)).toEqual(['comment.held']);
  });

  it('a published comment queues nothing for a hook that listens for holds only', async () => {
    const { rows, post } = await listening({}, ['comment.held']);
    expect((await post('Langsung tampil.')).status).toBe(201);
    expect(await rows()).toEqual([]);
  });

  it('a report is queued with its reason and count, in the report batch', async () => {
    const { own, rows, post } = await listening({ reportThreshold: 50 }, ['comment.reported']);
    const commentId = (await post('Dilaporkan nanti.')).body.comment.id as number;
    const reported = await call('POST', `/v1/sites/${own.id}/comments/${commentId}/reports`, { reader: readerToken(), reason: 'spam' }, { origin: 'https://news.example' });
    expect(reported.status).toBeLessThan(300);
    const queued = (await rows()).map((row) => JSON.parse(row.payload));
    expect(queued).toEqual([expect.objectContaining({ event: 'comment.reported', data: expect.objectContaining({ commentId, reason: 'spam', reportCount: 1, article: 'kirim-1' }) })]);
  });
});

describe('reaction spike', () => {
  it('measures the last ten minutes against the usual rate', async () => {
    const article = await createArticle(db, site.id);
    const now = Date.UTC(2026, 10, 26, 5, 5);
    for (let i = 0; i < 24; i++) await voteAt(db, article.id, `steady-${i}`, 'senang', now - (i + 2) * 3_600_000);
    expect(await measureSpike({ db, articleId: article.id, now })).toMatchObject({ recent: 0, spiking: false });
    for (let i = 0; i < 25; i++) await voteAt(db, article.id, `burst-${i}`, 'marah', now - 60_000);
    expect(await measureSpike({ db, articleId: article.id, now })).toMatchObject({ recent: 25, spiking: true });
  });

  it('sends a reaction.spike webhook after votes, without delaying them', async () => {
    const spikeSite = await createSite(db, { reactionKeys: ['senang'], origins: ['https://news.example'] });
    const key = await keyHeader(db, spikeSite.id, 'admin');
    const hook = await call('POST', `/v1/newsroom/sites/${spikeSite.id}/webhooks`, { url: receiverUrl, events: ['reaction.spike'] }, key);
    for (let i = 0; i < 21; i++) {
      const answer = await call('PUT', `/v1/sites/${spikeSite.id}/articles/viral/vote`, { reader: readerToken(), reaction: 'senang' }, { origin: 'https://news.example' });
      expect(answer.status).toBe(200);
    }
    const spikes = await until(
      async () => received.filter((r) => r.headers['x-tanggap-event'] === 'reaction.spike'),
      (list) => list.length > 0,
    );
    expect(spikes).toHaveLength(1);
    expect(verify(hook.body.secret, spikes[0]!)).toBe(true);
    const data = JSON.parse(spikes[0]!.body).data;
    expect(data.article).toBe('viral');
    expect(data.votesLast10Minutes).toBeGreaterThanOrEqual(20);
  });
});

describe('webhook lookups', () => {
  it('reads a site\'s hooks once, however many votes and events ask whether it listens', async () => {
    const recorded = await recordingDb();
    const votes = await testApp({ db: recorded.db });
    const listening = await createSite(recorded.db, { reactionKeys: ['senang'], origins: ['https://news.example'] });
    const key = await keyHeader(recorded.db, listening.id, 'admin');
    expect((await votes.call('POST', `/v1/newsroom/sites/${listening.id}/webhooks`, { url: receiverUrl, events: ['reaction.spike'] }, key)).status).toBe(201);
    recorded.statements.length = 0;
    for (let i = 0; i < 5; i++) {
      const answer = await votes.call('PUT', `/v1/sites/${listening.id}/articles/quiet/vote`, { reader: readerToken(), reaction: 'senang' }, { origin: 'https://news.example' });
      expect(answer.status).toBe(200);
      expect(await siteListensFor(recorded.db, listening.id, 'reaction.spike')).toBe(true);
    }
    const hookReads = recorded.statements.filter((statement) => /\bfrom "webhooks"/i.test(statement));
    expect(hookReads).toHaveLength(1);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHALLENGE_MAX_NUMBER } from '../../src/ratelimit/challenge';
import { addressGroup } from '../../src/readers/service';
import { readerToken, type TestApp, testApp } from '../helpers/app';
import { counterMismatches, createArticle, createSite } from '../helpers/factories';
import { keyHeader } from '../helpers/newsroom';

/**
 * Issue 13, as an attacker on one machine would try it: rotating the User-Agent and the reader
 * token per request no longer resets any limit, because every policy also counts against the
 * address (an IPv6 /64).
 */
let t: TestApp;
const clock = Date.UTC(2026, 10, 26, 8, 0, 0);

beforeAll(async () => {
  t = await testApp({ now: () => clock });
});

const randomAgent = () => `Mozilla/5.0 (Attack ${randomBytes(6).toString('hex')})`;

async function site(settings: Record<string, unknown>) {
  const created = await createSite(t.db, { settings });
  const article = await createArticle(t.db, created.id);
  return { id: created.id, article, path: `/v1/sites/${created.id}/articles/${encodeURIComponent(article.externalId)}` };
}

/** Solves a challenge the way a script would, with native SHA-256; counts the hashes it took. */
async function solvedProof(siteId: string, hashes = { total: 0 }): Promise<string> {
  const { body: challenge } = await t.call('GET', `/v1/sites/${siteId}/challenge`);
  for (let number = 0; number <= challenge.maxnumber; number++) {
    hashes.total++;
    if (createHash('sha256').update(challenge.salt + number).digest('hex') === challenge.challenge) {
      return Buffer.from(JSON.stringify({ ...challenge, number })).toString('base64');
    }
  }
  throw new Error('unsolvable challenge');
}

function tally(statuses: number[], codes: string[]) {
  const count: Record<string, number> = {};
  statuses.forEach((status, index) => {
    const key = `${status}${codes[index] ? ` ${codes[index]}` : ''}`;
    count[key] = (count[key] ?? 0) + 1;
  });
  return count;
}

describe('votes from one address', () => {
  it('admit no more than the address soft ceiling with rotating User-Agents and tokens, then one vote per solved challenge up to the hard ceiling', async () => {
    const s = await site({ votesPerAddressPerDay: 5, hardCeilingFactor: 2 });
    const vote = (proof?: string) =>
      t.call('PUT', `${s.path}/vote`, { reader: readerToken(), reaction: 'a', ...(proof && { proof }) }, { 'x-test-ip': '198.51.100.7', 'user-agent': randomAgent() });
    const free = await Promise.all(Array.from({ length: 20 }, () => vote()));
    expect(tally(free.map((r) => r.status), free.map((r) => r.body?.error?.code))).toEqual({ '200': 5, '429 challenge_required': 15 });
    expect(free.find((r) => r.status === 429)!.headers.get('retry-after')).toBeNull();

    const hashes = { total: 0 };
    const proof = await solvedProof(s.id, hashes);
    expect((await vote(proof)).status).toBe(200);
    const reused = await vote(proof);
    expect({ status: reused.status, code: reused.body.error.code }).toEqual({ status: 429, code: 'challenge_required' });
    for (let i = 0; i < 4; i++) expect((await vote(await solvedProof(s.id, hashes))).status).toBe(200);
    const hard = await vote(await solvedProof(s.id, hashes));
    expect({ status: hard.status, code: hard.body.error.code }).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(hard.headers.get('retry-after'))).toBeGreaterThan(0);

    const poll = await t.call('GET', `${s.path}/poll`);
    expect(poll.body.total).toBe(10);
    expect(await counterMismatches(t.db)).toEqual([]);
    // Each vote past the soft ceiling cost one challenge of at most maxnumber + 1 hashes (maxnumber / 2 on average).
    expect(hashes.total).toBeLessThanOrEqual(7 * (CHALLENGE_MAX_NUMBER + 1));
    console.log(`7 proofs took ${hashes.total} SHA-256 hashes (${Math.round(hashes.total / 7)} each; expected ${CHALLENGE_MAX_NUMBER / 2})`);
  });

  it('groups IPv6 by /64: new interface ids share one count, another /64 has its own', async () => {
    const s = await site({ votesPerAddressPerDay: 3 });
    const vote = (ip: string) => t.call('PUT', `${s.path}/vote`, { reader: readerToken(), reaction: 'b' }, { 'x-test-ip': ip, 'user-agent': randomAgent() });
    const statuses = [];
    for (let i = 1; i <= 5; i++) statuses.push((await vote(`2001:db8:aa:bb::${i.toString(16)}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await vote('2001:db8:aa:cc::1')).status).toBe(200);
    expect(addressGroup('[2001:0db8:00aa:00bb:1:2:3:4]')).toBe('2001:db8:aa:bb::/64');
    expect(addressGroup('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('still lets a reader move their own vote after the address is past its ceiling', async () => {
    const s = await site({ votesPerAddressPerDay: 1 });
    const reader = readerToken();
    const headers = { 'x-test-ip': '198.51.100.20' };
    expect((await t.call('PUT', `${s.path}/vote`, { reader, reaction: 'a' }, headers)).status).toBe(200);
    expect((await t.call('PUT', `${s.path}/vote`, { reader: readerToken(), reaction: 'a' }, headers)).status).toBe(429);
    const moved = await t.call('PUT', `${s.path}/vote`, { reader, reaction: 'c' }, headers);
    expect({ status: moved.status, choice: moved.body.choice, total: moved.body.total }).toEqual({ status: 200, choice: 'c', total: 1 });
  });

  it('records one row per new voter, which counts against both the network and its address', async () => {
    const s = await site({ votesPerNetworkPerDay: 2, votesPerAddressPerDay: 3, hardCeilingFactor: 2 });
    const vote = (agent: string) => t.call('PUT', `${s.path}/vote`, { reader: readerToken(), reaction: 'a' }, { 'x-test-ip': '198.51.100.30', 'user-agent': agent });
    const network = [await vote('Agent one'), await vote('Agent one'), await vote('Agent one')];
    expect(network.map((r) => r.body?.error?.code ?? r.status)).toEqual([200, 200, 'rate_limited']);
    expect(network[2]!.headers.get('retry-after')).toBe(String(86_400));
    // Another User-Agent on the same address is a new network, but the address has counted two already.
    const others = [await vote('Agent two'), await vote('Agent three')];
    expect(others.map((r) => r.body?.error?.code ?? r.status)).toEqual([200, 'challenge_required']);
    // Three admitted hits under the two networks' keys, none under the address's own.
    const [recorded] = await t.db.all<{ keys: number; hits: number; addressRows: number }>(sql`SELECT count(DISTINCT key) AS keys, sum(count) AS hits,
      sum(key NOT LIKE '%:network:%') AS addressRows FROM rate_limits WHERE key LIKE ${`vote:article:${s.article.id}:%`}`);
    expect(recorded).toEqual({ keys: 2, hits: 3, addressRows: 0 });
  });
});

describe('comments from one address', () => {
  it('admit no more than the address soft ceiling with rotating User-Agents and tokens; a solved challenge admits one more', async () => {
    const s = await site({ commentsPerAddressPerDay: 3 });
    const post = (i: number, proof?: string) =>
      t.call(
        'POST',
        `${s.path}/comments`,
        { reader: readerToken(), name: 'Flood', body: `komentar nomor ${i}`, elapsedMs: 5_000, ...(proof && { proof }) },
        { 'x-test-ip': '198.51.100.30', 'user-agent': randomAgent() },
      );
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await post(i));
    expect(tally(answers.map((r) => r.status), answers.map((r) => r.body?.error?.code))).toEqual({ '201': 3, '429 challenge_required': 9 });
    const refused = answers.at(-1)!;
    expect(refused.body.error.details).toEqual([{ path: 'proof', message: `solve GET /v1/sites/${s.id}/challenge and send the solution as proof` }]);
    expect((await post(100, await solvedProof(s.id))).status).toBe(201);
    const [stored] = await t.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.site_id = ${s.id}`);
    expect(stored!.n).toBe(4);
  });

  it('refuses a proof that is malformed (400), forged or for another site (challenge_required), storing nothing', async () => {
    const s = await site({ commentsPerAddressPerDay: 0 });
    const other = await site({});
    const post = (proof: string) =>
      t.call('POST', `${s.path}/comments`, { reader: readerToken(), name: 'X', body: 'halo semua', elapsedMs: 5_000, proof }, { 'x-test-ip': '198.51.100.31' });
    const malformed = await post('not base64!');
    expect({ status: malformed.status, path: malformed.body.error.details[0].path }).toEqual({ status: 400, path: 'proof' });
    const forged = Buffer.from(JSON.stringify({ algorithm: 'SHA-256', challenge: 'ab', number: 1, salt: `x?site=${s.id}&expires=9999999999&`, signature: 'cd' })).toString('base64');
    expect((await post(forged)).body.error.code).toBe('challenge_required');
    expect((await post(await solvedProof(other.id))).body.error.code).toBe('challenge_required');
    const stored = async () => (await t.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.site_id = ${s.id}`))[0]!.n;
    expect(await stored()).toBe(0);
    expect((await post(await solvedProof(s.id))).status).toBe(201);
    expect(await stored()).toBe(1);
    expect((await t.call('GET', '/v1/sites/no-such-site/challenge')).status).toBe(404);
  });
});

describe('likes from one address', () => {
  it('are capped per address however the User-Agent and token change', async () => {
    const s = await site({ likesPerAddressPerDay: 5 });
    const posted = await t.call('POST', `${s.path}/comments`, { reader: readerToken(), name: 'Ani', body: 'tulisan bagus', elapsedMs: 5_000 }, { 'x-test-ip': '198.51.100.40' });
    const like = () => t.call('PUT', `/v1/sites/${s.id}/comments/${posted.body.comment.id}/like`, { reader: readerToken() }, { 'x-test-ip': '198.51.100.41', 'user-agent': randomAgent() });
    const answers = await Promise.all(Array.from({ length: 20 }, like));
    expect(tally(answers.map((r) => r.status), answers.map((r) => r.body?.error?.code))).toEqual({ '200': 5, '429 rate_limited': 15 });
    const [row] = await t.db.all<{ likes: number }>(sql`SELECT like_count AS likes FROM comments WHERE id = ${posted.body.comment.id}`);
    expect(row!.likes).toBe(5);
  });
});

describe('reports', () => {
  async function reportedComment() {
    const s = await site({ reportThreshold: 3, reportsPerNetworkPerDay: 5 });
    const posted = await t.call('POST', `${s.path}/comments`, { reader: readerToken(), name: 'Rina', body: 'pendapat saya begini', elapsedMs: 5_000 }, { 'x-test-ip': '198.51.100.50' });
    const id = posted.body.comment.id as number;
    const report = (ip: string, reader = readerToken()) =>
      t.call('POST', `/v1/sites/${s.id}/comments/${id}/reports`, { reader, reason: 'abuse' }, { 'x-test-ip': ip, 'user-agent': randomAgent() });
    const status = async () => (await t.db.all<{ status: string }>(sql`SELECT status FROM comments WHERE id = ${id}`))[0]!.status;
    return { s, id, report, status };
  }

  it('three reports from one address with fresh tokens and User-Agents never hide a comment', async () => {
    const { report, status } = await reportedComment();
    for (let i = 0; i < 3; i++) expect((await report('198.51.100.60')).status).toBe(202);
    expect(await status()).toBe('approved');
  });

  it('three from three distinct networks and addresses hold it; approving dismisses them and the same readers cannot re-hold it', async () => {
    const { s, id, report, status } = await reportedComment();
    const readers = [readerToken(), readerToken(), readerToken()];
    for (const [i, reader] of readers.entries()) expect((await report(`198.51.100.${70 + i}`, reader)).status).toBe(202);
    expect(await status()).toBe('pending');

    const admin = await keyHeader(t.db, s.id, 'admin');
    const queue = await t.call('GET', `/v1/newsroom/sites/${s.id}/moderation/queue?queue=reported`, undefined, admin);
    expect(queue.body.items.find((item: { id: number }) => item.id === id)).toMatchObject({ reportCount: 3, reportNetworks: 3 });
    expect((await t.call('POST', `/v1/newsroom/sites/${s.id}/moderation/actions`, { ids: [id], action: 'approve' }, admin)).status).toBe(200);
    expect(await status()).toBe('approved');

    for (const [i, reader] of readers.entries()) await report(`198.51.100.${70 + i}`, reader);
    expect(await status()).toBe('approved');
    expect(await counterMismatches(t.db)).toEqual([]);
  });

  it("caps one network's reports per article per day", async () => {
    const { s, id } = await reportedComment();
    const answers = [];
    for (let i = 0; i < 7; i++) {
      answers.push(await t.call('POST', `/v1/sites/${s.id}/comments/${id}/reports`, { reader: readerToken(), reason: 'spam' }, { 'x-test-ip': '198.51.100.95', 'user-agent': 'SameAgent/1.0' }));
    }
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 429, 429]);
    expect(answers.at(-1)!.body.error.code).toBe('rate_limited');
  });
});

describe('the newsroom', () => {
  it('sees how often each policy fired, per day', async () => {
    const s = await site({ votesPerAddressPerDay: 1 });
    for (let i = 0; i < 3; i++) await t.call('PUT', `${s.path}/vote`, { reader: readerToken(), reaction: 'a' }, { 'x-test-ip': '198.51.100.99' });
    const admin = await keyHeader(t.db, s.id, 'admin');
    const limits = await t.call('GET', `/v1/newsroom/sites/${s.id}/settings/limits`, undefined, admin);
    expect(limits.body).toEqual({ fired: [{ policy: 'vote', day: '2026-11-26', count: 2 }] });
    const viewer = await keyHeader(t.db, s.id, 'viewer');
    expect((await t.call('GET', `/v1/newsroom/sites/${s.id}/settings/limits`, undefined, viewer)).status).toBe(403);
  });
});

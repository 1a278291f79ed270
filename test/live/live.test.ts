import { describe, expect, it } from 'vitest';
import { DEFAULT_LIVE_LIMITS, LIVE_INTERVAL_MS, type LiveHubOptions } from '../../src/live/hub';
import { sseLiveFeed } from '../../src/live/sse';
import { readerToken, testApp } from '../helpers/app';
import { freshDb } from '../helpers/db';
import { createSite } from '../helpers/factories';

/**
 * Live tallies on Node (issue 15): `GET …/live` answers Server-Sent Events from the in-process
 * hub, which hears votes only through the app's event sink. Happy path, bad input, the origin
 * rules of the poll read, the caps under a flood of subscriptions, clean-up and shutdown.
 */

const ORIGIN = 'https://news.example';

/**
 * The hub's pace under the test's control: a fixed clock, and scheduled reads that run when
 * `runDue` says so (all of them: nothing else moves time), each noting the wait it asked for.
 */
function pacedClock() {
  let clock = 1_000_000;
  const queue: { ms: number; run: () => void }[] = [];
  const waits: number[] = [];
  const later: NonNullable<LiveHubOptions['later']> = (ms, run) => {
    const task = { ms, run };
    queue.push(task);
    waits.push(ms);
    return () => queue.splice(queue.indexOf(task), 1);
  };
  return {
    now: () => clock,
    later,
    waits,
    /** Moves the clock past every scheduled read and runs them. */
    runDue: () => {
      for (const task of queue.splice(0)) {
        clock += task.ms;
        task.run();
      }
    },
  };
}

async function liveApp(limits?: LiveHubOptions['limits']) {
  const { db } = await freshDb();
  const pace = pacedClock();
  const live = sseLiveFeed({ db, secret: 'live-test-secret-that-is-at-least-32-characters', limits, now: pace.now, later: pace.later });
  const t = await testApp({ db, live });
  const site = await createSite(db, { origins: [ORIGIN] });
  return { ...t, live, site, pace };
}

type Live = Awaited<ReturnType<typeof liveApp>>;

/** Opens a feed as a browser on `ORIGIN` at `ip` would. */
const follow = (t: Live, article: string, ip = '198.51.100.1', origin = ORIGIN) =>
  t.app.request(`/v1/sites/${t.site.id}/articles/${article}/live`, { headers: { origin, 'x-test-ip': ip, accept: 'text/event-stream' } });

/** Reads a feed's messages one at a time: each `data:` line parsed, comment lines skipped. */
function messages(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    async next(): Promise<{ total: number; counts: Record<string, number> } | 'end'> {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = event.split('\n').find((line) => line.startsWith('data: '));
          if (data) return JSON.parse(data.slice('data: '.length));
          continue;
        }
        const { done, value } = await reader.read();
        if (done) return 'end';
        buffered += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

const voteAs = (t: Live, article: string, reaction: string, ip: string, reader = readerToken()) =>
  t.call('PUT', `/v1/sites/${t.site.id}/articles/${article}/vote`, { reader, reaction }, { origin: ORIGIN, 'x-test-ip': ip });

describe('following a poll live', () => {
  it('announces the feed in every poll, and only where the server has one', async () => {
    const t = await liveApp();
    const { body } = await t.call('GET', `/v1/sites/${t.site.id}/articles/p-1/poll`, undefined, { origin: ORIGIN });
    expect(body.live).toBe('sse');
    const voted = await voteAs(t, 'p-1', 'a', '198.51.100.9');
    expect(voted.body.live).toBe('sse');

    const plain = await testApp();
    expect((await plain.call('GET', '/v1/sites/demo/articles/p-1/poll')).body).not.toHaveProperty('live');
    const refused = await plain.call('GET', '/v1/sites/demo/articles/p-1/live');
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('unavailable');
  });

  it('sends the tally at once, then each change, with the site CORS header', async () => {
    const t = await liveApp();
    await voteAs(t, 'a-1', 'a', '198.51.100.2');
    const response = await follow(t, 'a-1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('content-encoding')).toBeNull();
    const feed = messages(response);
    expect(await feed.next()).toEqual({ total: 1, counts: { a: 1, b: 0, c: 0 } });

    await voteAs(t, 'a-1', 'b', '198.51.100.3');
    t.pace.runDue();
    expect(await feed.next()).toEqual({ total: 2, counts: { a: 1, b: 1, c: 0 } });
    await feed.cancel();
  });

  it('coalesces a burst of votes into one message a second carrying all of them', async () => {
    const t = await liveApp();
    const feed = messages(await follow(t, 'burst'));
    expect(await feed.next()).toEqual({ total: 0, counts: { a: 0, b: 0, c: 0 } });
    await voteAs(t, 'burst', 'a', '198.51.100.10');
    t.pace.runDue();
    expect(await feed.next()).toEqual({ total: 1, counts: { a: 1, b: 0, c: 0 } });
    // Within the second after that message: one read is scheduled, a second later, for all four.
    await Promise.all(['a', 'b', 'c', 'c'].map((reaction, i) => voteAs(t, 'burst', reaction, `198.51.100.${20 + i}`)));
    expect(t.pace.waits).toEqual([0, LIVE_INTERVAL_MS]);
    t.pace.runDue();
    expect(await feed.next()).toEqual({ total: 5, counts: { a: 2, b: 1, c: 2 } });
    await feed.cancel();
  });

  it('follows a moved and a withdrawn vote, and sends nothing for other articles', async () => {
    const t = await liveApp();
    const feed = messages(await follow(t, 'moves'));
    expect((await feed.next()) as object).toMatchObject({ total: 0 });
    const reader = readerToken();
    await voteAs(t, 'other-article', 'a', '198.51.100.30');
    expect(t.pace.waits).toEqual([]);
    await voteAs(t, 'moves', 'a', '198.51.100.31', reader);
    t.pace.runDue();
    expect(await feed.next()).toEqual({ total: 1, counts: { a: 1, b: 0, c: 0 } });
    await voteAs(t, 'moves', 'c', '198.51.100.31', reader);
    t.pace.runDue();
    expect(await feed.next()).toEqual({ total: 1, counts: { a: 0, b: 0, c: 1 } });
    await t.call('DELETE', `/v1/sites/${t.site.id}/articles/moves/vote`, { reader }, { origin: ORIGIN, 'x-test-ip': '198.51.100.31' });
    t.pace.runDue();
    expect(await feed.next()).toEqual({ total: 0, counts: { a: 0, b: 0, c: 0 } });
    await feed.cancel();
  });

  it('offers nothing on an after-vote site, whose results only voters see: no announcement, a 403 naming why', async () => {
    const t = await liveApp();
    const hidden = await createSite(t.db, { origins: [ORIGIN], settings: { resultVisibility: 'after-vote' } });
    const { body } = await t.call('GET', `/v1/sites/${hidden.id}/articles/h-1/poll`, undefined, { origin: ORIGIN });
    expect(body).not.toHaveProperty('live');
    expect(body).not.toHaveProperty('total');
    const refused = await t.call('GET', `/v1/sites/${hidden.id}/articles/h-1/live`, undefined, { origin: ORIGIN });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('Situs');
    expect(t.live.hub.stats().subscribers).toBe(0);
  });

  it('refuses bad input and other origins like the poll read does, naming the problem', async () => {
    const t = await liveApp();
    const badSite = await t.call('GET', '/v1/sites/NOT%20A%20SITE/articles/x/live', undefined, { origin: ORIGIN });
    expect(badSite.status).toBe(400);
    expect(JSON.stringify(badSite.body.error.details)).toContain('site');
    const longArticle = await t.call('GET', `/v1/sites/${t.site.id}/articles/${'x'.repeat(300)}/live`, undefined, { origin: ORIGIN });
    expect(longArticle.status).toBe(400);
    expect(JSON.stringify(longArticle.body.error.details)).toContain('article');
    const unknown = await t.call('GET', '/v1/sites/no-such-site/articles/x/live');
    expect(unknown.status).toBe(404);
    const stranger = await t.call('GET', `/v1/sites/${t.site.id}/articles/x/live`, undefined, { origin: 'https://evil.example' });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('origin_not_allowed');
    expect(t.live.hub.stats().subscribers).toBe(0);
  });
});

describe('a flood of subscriptions', () => {
  it(`refuses thousands from one address past its ${DEFAULT_LIVE_LIMITS.perClient} with a 429, and serves the others`, async () => {
    const t = await liveApp();
    const answers = await Promise.all(Array.from({ length: 2_000 }, (_, i) => follow(t, `flood-${i % 50}`, '203.0.113.66')));
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(DEFAULT_LIVE_LIMITS.perClient);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2_000 - DEFAULT_LIVE_LIMITS.perClient);
    const refused = answers.find((response) => response.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('60');
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain(String(DEFAULT_LIVE_LIMITS.perClient));
    expect(t.live.hub.stats()).toEqual({ subscribers: DEFAULT_LIVE_LIMITS.perClient, articles: 50, clients: 1 });

    // A reader elsewhere is unaffected.
    const other = await follow(t, 'flood-0', '198.51.100.200');
    expect(other.status).toBe(200);
    for (const response of [...answers, other]) if (response.status === 200) await response.body!.cancel();
    expect(t.live.hub.stats()).toEqual({ subscribers: 0, articles: 0, clients: 0 });
  });

  it('answers 503 once an article or the whole hub is full, and frees a slot on disconnect', async () => {
    const t = await liveApp({ total: 6, perArticle: 4 });
    const hot = await Promise.all([1, 2, 3, 4].map((i) => follow(t, 'hot', `198.51.100.${i}`)));
    expect(hot.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const fifth = await follow(t, 'hot', '198.51.100.5');
    expect(fifth.status).toBe(503);
    expect(fifth.headers.get('retry-after')).toBe('60');
    expect(((await fifth.json()) as { error: { code: string } }).error.code).toBe('unavailable');

    const elsewhere = await Promise.all([6, 7].map((i) => follow(t, `calm-${i}`, `198.51.100.${i}`)));
    expect(elsewhere.map((response) => response.status)).toEqual([200, 200]);
    expect((await follow(t, 'calm-8', '198.51.100.8')).status).toBe(503);

    await hot[0]!.body!.cancel();
    expect(t.live.hub.stats().subscribers).toBe(5);
    const again = await follow(t, 'hot', '198.51.100.5');
    expect(again.status).toBe(200);
    for (const response of [...hot.slice(1), ...elsewhere, again]) await response.body!.cancel();
  });

  it('ends every feed at shutdown and refuses new ones', async () => {
    const t = await liveApp();
    const feeds = await Promise.all(['s-1', 's-1', 's-2'].map((article, i) => follow(t, article, `198.51.100.${40 + i}`)));
    const readers = feeds.map(messages);
    for (const reader of readers) expect((await reader.next()) as object).toMatchObject({ total: 0 });
    t.live.hub.close();
    for (const reader of readers) expect(await reader.next()).toBe('end');
    expect(t.live.hub.stats()).toEqual({ subscribers: 0, articles: 0, clients: 0 });
    expect((await follow(t, 's-1', '198.51.100.50')).status).toBe(503);
  });
});

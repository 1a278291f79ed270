import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIVE_HEARTBEAT_MS, LiveHub, type LiveSubscriber } from '../../src/live/hub';

/**
 * The hub on its own: what reaches a subscriber and when, with the reads it makes counted.
 * The route tests (live.test.ts) drive it through the app; these cover what they cannot wait
 * for, the heartbeat, with the timers under the test's control.
 */

afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const heard: string[] = [];
  const subscriber: LiveSubscriber = {
    send: (json) => heard.push(json),
    ping: () => heard.push('ping'),
    close: () => heard.push('closed'),
  };
  return { heard, subscriber };
}

const vote = { type: 'vote.cast', siteId: 'demo', article: 'a-1', articleId: 1, reaction: 'senang' } as const;

describe('LiveHub', () => {
  it('pings every follower on the heartbeat, so proxies keep idle feeds open', () => {
    vi.useFakeTimers();
    const hub = new LiveHub({ read: async () => ({ total: 0, counts: {} }) });
    const { heard, subscriber } = recorder();
    hub.subscribe({ siteId: 'demo', article: 'a-1' }, 'client-1', subscriber);
    vi.advanceTimersByTime(LIVE_HEARTBEAT_MS * 2);
    expect(heard).toEqual(['ping', 'ping']);
    hub.close();
    expect(heard.at(-1)).toBe('closed');
    vi.advanceTimersByTime(LIVE_HEARTBEAT_MS * 2);
    expect(heard.filter((entry) => entry === 'ping')).toHaveLength(2);
  });

  it('reads nothing for votes nobody follows, and sends an unchanged tally only once', async () => {
    let reads = 0;
    const runs: (() => void)[] = [];
    const hub = new LiveHub({
      read: async () => {
        reads++;
        return { total: 1, counts: { senang: 1 } };
      },
      later: (_ms, run) => {
        runs.push(run);
        return () => {};
      },
    });
    hub.sink.emit(vote);
    expect(runs).toHaveLength(0);

    const { heard, subscriber } = recorder();
    const leave = hub.subscribe({ siteId: 'demo', article: 'a-1' }, 'client-1', subscriber);
    for (const round of [1, 2]) {
      hub.sink.emit(vote);
      hub.sink.emit({ ...vote, type: 'vote.withdrawn' });
      expect(runs).toHaveLength(round);
      runs.at(-1)!();
      await vi.waitFor(() => expect(reads).toBe(round));
    }
    expect(heard).toEqual([JSON.stringify({ total: 1, counts: { senang: 1 } })]);
    // Other events are not votes.
    hub.sink.emit({ type: 'comment.posted', siteId: 'demo', article: 'a-1', articleId: 1, commentId: 1 });
    expect(runs).toHaveLength(2);
    leave();
    leave();
    expect(hub.stats()).toEqual({ subscribers: 0, articles: 0, clients: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { percents } from '../../src/lib/percent';
import { chosen, failed, nextChoice, resultsVisible, settled, tallied, withChoice } from '../../src/widget/state';
import type { Poll } from '../../src/widget/types';

function poll(overrides: Partial<Poll> = {}, counts = [3, 2, 0]): Poll {
  const keys = ['senang', 'sedih', 'marah'];
  const shares = percents(counts);
  return {
    site: { id: 'demo', name: 'Demo', locale: 'id', resultVisibility: 'always' },
    article: { id: 'ART-1', pollOpen: true, commentsOpen: true, commentCount: 0 },
    question: 'Bagaimana tanggapan anda mengenai artikel ini?',
    lang: 'id',
    reactions: counts.map((count, i) => ({ key: keys[i]!, label: keys[i]!, emoji: '🙂', count, percent: shares[i]! })),
    total: counts.reduce((a, b) => a + b, 0),
    choice: null,
    ...overrides,
  };
}

const countsOf = (p: Poll) => p.reactions.map((r) => r.count);

describe('choosing', () => {
  it('a first vote adds one to the chosen reaction', () => {
    const next = withChoice(poll(), 'marah');
    expect(countsOf(next)).toEqual([3, 2, 1]);
    expect(next.total).toBe(6);
    expect(next.choice).toBe('marah');
    expect(next.reactions.reduce((sum, r) => sum + r.percent!, 0)).toBe(100);
  });

  it('moving a vote keeps the total', () => {
    const next = withChoice(poll({ choice: 'senang' }), 'sedih');
    expect(countsOf(next)).toEqual([2, 3, 0]);
    expect(next.total).toBe(5);
  });

  it('tapping the chosen reaction withdraws it', () => {
    expect(nextChoice('senang', 'senang')).toBeNull();
    expect(nextChoice('senang', 'sedih')).toBe('sedih');
    expect(nextChoice(null, 'sedih')).toBe('sedih');
    const next = withChoice(poll({ choice: 'senang' }), null);
    expect(countsOf(next)).toEqual([2, 2, 0]);
    expect(next.choice).toBeNull();
  });
});

describe('state', () => {
  it('shows the optimistic tally while busy and the server tally once settled', () => {
    const loaded = settled(poll());
    const optimistic = chosen(loaded, 'marah');
    expect(optimistic.poll?.choice).toBe('marah');
    expect(optimistic.saved).toBe(loaded.saved);
    const server = poll({ choice: 'marah' }, [3, 2, 4]);
    const done = settled(server);
    expect(done.poll).toBe(server);
    expect(done.saved).toBe(server);
  });

  it('falls back to the confirmed tally when a vote fails, keeping the vote to retry', () => {
    const loaded = settled(poll());
    const after = failed(chosen(loaded, 'marah'), { choice: 'marah' });
    expect(after.poll).toBe(loaded.saved);
    expect(after.failure).toEqual({ choice: 'marah' });
  });

  it('shows the poll closed, not an error, when the server says it closed (409)', () => {
    const after = failed(chosen(settled(poll()), 'marah'), { choice: 'marah' }, true);
    expect(after.poll?.article.pollOpen).toBe(false);
    expect(after.failure).toBeUndefined();
  });

  it('a failed first load has no poll and a failure', () => {
    expect(failed({}, {})).toEqual({ poll: undefined, saved: undefined, failure: {} });
  });
});

describe('a live tally', () => {
  it('replaces the confirmed tally, percents by the one formula, keeping the reader\'s choice', () => {
    const next = tallied(settled(poll({ choice: 'sedih' })), { senang: 1, sedih: 1, marah: 1 });
    expect(countsOf(next.poll!)).toEqual([1, 1, 1]);
    expect(next.poll!.reactions.map((r) => r.percent)).toEqual(percents([1, 1, 1]));
    expect(next.poll!.total).toBe(3);
    expect(next.poll!.choice).toBe('sedih');
    expect(next.saved).toBe(next.poll);
  });

  it('counts a reaction the message leaves out as zero', () => {
    expect(countsOf(tallied(settled(poll()), { senang: 4 }).poll!)).toEqual([4, 0, 0]);
  });

  it('waits while the reader\'s own vote is in flight: its answer is at least as fresh', () => {
    const voting = chosen(settled(poll()), 'marah');
    expect(tallied(voting, { senang: 9, sedih: 9, marah: 9 })).toBe(voting);
  });

  it('keeps a failed vote\'s message and retry', () => {
    const after = failed(chosen(settled(poll()), 'marah'), { choice: 'marah' });
    const next = tallied(after, { senang: 5, sedih: 2, marah: 0 });
    expect(countsOf(next.poll!)).toEqual([5, 2, 0]);
    expect(next.failure).toEqual({ choice: 'marah' });
  });
});

describe('resultsVisible', () => {
  const afterVote = { id: 'demo', name: 'Demo', locale: 'id', resultVisibility: 'after-vote' } as const;
  /** An after-vote poll as the server sends it to a reader who has not voted: no numbers. */
  const hidden = () => {
    const { total: _total, ...rest } = poll({ site: afterVote });
    return { ...rest, reactions: rest.reactions.map(({ count: _count, percent: _percent, ...reaction }) => reaction) };
  };
  it('shows results exactly when the server sent them', () => {
    expect(resultsVisible(poll())).toBe(true);
    expect(resultsVisible(poll({ site: afterVote, choice: 'senang' }))).toBe(true);
    expect(resultsVisible(hidden())).toBe(false);
  });

  it('keeps hidden results hidden while a vote is in flight, changing only the choice', () => {
    const next = withChoice(hidden(), 'senang');
    expect(next).toEqual({ ...hidden(), choice: 'senang' });
    expect(resultsVisible(next)).toBe(false);
  });
});

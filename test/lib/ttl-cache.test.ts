import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/lib/ttl-cache';

describe('TtlCache', () => {
  it('expires entries after the TTL and bounds its size, dropping the oldest', () => {
    const cache = new TtlCache<string, number>(1_000, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect(cache.get('a', 10)).toBeUndefined();
    expect(cache.get('b', 999)).toBe(2);
    expect(cache.get('b', 1_000)).toBeUndefined();
  });

  it('with jitter, spreads expiries over the last part of the TTL and never past it', () => {
    const cache = new TtlCache<number, number>(1_000, 1_000, 0.5);
    for (let i = 0; i < 200; i++) cache.set(i, i, 0);
    const aliveAt = (t: number) => Array.from({ length: 200 }, (_, i) => i).filter((i) => cache.get(i, t) !== undefined).length;
    expect(aliveAt(499)).toBe(200);
    const halfway = aliveAt(750);
    expect(halfway).toBeGreaterThan(0);
    expect(halfway).toBeLessThan(200);
    expect(aliveAt(1_000)).toBe(0);
  });
});

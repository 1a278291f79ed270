import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percents } from '../../src/lib/percent';

describe('percents', () => {
  it('adds up to exactly 100, like 34 + 33 + 33 for three equal counts, and to 0 for no votes', () => {
    expect(percents([1, 1, 1])).toEqual([34, 33, 33]);
    expect(percents([0, 0])).toEqual([0, 0]);
    expect(percents([])).toEqual([]);
  });

  it('gives the largest remainders the missing points, ties to the earlier reaction', () => {
    // Issue 12: the dashboard's floating-point copy said 17/25/1/19/19/19 for this tally.
    expect(percents([36, 55, 1, 40, 42, 42])).toEqual([17, 26, 0, 19, 19, 19]);
    // 6896 and 8315 of 47300 leave the same remainder; floating point says otherwise.
    expect(percents([4868, 9466, 6896, 2038, 8315, 9756, 5961])).toEqual([10, 20, 15, 4, 17, 21, 13]);
  });

  it('never moves a share by more than one point from its exact value, and always sums to 100', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1_000_000), { minLength: 1, maxLength: 12 }), (counts) => {
        const total = counts.reduce((a, b) => a + b, 0);
        const shares = percents(counts);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total ? 100 : 0);
        shares.forEach((share, i) => {
          const exact = total ? (counts[i]! * 100) / total : 0;
          expect(share).toBeGreaterThanOrEqual(Math.floor(exact));
          expect(share).toBeLessThanOrEqual(Math.ceil(exact));
        });
      }),
      { numRuns: 1_000 },
    );
  });
});

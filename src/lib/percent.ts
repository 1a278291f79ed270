/**
 * Whole-number percents of a tally that add up to exactly 100 (all 0 when nothing is counted),
 * by largest remainder with exact ties going to the earlier entry, so a reader never sees
 * 33 + 33 + 33 and bars never add to 99.
 *
 * The one formula behind every percent Tanggap shows: the poll, the widget's optimistic tally
 * (bundled into more.js, hence the terse body), the dashboard and the exports. Remainders are
 * compared as integers (`count * 100 % total`): floating-point fractions misorder exact ties.
 *
 * @example percents([1, 1, 1]) // [34, 33, 33]
 */
export function percents(counts: readonly number[]): number[] {
  const total = sum(counts);
  const result = counts.map((count) => (total ? Math.floor((count * 100) / total) : 0));
  let left = total && 100 - sum(result);
  const remainder = (i: number) => (counts[i]! * 100) % total;
  // Array sort is stable (ES2019), so indices that tie keep their order: the earlier entry wins.
  for (const i of counts.map((_, i) => i).sort((a, b) => remainder(b) - remainder(a))) {
    if (left-- > 0) result[i]!++;
  }
  return result;
}

/** The sum of some counts (the widget's total votes, too). */
export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

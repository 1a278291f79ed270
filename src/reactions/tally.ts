/**
 * Whole-number percents that always add up to 100 (largest remainder), so a reader never
 * sees 33 + 33 + 33.
 */
export function percents(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => 0);
  // Integer arithmetic throughout: floating-point remainders misorder exact ties.
  const floors = counts.map((count) => Math.floor((count * 100) / total));
  let remaining = 100 - floors.reduce((sum, value) => sum + value, 0);
  const byRemainder = counts
    .map((count, index) => ({ index, remainder: (count * 100) % total }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (remaining <= 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    remaining--;
  }
  return floors;
}

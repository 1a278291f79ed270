/** The last day `utcDay` formatted and where it starts: most calls in a request ask for today. */
let lastDay = { start: 0, end: -1, day: '' };

/** The UTC calendar day of an epoch-millisecond instant, `YYYY-MM-DD`. */
export function utcDay(at: number): string {
  if (at >= lastDay.start && at < lastDay.end) return lastDay.day;
  const start = Math.floor(at / 86_400_000) * 86_400_000;
  lastDay = { start, end: start + 86_400_000, day: new Date(at).toISOString().slice(0, 10) };
  return lastDay.day;
}

/** The epoch hour (hours since 1970-01-01T00:00Z) of an instant; the unit of hourly buckets. */
export function epochHour(at: number): number {
  return Math.floor(at / 3_600_000);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The UTC calendar day of an epoch-millisecond instant, `YYYY-MM-DD`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The epoch hour (hours since 1970-01-01T00:00Z) of an instant; the unit of hourly buckets. */
export function epochHour(at: number): number {
  return Math.floor(at / 3_600_000);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

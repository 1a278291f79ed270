import { HOUR_MS } from './time';

/**
 * When a complaint filed at `filedAt` is due for a decision: the site's promise, fixed at filing
 * so a later change of the setting does not move deadlines already given.
 */
export function complaintDueAt(settings: { complaintDeadlineHours: number }, filedAt: number): number {
  return filedAt + settings.complaintDeadlineHours * HOUR_MS;
}

/**
 * Where something with a deadline stands at `now`: how long is left (negative once overdue) and
 * whether it is overdue. The one formula behind every "time left" and "overdue" Tanggap shows,
 * for complaints and authority orders, in the API, the dashboard and the monthly report.
 *
 * @example deadline(10_800_000, 3_600_000) // { dueAt: 10800000, msLeft: 7200000, overdue: false }
 */
export function deadline(dueAt: number, now: number): { dueAt: number; msLeft: number; overdue: boolean } {
  return { dueAt, msLeft: dueAt - now, overdue: now > dueAt };
}

/**
 * The median of some durations (ms), rounded down to a whole millisecond; null when there are
 * none. Used for "median time to handle", where one slow case must not move the figure much.
 *
 * @example median([3, 1, 2, 10]) // 2
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.floor((sorted[middle - 1]! + sorted[middle]!) / 2);
}

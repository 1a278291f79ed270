import { BoundedMap } from '../../lib/cache';

/**
 * Reporting periods in a site's time zone. The database buckets by UTC epoch hour (SQLite has
 * no time-zone data), so local days and hours are worked out here with Intl and turned back
 * into epoch-hour ranges. Exact for every zone whose offset is a whole number of hours (all of
 * Indonesia); in half-hour zones an hour bucket is labelled by the local time it starts at.
 */

export const HOUR_MS = 3_600_000;

/** One formatter per zone in use, bounded in bytes (a formatter counted as about a kilobyte). */
export const formatters = new BoundedMap<string, Intl.DateTimeFormat>(128 * 1024, (timeZone) => timeZone.length * 2 + 1024);

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export type LocalParts = { year: number; month: number; day: number; hour: number; minute: number };

/** The wall-clock time in `timeZone` at an instant. */
export function localParts(at: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

/** How far `timeZone` is ahead of UTC at an instant, in milliseconds. */
export function offsetAt(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - (at - (at % 60_000));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local calendar date at an instant, `YYYY-MM-DD`. */
export function localDate(at: number, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The instant local midnight starts `date` in `timeZone`. */
export function localMidnight(date: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day);
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}

/** An instant as local ISO time with its offset: `2026-11-26T07:00:00+07:00`. */
export function localIso(at: number, timeZone: string): string {
  const p = localParts(at, timeZone);
  const offset = Math.round(offsetAt(at, timeZone) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export type PeriodName = 'today' | '7d' | '30d' | 'custom';

export type Period = {
  name: PeriodName;
  /** First and last local dates, both included. */
  from: string;
  to: string;
  timeZone: string;
  /** Epoch hours [startHour, endHour). */
  startHour: number;
  endHour: number;
};

/** Custom periods are capped so one request cannot ask for years of hourly rows. */
export const MAX_PERIOD_DAYS = 366;

type Resolved = { period: Period; dayStart: number; dayEnd: number };

/**
 * Periods resolved recently, by zone, name and dates. A period only changes when the local date
 * does, and working it out takes several Intl calls, which every analytics request would
 * otherwise repeat.
 */
export const resolvedPeriods = new BoundedMap<string, Resolved>(256 * 1024, (key) => key.length * 2 + 256);

/** Turns a period name (or custom dates) into local dates and the epoch-hour range they cover. */
export function resolvePeriod({
  name,
  from,
  to,
  timeZone,
  now,
}: {
  name: PeriodName;
  from?: string | undefined;
  to?: string | undefined;
  timeZone: string;
  now: number;
}): Period {
  const key = `${timeZone}\n${name}\n${from ?? ''}\n${to ?? ''}`;
  const known = resolvedPeriods.get(key);
  if (known && known.dayStart <= now && now < known.dayEnd) return known.period;
  const today = localDate(now, timeZone);
  let first = today;
  let last = today;
  if (name === '7d') first = addDays(today, -6);
  if (name === '30d') first = addDays(today, -29);
  if (name === 'custom' && from && to) {
    first = from;
    last = to < addDays(from, MAX_PERIOD_DAYS - 1) ? to : addDays(from, MAX_PERIOD_DAYS - 1);
  }
  const startMs = localMidnight(first, timeZone);
  const endMs = localMidnight(addDays(last, 1), timeZone);
  const period: Period = { name, from: first, to: last, timeZone, startHour: Math.floor(startMs / HOUR_MS), endHour: Math.ceil(endMs / HOUR_MS) };
  resolvedPeriods.set(key, { period, dayStart: localMidnight(today, timeZone), dayEnd: localMidnight(addDays(today, 1), timeZone) });
  return period;
}

/**
 * Splits an epoch-hour range into the whole UTC days inside it and the hours at either edge,
 * so a query can read days from `reaction_daily` and only the edges from `reaction_hourly`.
 */
export function splitDays(startHour: number, endHour: number) {
  const firstDay = Math.ceil(startHour / 24);
  const endDay = Math.floor(endHour / 24);
  if (endDay <= firstDay) {
    return { days: null, head: { from: startHour, to: endHour }, tail: null };
  }
  return {
    days: { from: firstDay, to: endDay },
    head: startHour < firstDay * 24 ? { from: startHour, to: firstDay * 24 } : null,
    tail: endDay * 24 < endHour ? { from: endDay * 24, to: endHour } : null,
  };
}

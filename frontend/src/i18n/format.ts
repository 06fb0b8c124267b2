// Dates and relative times in the chosen language, with the platform's Intl only.

type Unit = Intl.RelativeTimeFormatUnit;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30.44 * DAY;
const YEAR = 365.25 * DAY;

/** Thresholds as the eye reads them: below 45 s is "now", below 45 min counts minutes, ... */
const STEPS: Array<[limit: number, unit: Unit, size: number]> = [
  [45 * SECOND, 'second', SECOND],
  [45 * MINUTE, 'minute', MINUTE],
  [22 * HOUR, 'hour', HOUR],
  [26 * DAY, 'day', DAY],
  [320 * DAY, 'month', MONTH],
  [Infinity, 'year', YEAR],
];

const cache = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** "3 days ago", "in 2 hours", "now" — or undefined for an unreadable date. */
export function formatRelative(iso: string, now: number, locale: string): string | undefined {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  const rtf = cached(`rt:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const diff = then - now;
  const abs = Math.abs(diff);
  for (const [limit, unit, size] of STEPS) {
    if (abs < limit) {
      if (unit === 'second') return rtf.format(0, 'second');
      return rtf.format(Math.round(diff / size), unit);
    }
  }
  return undefined;
}

/** The exact local time, e.g. "Tuesday 25 November 2026 at 17:42:10 CET". */
export function formatDateTime(iso: string, locale: string): string | undefined {
  const date = Date.parse(iso);
  if (Number.isNaN(date)) return undefined;
  const dtf = cached(
    `dt:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long' }),
  );
  return dtf.format(date);
}

/** A calendar date (`YYYY-MM-DD`), e.g. "31 January 1990"; the input when it is not a date. */
export function formatCalendarDate(value: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(utc)) return value;
  const dtf = cached(
    `d:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
  );
  return dtf.format(utc);
}

/** A countdown as minutes and seconds, "1:42" (the same in every language of the UI). */
export function formatCountdown(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}

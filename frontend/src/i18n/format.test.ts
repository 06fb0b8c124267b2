import { describe, expect, it } from 'vitest';

import { formatCalendarDate, formatCountdown, formatDateTime, formatRelative } from './format';

const now = Date.parse('2026-11-28T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatRelative', () => {
  it('speaks English', () => {
    expect(formatRelative(ago(10_000), now, 'en-GB')).toBe('now');
    expect(formatRelative(ago(5 * MIN), now, 'en-GB')).toBe('5 minutes ago');
    expect(formatRelative(ago(2 * HOUR), now, 'en-GB')).toBe('2 hours ago');
    expect(formatRelative(ago(DAY), now, 'en-GB')).toBe('yesterday');
    expect(formatRelative(ago(3 * DAY), now, 'en-GB')).toBe('3 days ago');
    expect(formatRelative(ago(61 * DAY), now, 'en-GB')).toBe('2 months ago');
    expect(formatRelative(ago(800 * DAY), now, 'en-GB')).toBe('2 years ago');
  });

  it('speaks Dutch', () => {
    expect(formatRelative(ago(3 * DAY), now, 'nl-NL')).toBe('3 dagen geleden');
    expect(formatRelative(ago(DAY), now, 'nl-NL')).toBe('gisteren');
    expect(formatRelative(ago(2 * HOUR), now, 'nl-NL')).toBe('2 uur geleden');
  });

  it('gives nothing for an unreadable date', () => {
    expect(formatRelative('not a date', now, 'en-GB')).toBeUndefined();
  });
});

describe('formatDateTime', () => {
  it('writes the full local date and time in the chosen language', () => {
    const iso = '2026-11-25T17:42:10Z';
    expect(formatDateTime(iso, 'en-GB')).toContain('2026');
    expect(formatDateTime(iso, 'en-GB')).toMatch(/November/);
    expect(formatDateTime(iso, 'nl-NL')).toMatch(/november/);
  });
});

describe('formatCalendarDate', () => {
  it('writes a date of birth without shifting it across time zones', () => {
    expect(formatCalendarDate('1990-01-31', 'en-GB')).toBe('31 January 1990');
    expect(formatCalendarDate('1990-01-31', 'nl-NL')).toBe('31 januari 1990');
    expect(formatCalendarDate('sometime', 'en-GB')).toBe('sometime');
  });
});

describe('formatCountdown', () => {
  it('writes minutes and two-digit seconds, never below zero', () => {
    expect(formatCountdown(102)).toBe('1:42');
    expect(formatCountdown(60)).toBe('1:00');
    expect(formatCountdown(9)).toBe('0:09');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});

import type { AuditAction, AuditOutcome } from '../../../api/types';
import type { AuditQuery } from '../api/list-audit';

/**
 * The filters as the agent sets them and the URL holds them (`/audit?agent=ann&from=2026-11-01`),
 * so a filtered view can be bookmarked and shared. An empty string is "any"; `from` and `to` are
 * calendar days (`YYYY-MM-DD`) in the agent's time zone.
 */
export interface AuditFilters {
  agent: string;
  userId: string;
  action: string;
  outcome: string;
  from: string;
  to: string;
}

const NAMES = ['agent', 'userId', 'action', 'outcome', 'from', 'to'] as const satisfies ReadonlyArray<
  keyof AuditFilters
>;

export const NO_FILTERS: AuditFilters = { agent: '', userId: '', action: '', outcome: '', from: '', to: '' };

/** The filters in a URL's query string; anything else there is ignored. */
export function filtersFromSearch(params: URLSearchParams): AuditFilters {
  const filters = { ...NO_FILTERS };
  for (const name of NAMES) filters[name] = (params.get(name) ?? '').trim();
  return filters;
}

/** The query string of these filters (without `?`), leaving out the empty ones. */
export function searchFromFilters(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const name of NAMES) {
    const value = filters[name].trim();
    if (value) params.set(name, value);
  }
  return params.toString();
}

/** The filters that are set, as a stable object (a query key). */
export function activeFilters(filters: AuditFilters): Record<string, string> {
  const active: Record<string, string> = {};
  for (const name of NAMES) {
    const value = filters[name].trim();
    if (value) active[name] = value;
  }
  return active;
}

/** A `YYYY-MM-DD` day as a local date at the given time, or undefined when it is no such day. */
function localDay(day: string, hours: number, minutes: number, seconds: number, ms: number): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const at = new Date(0);
  at.setFullYear(year, month, date);
  at.setHours(hours, minutes, seconds, ms);
  // 2026-02-31 rolls over into March: not a day.
  if (at.getFullYear() !== year || at.getMonth() !== month || at.getDate() !== date) return undefined;
  return at;
}

/**
 * The start of a local day as RFC 3339. Anything that is not a day goes to the server as it is,
 * which answers with a problem that says what is wrong.
 */
export function startOfDay(day: string): string {
  return localDay(day, 0, 0, 0, 0)?.toISOString() ?? day;
}

/** The last millisecond of a local day as RFC 3339 (the server compares milliseconds, inclusive). */
export function endOfDay(day: string): string {
  return localDay(day, 23, 59, 59, 999)?.toISOString() ?? day;
}

/** Whether `to` is a day before `from` (both set). */
export function datesOutOfOrder(filters: AuditFilters): boolean {
  const from = localDay(filters.from, 0, 0, 0, 0);
  const to = localDay(filters.to, 0, 0, 0, 0);
  return from !== undefined && to !== undefined && to < from;
}

/** The API query of these filters (without paging). */
export function toQuery(filters: AuditFilters): Omit<AuditQuery, 'limit' | 'before'> {
  const f = activeFilters(filters);
  return {
    agent: f.agent,
    userId: f.userId,
    // A value typed into the URL by hand goes as it is: the server's 400 then says what is wrong.
    action: f.action as AuditAction | undefined,
    outcome: f.outcome as AuditOutcome | undefined,
    from: f.from === undefined ? undefined : startOfDay(f.from),
    to: f.to === undefined ? undefined : endOfDay(f.to),
  };
}

import { describe, expect, it } from 'vitest';

import {
  NO_FILTERS,
  datesOutOfOrder,
  endOfDay,
  filtersFromSearch,
  searchFromFilters,
  startOfDay,
  toQuery,
} from './filters';

describe('the audit filters', () => {
  it('go to the URL without the empty ones, and come back the same', () => {
    const filters = { ...NO_FILTERS, agent: ' ann ', action: 'device_delete', from: '2026-11-01' };
    const search = searchFromFilters(filters);
    expect(search).toBe('agent=ann&action=device_delete&from=2026-11-01');
    expect(filtersFromSearch(new URLSearchParams(search))).toEqual({ ...filters, agent: 'ann' });
    expect(searchFromFilters(NO_FILTERS)).toBe('');
  });

  it('ignore what else the URL holds', () => {
    expect(filtersFromSearch(new URLSearchParams('limit=5&before=3&outcome=failed'))).toEqual({
      ...NO_FILTERS,
      outcome: 'failed',
    });
  });

  it('turn a day into its first and last millisecond in local time', () => {
    expect(startOfDay('2026-03-29')).toBe(new Date(2026, 2, 29, 0, 0, 0, 0).toISOString());
    expect(endOfDay('2026-03-29')).toBe(new Date(2026, 2, 29, 23, 59, 59, 999).toISOString());
    // Years below 100 are not taken for 19xx.
    expect(new Date(startOfDay('0099-06-15')).getFullYear()).toBe(99);
  });

  it('leave what is not a day for the server to refuse', () => {
    expect(startOfDay('2026-02-31')).toBe('2026-02-31');
    expect(endOfDay('yesterday')).toBe('yesterday');
  });

  it('make the API query, leaving out what is not set', () => {
    expect(toQuery({ ...NO_FILTERS, userId: 'u1', to: '2026-11-28' })).toEqual({
      agent: undefined,
      userId: 'u1',
      action: undefined,
      outcome: undefined,
      from: undefined,
      to: new Date(2026, 10, 28, 23, 59, 59, 999).toISOString(),
    });
  });

  it('notice a "to" day before the "from" day', () => {
    expect(datesOutOfOrder({ ...NO_FILTERS, from: '2026-11-02', to: '2026-11-01' })).toBe(true);
    expect(datesOutOfOrder({ ...NO_FILTERS, from: '2026-11-02', to: '2026-11-02' })).toBe(false);
    expect(datesOutOfOrder({ ...NO_FILTERS, from: '2026-11-02' })).toBe(false);
  });
});

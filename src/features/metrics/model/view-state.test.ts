import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../../domain/time/zoned';
import type { LocalDay } from '../../../domain/time/zoned';
import { presetOf, presetRange, previousRange, querySearch, readView, toQuery, writeView } from './view-state';

const day = (text: string) => parseLocalDate(text) as LocalDay;

describe('presets', () => {
  it('end today, both ends included', () => {
    expect(presetRange('last4Weeks', day('2026-12-01'))).toEqual({ from: '2026-11-04', to: '2026-12-01' });
    expect(presetRange('last3Months', day('2026-12-01'))).toEqual({ from: '2026-09-02', to: '2026-12-01' });
    expect(presetRange('last12Months', day('2026-12-01'))).toEqual({ from: '2025-12-02', to: '2026-12-01' });
  });

  it('clamp the day of the month (31 May back three months is the end of February)', () => {
    expect(presetRange('last3Months', day('2026-05-31'))).toEqual({ from: '2026-03-01', to: '2026-05-31' });
  });

  it('are recognised in a view', () => {
    expect(presetOf({ from: '2026-11-04', to: '2026-12-01' }, day('2026-12-01'))).toBe('last4Weeks');
    expect(presetOf({ from: '2026-11-05', to: '2026-12-01' }, day('2026-12-01'))).toBeNull();
  });

  it('offer the same number of days just before as the earlier range', () => {
    expect(previousRange({ from: '2026-11-02', to: '2026-11-15' })).toEqual({ from: '2026-10-19', to: '2026-11-01' });
    expect(previousRange({ from: '2026-11-15', to: '2026-11-02' })).toBeNull();
  });
});

describe('the view in the URL', () => {
  it('round-trips, and defaults to the last three months by week', () => {
    const today = day('2026-12-01');
    const view = readView(new URLSearchParams('from=2026-11-02&to=2026-11-15&bucket=month&groupBy=team&groupMetric=mttrMedian&severity=P1&serviceId=s1&teamId=t1&compareFrom=2026-10-01&compareTo=2026-10-31&view=table'), today);
    expect(readView(writeView(view), today)).toEqual(view);
    const fallback = readView(new URLSearchParams('bucket=year&groupBy=planet&severity=P9'), today);
    expect(fallback).toMatchObject({ from: '2026-09-02', to: '2026-12-01', bucket: 'week', groupBy: null, severity: null, compare: null, table: false });
  });

  it('turns local dates into the instants their days start in the zone, the last day included', () => {
    const view = readView(new URLSearchParams('from=2026-03-23&to=2026-03-29&groupBy=service'), day('2026-12-01'));
    const built = toQuery(view, 'Europe/Berlin');
    // Berlin moves to summer time on 29 March 2026: the range ends at 30 March 00:00 CEST (22:00 UTC).
    expect(built.query).toEqual({ from: '2026-03-22T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z', zone: 'Europe/Berlin', bucket: 'week', groupBy: 'service' });
    expect(querySearch(built.query!)).toBe('from=2026-03-22T23%3A00%3A00.000Z&to=2026-03-29T22%3A00%3A00.000Z&zone=Europe%2FBerlin&bucket=week&groupBy=service');
  });

  it('names a field that holds no date instead of asking the server', () => {
    const view = readView(new URLSearchParams('from=&to=2026-02-30'), day('2026-12-01'));
    expect(toQuery(view, 'UTC')).toEqual({ query: null, problems: [{ field: 'from', problem: 'must be a date' }, { field: 'to', problem: 'must be a date' }] });
  });
});

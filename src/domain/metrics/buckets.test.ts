import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../time/instant';
import { zonedDateTime } from '../time/zoned';
import { MAX_BUCKETS, bucketIndex, bucketStart, bucketsBetween, nextBucketStart } from './buckets';

const Z = (iso: string) => Date.parse(iso) as EpochMs;
const iso = (at: number) => new Date(at).toISOString();
const HOUR = 3_600_000;
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('weekly buckets in the viewer’s zone', () => {
  it('start on Monday 00:00 local, so a New York week is 167 hours across the 2026-03-08 spring-forward', () => {
    // Sunday 2026-03-08 12:00 EDT (−4) = 16:00Z. Its week: Monday 2026-03-02 00:00 EST (−5) = 05:00Z.
    const start = bucketStart(Z('2026-03-08T16:00:00Z'), 'week', NY);
    expect(iso(start)).toBe('2026-03-02T05:00:00.000Z');
    // Next Monday 2026-03-09 00:00 is EDT (−4) = 04:00Z: 7 · 24 − 1 = 167 h.
    const next = nextBucketStart(start, 'week', NY);
    expect(iso(next)).toBe('2026-03-09T04:00:00.000Z');
    expect((next - start) / HOUR).toBe(167);
  });

  it('make the New York week of the 2026-11-01 fall-back 169 hours', () => {
    // Monday 2026-10-26 00:00 EDT = 04:00Z; Monday 2026-11-02 00:00 EST = 05:00Z: 7 · 24 + 1 = 169 h.
    const start = bucketStart(Z('2026-11-01T12:00:00Z'), 'week', NY);
    expect(iso(start)).toBe('2026-10-26T04:00:00.000Z');
    expect((nextBucketStart(start, 'week', NY) - start) / HOUR).toBe(169);
  });

  it('make the Berlin week of the 2026-03-29 spring-forward 167 hours', () => {
    // Monday 2026-03-23 00:00 CET (+1) = 2026-03-22T23:00Z; Monday 2026-03-30 00:00 CEST (+2) = 2026-03-29T22:00Z.
    const start = bucketStart(Z('2026-03-29T10:00:00Z'), 'week', BERLIN);
    expect(iso(start)).toBe('2026-03-22T23:00:00.000Z');
    expect(iso(nextBucketStart(start, 'week', BERLIN))).toBe('2026-03-29T22:00:00.000Z');
  });

  it('put the last hour of the short week in it and the first hour of Monday in the next, where 168 h from Monday would not', () => {
    // Monday 2026-03-02 05:00Z + 168 h = 2026-03-09T05:00Z, but the week ends at 04:00Z.
    // Sunday 23:30 EDT = 2026-03-09T03:30Z → old week; Monday 00:30 EDT = 04:30Z → new week.
    expect(iso(bucketStart(Z('2026-03-09T03:30:00Z'), 'week', NY))).toBe('2026-03-02T05:00:00.000Z');
    expect(iso(bucketStart(Z('2026-03-09T04:30:00Z'), 'week', NY))).toBe('2026-03-09T04:00:00.000Z');
    // The boundary instant itself belongs to the week it starts (half-open).
    expect(iso(bucketStart(Z('2026-03-09T04:00:00Z'), 'week', NY))).toBe('2026-03-09T04:00:00.000Z');
  });

  it('depend on the viewer’s zone: Sunday 23:30 in New York is already Monday in Berlin', () => {
    // Sunday 2026-03-15 23:30 EDT = 2026-03-16T03:30Z = Monday 04:30 CET.
    const at = Z('2026-03-16T03:30:00Z');
    expect(iso(bucketStart(at, 'week', NY))).toBe('2026-03-09T04:00:00.000Z');
    // Berlin: Monday 2026-03-16 00:00 CET = 2026-03-15T23:00Z.
    expect(iso(bucketStart(at, 'week', BERLIN))).toBe('2026-03-15T23:00:00.000Z');
  });

  it('list every week between two instants, empty ones included, starting with the week holding `from`', () => {
    // 2026-02-25 (Wednesday) to 2026-03-20 (Friday), New York: Mondays 02-23, 03-02, 03-09, 03-16.
    const starts = bucketsBetween(Z('2026-02-25T12:00:00Z'), Z('2026-03-20T12:00:00Z'), 'week', NY).map(iso);
    expect(starts).toEqual(['2026-02-23T05:00:00.000Z', '2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z', '2026-03-16T04:00:00.000Z']);
  });

  it('list no bucket for an empty range and stop before `to` when `to` is a bucket start', () => {
    expect(bucketsBetween(Z('2026-03-10T00:00:00Z'), Z('2026-03-10T00:00:00Z'), 'week', NY)).toEqual([]);
    expect(bucketsBetween(Z('2026-03-10T00:00:00Z'), Z('2026-03-01T00:00:00Z'), 'week', NY)).toEqual([]);
    const starts = bucketsBetween(Z('2026-03-02T05:00:00Z'), Z('2026-03-16T04:00:00Z'), 'week', NY).map(iso);
    expect(starts).toEqual(['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });

  it('refuse a range with more buckets than a chart can hold', () => {
    expect(() => bucketsBetween(Z('1970-01-01T00:00:00Z'), Z('2026-01-01T00:00:00Z'), 'week', NY)).toThrow(RangeError);
    expect(MAX_BUCKETS).toBeGreaterThan(520);
  });
});

describe('monthly buckets in the viewer’s zone', () => {
  it('start on the 1st at 00:00 local, so New York’s March 2026 is 743 hours', () => {
    // 2026-03-01 00:00 EST = 05:00Z; 2026-04-01 00:00 EDT = 04:00Z: 31 · 24 − 1 = 743 h.
    const start = bucketStart(Z('2026-03-20T12:00:00Z'), 'month', NY);
    expect(iso(start)).toBe('2026-03-01T05:00:00.000Z');
    const next = nextBucketStart(start, 'month', NY);
    expect(iso(next)).toBe('2026-04-01T04:00:00.000Z');
    expect((next - start) / HOUR).toBe(743);
  });

  it('count the evening of the last day in the local month even when it is the next month in UTC', () => {
    // 2026-01-31 22:00 EST = 2026-02-01T03:00Z → January in New York.
    expect(iso(bucketStart(Z('2026-02-01T03:00:00Z'), 'month', NY))).toBe('2026-01-01T05:00:00.000Z');
  });

  it('list every month between two instants, including February and the year change', () => {
    const starts = bucketsBetween(Z('2025-12-15T00:00:00Z'), Z('2026-03-02T00:00:00Z'), 'month', BERLIN).map(iso);
    // Berlin 1st 00:00 CET (+1) = previous day 23:00Z for all four (CEST begins 2026-03-29).
    expect(starts).toEqual(['2025-11-30T23:00:00.000Z', '2025-12-31T23:00:00.000Z', '2026-01-31T23:00:00.000Z', '2026-02-28T23:00:00.000Z']);
  });
});

describe('a zone falling back across midnight', () => {
  it('keeps the repeated hour in the bucket that started at the first midnight, though the local date says the day before', () => {
    // St John's 2009-11-01: 00:00 NDT (−2:30) = 02:30Z; at 00:01 NDT (02:31Z) clocks went back to 23:01 NST (−3:30)
    // of October 31. 03:00Z reads 2009-10-31 23:30 but comes after November's first instant, so it is November.
    const at = Z('2009-11-01T03:00:00Z');
    expect(zonedDateTime('America/St_Johns', at).date).toBe('2009-10-31');
    expect(iso(bucketStart(at, 'month', 'America/St_Johns'))).toBe('2009-11-01T02:30:00.000Z');
    expect(iso(bucketStart(Z('2009-11-01T02:29:00Z'), 'month', 'America/St_Johns'))).toBe('2009-10-01T02:30:00.000Z');
  });
});

describe('bucketing by brute force', () => {
  const zones = [NY, BERLIN, 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'Asia/Tehran', 'America/Havana', 'Asia/Beirut', 'America/St_Johns', 'UTC'];

  it('puts every instant in the one bucket whose half-open interval holds it, starting at Monday or the 1st 00:00 local', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom('week' as const, 'month' as const),
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2035-01-01T00:00:00Z') }),
        (zone, size, at) => {
          const start = bucketStart(at as EpochMs, size, zone);
          const next = nextBucketStart(start, size, zone);
          expect(start).toBeLessThanOrEqual(at);
          expect(next).toBeGreaterThan(at);
          // The start is the first instant of its local day (00:00, or the end of a gap at midnight).
          const local = zonedDateTime(zone, start);
          expect(local.minuteOfDay).toBeLessThan(120);
          if (size === 'week') expect(local.weekday).toBe(1);
          else expect(local.date.endsWith('-01')).toBe(true);
          expect(zonedDateTime(zone, start - 1).date).not.toBe(local.date);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('finds the same bucket by binary search over the listed starts as bucketStart does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
        (zone, at) => {
          const starts = bucketsBetween(Z('2026-01-01T00:00:00Z'), Z('2027-01-01T00:00:00Z'), 'week', zone);
          const end = nextBucketStart(starts[starts.length - 1]!, 'week', zone);
          expect(starts[bucketIndex(starts, end, at)]).toBe(bucketStart(at as EpochMs, 'week', zone));
        },
      ),
      { numRuns: 300 },
    );
  });
});

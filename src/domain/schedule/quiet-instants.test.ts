import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIsoUtc } from '../time/instant';
import type { EpochMs } from '../time/instant';
import { coversInstant } from '../time/interval';
import type { Interval } from '../time/interval';
import { isQuietAt, parseLocalTime } from '../people/quiet-hours';
import type { LocalTime, QuietHours } from '../people/quiet-hours';
import { transitionsBetween, zonedDateTime } from '../time/zoned';
import { isInQuietHours, quietHoursInstants } from './quiet-instants';

const Z = (iso: string) => Date.parse(iso) as EpochMs;
const win = (start: string, end: string): Interval => ({ start: Z(start), end: Z(end) });
const quiet = (start: string, end: string): QuietHours => ({ start: parseLocalTime(start)!, end: parseLocalTime(end)! });
const iso = (spans: Interval[]) => spans.map((s) => `${toIsoUtc(s.start)} ${toIsoUtc(s.end)}`);
const LA = 'America/Los_Angeles';

describe('quiet hours as instants', () => {
  it('02:00–07:00 in Los Angeles is 09:00–14:00 UTC in PDT and 10:00–15:00 UTC in PST', () => {
    expect(iso(quietHoursInstants(quiet('02:00', '07:00'), LA, win('2026-03-25T00:00:00Z', '2026-03-26T00:00:00Z')))).toEqual(['2026-03-25T09:00:00.000Z 2026-03-25T14:00:00.000Z']);
    expect(iso(quietHoursInstants(quiet('02:00', '07:00'), LA, win('2026-01-15T00:00:00Z', '2026-01-16T00:00:00Z')))).toEqual(['2026-01-15T10:00:00.000Z 2026-01-15T15:00:00.000Z']);
  });

  it('22:00–07:00 wraps midnight, and is clipped to the window', () => {
    expect(iso(quietHoursInstants(quiet('22:00', '07:00'), LA, win('2026-01-15T00:00:00Z', '2026-01-17T00:00:00Z')))).toEqual([
      '2026-01-15T06:00:00.000Z 2026-01-15T15:00:00.000Z',
      '2026-01-16T06:00:00.000Z 2026-01-16T15:00:00.000Z',
    ]);
    expect(iso(quietHoursInstants(quiet('22:00', '07:00'), LA, win('2026-01-15T08:00:00Z', '2026-01-15T09:00:00Z')))).toEqual(['2026-01-15T08:00:00.000Z 2026-01-15T09:00:00.000Z']);
  });

  it('on spring-forward day a start inside the gap begins right after it (4 real hours)', () => {
    expect(iso(quietHoursInstants(quiet('02:00', '07:00'), LA, win('2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')))).toEqual(['2026-03-08T10:00:00.000Z 2026-03-08T14:00:00.000Z']);
    // 22:00 PST → 07:00 PDT: 8 real hours.
    expect(iso(quietHoursInstants(quiet('22:00', '07:00'), LA, win('2026-03-08T00:00:00Z', '2026-03-08T23:00:00Z')))).toEqual(['2026-03-08T06:00:00.000Z 2026-03-08T14:00:00.000Z']);
  });

  it('on fall-back day a repeated start counts from its first occurrence, and the night is 10 real hours', () => {
    expect(iso(quietHoursInstants(quiet('01:30', '07:00'), LA, win('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')))).toEqual(['2026-11-01T08:30:00.000Z 2026-11-01T15:00:00.000Z']);
    expect(iso(quietHoursInstants(quiet('22:00', '07:00'), LA, win('2026-11-01T00:00:00Z', '2026-11-01T23:00:00Z')))).toEqual(['2026-11-01T05:00:00.000Z 2026-11-01T15:00:00.000Z']);
    // Quiet hours that began keep going through the repeated hour, where the local clock reads 01:00–01:29 again.
    expect(isInQuietHours(quiet('01:30', '07:00'), LA, Z('2026-11-01T09:15:00Z'))).toBe(true);
  });

  it('work for half-hour zones and refuse equal start and end (never silence anyone)', () => {
    expect(iso(quietHoursInstants(quiet('02:00', '07:00'), 'Asia/Kolkata', win('2026-03-08T12:00:00Z', '2026-03-09T12:00:00Z')))).toEqual(['2026-03-08T20:30:00.000Z 2026-03-09T01:30:00.000Z']);
    expect(quietHoursInstants(quiet('07:00', '07:00'), LA, win('2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z'))).toEqual([]);
    expect(isInQuietHours(quiet('07:00', '07:00'), LA, Z('2026-03-08T15:00:00Z'))).toBe(false);
  });

  const ZONES = ['America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];
  const arbQuiet = fc.tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 0, max: 95 })).filter(([a, b]) => a !== b).map(([a, b]) => ({ start: (a * 15) as LocalTime, end: (b * 15) as LocalTime }));

  it('agree with the instant check everywhere, and with the local clock away from DST changes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), arbQuiet, fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }), (zone, q, atMs) => {
        const at = atMs as EpochMs;
        const spans = quietHoursInstants(q, zone, { start: (at - 3 * 86_400_000) as EpochMs, end: (at + 3 * 86_400_000) as EpochMs });
        expect(coversInstant(spans, at)).toBe(isInQuietHours(q, zone, at));
        if (transitionsBetween(zone, at - 2 * 86_400_000, at + 2 * 86_400_000).length === 0) {
          expect(isInQuietHours(q, zone, at)).toBe(isQuietAt(q, zonedDateTime(zone, at).minuteOfDay as LocalTime));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

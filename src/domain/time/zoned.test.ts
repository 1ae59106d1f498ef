import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUTE_MS, toIsoUtc } from './instant';
import type { EpochMs } from './instant';
import {
  addLocalDays,
  formatLocalDate,
  instantOfLocalText,
  instantOfWall,
  offsetAt,
  parseLocalDate,
  parseTimeOfDay,
  transitionsBetween,
  wallOf,
  weekdayOf,
  zonedDateTime,
} from './zoned';

const Z = (iso: string) => Date.parse(iso) as EpochMs;
const HOUR = 3_600_000;

/**
 * Every 2026 offset change of the zones the schedule tests use, computed by hand from the rules:
 * US second Sunday of March / first Sunday of November at 02:00 local; EU last Sunday of March /
 * October at 01:00 UTC; Lord Howe (+10:30, DST +11:00) first Sunday of April at 02:00 daylight /
 * first Sunday of October at 02:00 standard; Chatham (+12:45, DST +13:45) first Sunday of April at
 * 03:45 daylight / last Sunday of September at 02:45 standard; Kolkata none.
 */
const TRANSITIONS_2026: Record<string, Array<[string, number, number]>> = {
  'America/Los_Angeles': [['2026-03-08T10:00:00.000Z', -8, -7], ['2026-11-01T09:00:00.000Z', -7, -8]],
  'Europe/London': [['2026-03-29T01:00:00.000Z', 0, 1], ['2026-10-25T01:00:00.000Z', 1, 0]],
  'Australia/Lord_Howe': [['2026-04-04T15:00:00.000Z', 11, 10.5], ['2026-10-03T15:30:00.000Z', 10.5, 11]],
  'Asia/Kolkata': [],
  'Pacific/Chatham': [['2026-04-04T14:00:00.000Z', 13.75, 12.75], ['2026-09-26T14:00:00.000Z', 12.75, 13.75]],
};
const ZONES = Object.keys(TRANSITIONS_2026);

/** An independent reading of the wall clock straight from Intl, for oracles (no memo, no shortcuts). */
const oracleFormats = new Map<string, Intl.DateTimeFormat>();
function intlWall(zone: string, at: number): number {
  let format = oracleFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    oracleFormats.set(zone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

describe('zone offsets', () => {
  it.each(ZONES)('%s changes offset exactly at the 2026 instants of its rules', (zone) => {
    const found = transitionsBetween(zone, Z('2026-01-01T00:00:00Z'), Z('2027-01-01T00:00:00Z'));
    expect(found.map((t) => [toIsoUtc(t.at), t.offsetBefore / HOUR, t.offsetAfter / HOUR])).toEqual(TRANSITIONS_2026[zone]);
    for (const t of found) {
      expect(offsetAt(zone, t.at - 1)).toBe(t.offsetBefore);
      expect(offsetAt(zone, t.at)).toBe(t.offsetAfter);
    }
  });

  it('reads the same wall clock as Intl at any instant from 1950 to 2100', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES, 'Europe/Berlin', 'America/Sao_Paulo', 'Pacific/Apia', 'UTC'), fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }), (zone, at) => {
        const whole = Math.floor(at / 1000) * 1000;
        expect(wallOf(zone, whole)).toBe(intlWall(zone, whole));
      }),
      { numRuns: 500 },
    );
  });
});

describe('local time to instant', () => {
  it.each([
    // zone, local date, local time, instant, why
    ['America/Los_Angeles', '2026-01-15', '09:00', '2026-01-15T17:00:00.000Z', 'PST'],
    ['America/Los_Angeles', '2026-03-08', '01:59', '2026-03-08T09:59:00.000Z', 'last minute before the gap'],
    ['America/Los_Angeles', '2026-03-08', '02:00', '2026-03-08T10:00:00.000Z', 'gap start → first instant after the gap (03:00 PDT)'],
    ['America/Los_Angeles', '2026-03-08', '02:30', '2026-03-08T10:00:00.000Z', 'inside the gap → 03:00 PDT'],
    ['America/Los_Angeles', '2026-03-08', '03:00', '2026-03-08T10:00:00.000Z', 'first minute after the gap'],
    ['America/Los_Angeles', '2026-11-01', '00:59', '2026-11-01T07:59:00.000Z', 'before the repeated hour'],
    ['America/Los_Angeles', '2026-11-01', '01:30', '2026-11-01T08:30:00.000Z', 'repeated → first occurrence (PDT)'],
    ['America/Los_Angeles', '2026-11-01', '02:00', '2026-11-01T10:00:00.000Z', 'after the repeated hour (PST)'],
    ['Europe/London', '2026-03-29', '01:30', '2026-03-29T01:00:00.000Z', 'gap 01:00–02:00 → 02:00 BST'],
    ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z', 'repeated → first occurrence (BST)'],
    ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:30:00.000Z', '30-minute gap 02:00–02:30 → 02:30 +11'],
    ['Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00.000Z', 'repeated half hour → first occurrence (+11)'],
    ['Australia/Lord_Howe', '2026-04-05', '02:00', '2026-04-04T15:30:00.000Z', 'after the repeat (+10:30)'],
    ['Asia/Kolkata', '2026-03-08', '02:30', '2026-03-07T21:00:00.000Z', '+05:30, no DST'],
    ['Pacific/Chatham', '2026-09-27', '03:00', '2026-09-26T14:00:00.000Z', 'gap 02:45–03:45 → 03:45 +13:45'],
    ['Pacific/Chatham', '2026-04-05', '03:00', '2026-04-04T13:15:00.000Z', 'repeated 02:45–03:45 → first occurrence (+13:45)'],
    ['Pacific/Chatham', '2026-04-05', '03:45', '2026-04-04T15:00:00.000Z', 'after the repeat (+12:45)'],
  ])('%s %s %s is %s (%s)', (zone, date, time, iso) => {
    expect(toIsoUtc(instantOfLocalText(zone, date, time))).toBe(iso);
  });

  it('is the first instant at which the clock reads the local time or later (brute force, 5-minute steps)', () => {
    const around = ZONES.flatMap((zone) => TRANSITIONS_2026[zone]!.map(([iso]) => [zone, Z(iso)] as const));
    around.push(['Asia/Kolkata', Z('2026-03-08T00:00:00Z')]);
    fc.assert(
      fc.property(fc.constantFrom(...around), fc.integer({ min: -36 * 12, max: 36 * 12 }), ([zone, transition], steps) => {
        const wall = Math.floor((transition + 13 * HOUR) / (5 * MINUTE_MS)) * 5 * MINUTE_MS + steps * 5 * MINUTE_MS;
        let expected = wall - 16 * HOUR;
        while (intlWall(zone, expected) < wall) expected += 5 * MINUTE_MS;
        expect(toIsoUtc(instantOfWall(zone, wall))).toBe(toIsoUtc(expected as EpochMs));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips every instant that is not the second occurrence of a repeated time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }), (zone, at) => {
        const back = instantOfWall(zone, wallOf(zone, at));
        if (back !== at) {
          // Only a repeated reading may map elsewhere, and then to an earlier instant with the same reading.
          expect(back).toBeLessThan(at);
          expect(wallOf(zone, back)).toBe(wallOf(zone, at));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('local calendar', () => {
  it('gives date, time and weekday in the zone, not the host zone', () => {
    expect(zonedDateTime('America/Los_Angeles', Z('2026-03-08T10:00:00Z'))).toMatchObject({ date: '2026-03-08', time: '03:00', weekday: 0, offsetMinutes: -420 });
    expect(zonedDateTime('Pacific/Chatham', Z('2026-03-08T10:00:00Z'))).toMatchObject({ date: '2026-03-08', time: '23:45', weekday: 0, offsetMinutes: 825 });
    expect(zonedDateTime('Asia/Kolkata', Z('2026-03-08T20:00:00Z'))).toMatchObject({ date: '2026-03-09', time: '01:30', weekday: 1 });
  });

  it('adds local days without regard to DST and knows weekdays', () => {
    const day = parseLocalDate('2026-03-07')!;
    expect(formatLocalDate(addLocalDays(day, 1))).toBe('2026-03-08');
    expect(formatLocalDate(addLocalDays(day, 25))).toBe('2026-04-01');
    expect(formatLocalDate(addLocalDays(day, -7))).toBe('2026-02-28');
    expect(weekdayOf(day)).toBe(6);
    expect(weekdayOf(parseLocalDate('1970-01-01')!)).toBe(4);
    expect(weekdayOf(parseLocalDate('1969-12-28')!)).toBe(0);
    // The instants of consecutive local midnights are 23 h apart on spring-forward day.
    expect(instantOfLocalText('America/Los_Angeles', '2026-03-09', '00:00') - instantOfLocalText('America/Los_Angeles', '2026-03-08', '00:00')).toBe(23 * HOUR);
  });

  it('parses only real dates and 24-hour times', () => {
    expect(parseLocalDate('2026-02-29')).toBeUndefined();
    expect(parseLocalDate('2028-02-29')).toBeDefined();
    expect(parseLocalDate('2026-3-8')).toBeUndefined();
    expect(parseTimeOfDay('24:00')).toBeUndefined();
    expect(parseTimeOfDay('09:30')).toBe(570);
    expect(() => instantOfLocalText('America/Los_Angeles', '2026-02-30', '09:00')).toThrow(RangeError);
  });

  it('round-trips dates through text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        const day = addLocalDays(parseLocalDate('1970-01-01')!, n);
        expect(parseLocalDate(formatLocalDate(day))).toBe(day);
      }),
    );
  });
});

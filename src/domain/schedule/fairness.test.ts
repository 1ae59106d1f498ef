import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../time/instant';
import { fairness } from './fairness';

const Z = (iso: string) => Date.parse(iso) as EpochMs;

describe('fairness', () => {
  // Fri 2026-01-09 00:00Z to Mon 2026-01-12 00:00Z, 72 hours, winter everywhere below.
  const window = { start: Z('2026-01-09T00:00:00Z'), end: Z('2026-01-12T00:00:00Z') };
  const segments = [
    { start: Z('2026-01-08T20:00:00Z'), end: Z('2026-01-10T06:00:00Z'), userId: 'ana' }, // clipped to 30 h
    { start: Z('2026-01-10T06:00:00Z'), end: Z('2026-01-11T06:00:00Z'), userId: 'ben' }, // 24 h
    { start: Z('2026-01-11T06:00:00Z'), end: Z('2026-01-12T00:00:00Z'), userId: 'cho' }, // 18 h
    { start: Z('2026-01-09T00:00:00Z'), end: Z('2026-01-12T00:00:00Z'), userId: 'zed' }, // not listed: ignored
  ];
  const people = [
    { id: 'ana', zone: 'Europe/London' }, // UTC+0
    { id: 'ben', zone: 'America/Los_Angeles' }, // UTC−8: his shift is Fri 22:00 – Sat 22:00 local
    { id: 'cho', zone: 'Asia/Kolkata' }, // UTC+5:30: her shift is Sun 11:30 – Mon 05:30 local
  ];

  it('counts on-call, night and weekend hours in each person’s zone and flags more than 20 % from the mean', () => {
    const report = fairness(segments, people, window);
    expect(report.meanHours).toBe(24);
    expect(report.people).toEqual([
      // nights Fri 00–07 and Fri 22 – Sat 06 = 15 h; Saturday 00–06 = 6 h
      { userId: 'ana', zone: 'Europe/London', onCallHours: 30, nightHours: 15, weekendHours: 6, deviation: 0.25, flagged: true },
      // night Fri 22 – Sat 07 = 9 h; Saturday 00–22 = 22 h
      { userId: 'ben', zone: 'America/Los_Angeles', onCallHours: 24, nightHours: 9, weekendHours: 22, deviation: 0, flagged: false },
      // night Sun 22:00 – Mon 05:30 = 7.5 h; Sunday 11:30–24:00 = 12.5 h
      { userId: 'cho', zone: 'Asia/Kolkata', onCallHours: 18, nightHours: 7.5, weekendHours: 12.5, deviation: -0.25, flagged: true },
    ]);
  });

  it('takes the tolerance and the night as options; someone with no time counts toward the mean', () => {
    expect(fairness(segments, people, window, { tolerance: 0.3 }).people.map((p) => p.flagged)).toEqual([false, false, false]);
    const withIdle = fairness(segments, [...people, { id: 'dan', zone: 'UTC' }], window);
    expect(withIdle.meanHours).toBe(18);
    expect(withIdle.people.map((p) => p.flagged)).toEqual([true, true, false, true]);
    expect(fairness(segments, people, window, { nightStart: '00:00', nightEnd: '06:00' }).people.map((p) => p.nightHours)).toEqual([12, 6, 5.5]);
  });

  it('measures nights and weekends across DST in real hours', () => {
    // Los Angeles, on call Sat 2026-03-07 12:00Z to Mon 03-09 12:00Z; DST starts Sun 03-08.
    const la = fairness([{ start: Z('2026-03-07T12:00:00Z'), end: Z('2026-03-09T12:00:00Z'), userId: 'eve' }], [{ id: 'eve', zone: 'America/Los_Angeles' }], {
      start: Z('2026-03-01T00:00:00Z'),
      end: Z('2026-03-15T00:00:00Z'),
    });
    // nights: Fri 22:00 PST – Sat 07:00 PST from 12:00Z = 3 h; Sat 22:00 PST – Sun 07:00 PDT = 8 h; Sun 22:00 PDT – Mon 05:00 PDT = 7 h
    // weekend: Sat 00:00 PST (08:00Z) – Mon 00:00 PDT (07:00Z), from 12:00Z = 43 h
    expect(la.people[0]).toMatchObject({ onCallHours: 48, nightHours: 18, weekendHours: 43, flagged: false });
  });

  it('handles nobody listed and nobody on call', () => {
    expect(fairness([], [], window)).toEqual({ meanHours: 0, people: [] });
    expect(fairness([], people, window).people.every((p) => p.onCallHours === 0 && !p.flagged)).toBe(true);
  });
});

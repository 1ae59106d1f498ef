import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../time/instant';
import { interruptionsByPerson } from './interruptions';
import type { MetricPage, PageChannel, PersonInterruptions } from './interruptions';

const Z = (iso: string) => Date.parse(iso) as EpochMs;
const SEC = 1000;
const BERLIN = 'Europe/Berlin';

function page(userId: string, zone: string, at: string | number, channel: PageChannel = 'sms'): MetricPage {
  return { userId, zone, channel, at: (typeof at === 'string' ? Z(at) : at) as EpochMs };
}

function counts(row: PersonInterruptions | undefined) {
  if (!row) throw new Error('no row');
  const { total, night, weekend, offHours, businessHours } = row;
  return { total, night, weekend, offHours, businessHours };
}

function only(pages: MetricPage[]) {
  const rows = interruptionsByPerson(pages);
  expect(rows).toHaveLength(1);
  return counts(rows[0]);
}

describe('interruptions by each recipient’s own local hour', () => {
  it('judges the same instant as night for one person and as the working day for another', () => {
    // 2026-03-10T04:00Z = Tuesday 00:00 EDT in New York (night) = Tuesday 09:30 in Kolkata (+05:30, day).
    const rows = interruptionsByPerson([
      page('ana', 'America/New_York', '2026-03-10T04:00:00Z'),
      page('ravi', 'Asia/Kolkata', '2026-03-10T04:00:00Z'),
    ]);
    expect(rows.map((row) => [row.userId, counts(row)])).toEqual([
      ['ana', { total: 1, night: 1, weekend: 0, offHours: 1, businessHours: 0 }],
      ['ravi', { total: 1, night: 0, weekend: 0, offHours: 0, businessHours: 1 }],
    ]);
    expect(rows[0]!.byLocalHour[0]).toBe(1);
    expect(rows[1]!.byLocalHour[9]).toBe(1);
  });

  it('takes night as 22:00 up to but not including 07:00 local', () => {
    // Berlin, Tuesday 2026-03-10, CET (+1): 05:59Z = 06:59 night, 06:00Z = 07:00 day,
    // 20:59Z = 21:59 day, 21:00Z = 22:00 night. Pages minutes apart, so none coalesce.
    const result = only([
      page('bo', BERLIN, '2026-03-10T05:59:00Z'),
      page('bo', BERLIN, '2026-03-10T06:00:00Z'),
      page('bo', BERLIN, '2026-03-10T20:59:00Z'),
      page('bo', BERLIN, '2026-03-10T21:00:00Z'),
    ]);
    expect(result).toEqual({ total: 4, night: 2, weekend: 0, offHours: 2, businessHours: 2 });
  });

  it('counts weekend by the local calendar day, and a Sunday-night page as both night and weekend but off hours once', () => {
    // Berlin CET (+1): Friday 2026-03-13 23:00 (22:00Z) night only; Saturday 12:00 (11:00Z) weekend only;
    // Sunday 23:30 (22:30Z) night and weekend; Monday 2026-03-16 10:00 (09:00Z) business hours.
    const result = only([
      page('bo', BERLIN, '2026-03-13T22:00:00Z'),
      page('bo', BERLIN, '2026-03-14T11:00:00Z'),
      page('bo', BERLIN, '2026-03-15T22:30:00Z'),
      page('bo', BERLIN, '2026-03-16T09:00:00Z'),
    ]);
    // night: Fri 23:00, Sun 23:30 = 2; weekend: Sat, Sun = 2; off hours: Fri, Sat, Sun = 3; business: Mon = 1.
    expect(result).toEqual({ total: 4, night: 2, weekend: 2, offHours: 3, businessHours: 1 });
  });

  it('uses the zone each page carries, so a person who travelled is judged by where they were', () => {
    // 2026-03-10T12:00Z: 13:00 in Berlin (day); 2026-03-11T12:00Z: 01:00 Thursday in Auckland (+13, night).
    const result = only([page('bo', BERLIN, '2026-03-10T12:00:00Z'), page('bo', 'Pacific/Auckland', '2026-03-11T12:00:00Z')]);
    expect(result).toEqual({ total: 2, night: 1, weekend: 0, offHours: 1, businessHours: 1 });
  });

  it('follows the recipient’s DST: 06:30 on the Monday after spring-forward is still night in New York', () => {
    // 2026-03-09 06:30 EDT (−4) = 10:30Z; an EST reading (−5) would have made it 05:30, also night,
    // so check the other side too: 11:00Z = 07:00 EDT = day (it would be 06:00 EST, night, if DST were ignored).
    const result = only([page('ana', 'America/New_York', '2026-03-09T10:30:00Z'), page('ana', 'America/New_York', '2026-03-09T11:00:00Z')]);
    expect(result).toEqual({ total: 2, night: 1, weekend: 0, offHours: 1, businessHours: 1 });
  });
});

describe('counting interruptions as PagerDuty does', () => {
  const t0 = Z('2026-03-10T12:00:00Z');

  it('coalesces pages to one person within 60 s of the first into one interruption', () => {
    // 0 s, 30 s and 59 s: one interruption. 60 s after the anchor is outside the window: a second one.
    expect(only([page('bo', BERLIN, t0), page('bo', BERLIN, t0 + 30 * SEC), page('bo', BERLIN, t0 + 59 * SEC)]).total).toBe(1);
    expect(only([page('bo', BERLIN, t0), page('bo', BERLIN, t0 + 60 * SEC)]).total).toBe(2);
  });

  it('anchors the window at the first page instead of sliding it with each page', () => {
    // 0, 50, 100 s: 50 joins the window of 0; 100 is 100 s after the anchor, so it starts the second
    // interruption (a sliding window would have chained all three into one).
    expect(only([page('bo', BERLIN, t0 + 100 * SEC), page('bo', BERLIN, t0), page('bo', BERLIN, t0 + 50 * SEC)]).total).toBe(2);
  });

  it('classifies a coalesced interruption by its first page', () => {
    // Berlin 21:59:30 (20:59:30Z, day) and 22:00:10 (21:00:10Z, night) 40 s apart: one interruption, business hours.
    const result = only([page('bo', BERLIN, '2026-03-10T20:59:30Z'), page('bo', BERLIN, '2026-03-10T21:00:10Z')]);
    expect(result).toEqual({ total: 1, night: 0, weekend: 0, offHours: 0, businessHours: 1 });
  });

  it('does not count e-mail or webhooks, nor let them start a window', () => {
    // e-mail at 0 s, SMS at 30 s, voice at 80 s. Counted pages: 30 s (anchor) and 80 s (50 s later) → 1.
    // Had the e-mail anchored the window, the voice call at 80 s would have been a second interruption.
    const result = only([page('bo', BERLIN, t0, 'email'), page('bo', BERLIN, t0 + 30 * SEC, 'sms'), page('bo', BERLIN, t0 + 80 * SEC, 'voice')]);
    expect(result.total).toBe(1);
  });

  it('counts in-app, SMS and voice pages, and lists someone reached only by e-mail or webhook with zeros', () => {
    const minutes = (n: number) => t0 + n * 60 * SEC;
    const rows = interruptionsByPerson([
      page('ana', BERLIN, minutes(0), 'in-app'),
      page('ana', BERLIN, minutes(5), 'sms'),
      page('ana', BERLIN, minutes(10), 'voice'),
      page('ana', BERLIN, minutes(15), 'email'),
      page('ana', BERLIN, minutes(20), 'webhook'),
      page('cy', BERLIN, minutes(0), 'email'),
      page('cy', BERLIN, minutes(5), 'webhook'),
    ]);
    expect(rows.map((row) => [row.userId, row.total])).toEqual([['ana', 3], ['cy', 0]]);
  });

  it('never coalesces pages to different people', () => {
    const rows = interruptionsByPerson([page('ana', BERLIN, t0), page('bo', BERLIN, t0 + 10 * SEC)]);
    expect(rows.map((row) => row.total)).toEqual([1, 1]);
  });

  it('counts within a range only interruptions that begin in it, while earlier pages still anchor the window', () => {
    // Pages at −20 s, +10 s and +70 s around `from`: −20 s anchors (outside the range), +10 s joins it,
    // +70 s is 90 s after the anchor and starts one inside the range → 1.
    const from = t0;
    const rows = interruptionsByPerson(
      [page('bo', BERLIN, from - 20 * SEC), page('bo', BERLIN, from + 10 * SEC), page('bo', BERLIN, from + 70 * SEC)],
      { from, to: (from + 3_600_000) as EpochMs },
    );
    expect(rows[0]!.total).toBe(1);
  });
});

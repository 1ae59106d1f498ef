import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../time/instant';
import type { Severity } from '../incident/severity';
import { compareRanges, incidentMetrics, summarizeRange } from './incident-metrics';
import type { MetricIncident } from './incident-metrics';

const Z = (iso: string) => Date.parse(iso) as EpochMs;
const iso = (at: number) => new Date(at).toISOString();
const MIN = 60_000;
const NY = 'America/New_York';

/** An incident triggered at `at`, acknowledged, resolved and escalated the given minutes later (null = never). */
function incident(
  id: string,
  at: string,
  fields: { severity: Severity; service: string; team: string; ack: number | null; resolve: number | null; escalate: number | null },
): MetricIncident {
  const t = Z(at);
  const later = (minutes: number | null) => (minutes === null ? null : ((t + minutes * MIN) as EpochMs));
  return {
    id,
    severity: fields.severity,
    serviceId: fields.service,
    teamId: fields.team,
    triggeredAt: t,
    acknowledgedAt: later(fields.ack),
    resolvedAt: later(fields.resolve),
    firstEscalatedAt: later(fields.escalate),
  };
}

/**
 * Three New York weeks around the 2026-03-08 spring-forward:
 *   week 1 = [Mon 03-02 00:00 EST = 05:00Z, Mon 03-09 00:00 EDT = 04:00Z) (167 h)
 *   week 2 = [03-09 04:00Z, 03-16 04:00Z), week 3 = [03-16 04:00Z, 03-23 04:00Z) (empty)
 */
const WORLD: MetricIncident[] = [
  incident('i1', '2026-03-02T15:00:00Z', { severity: 'P1', service: 'db', team: 'core', ack: 4, resolve: 30, escalate: 3 }),
  incident('i2', '2026-03-03T15:00:00Z', { severity: 'P2', service: 'db', team: 'core', ack: 10, resolve: 60, escalate: null }),
  incident('i3', '2026-03-04T15:00:00Z', { severity: 'P1', service: 'api', team: 'web', ack: 2, resolve: 20, escalate: 1 }),
  incident('i4', '2026-03-05T15:00:00Z', { severity: 'P3', service: 'api', team: 'web', ack: null, resolve: 15, escalate: null }),
  // Sunday 03-08 23:30 EDT = 03-09T03:30Z: still week 1.
  incident('i5', '2026-03-09T03:30:00Z', { severity: 'P2', service: 'db', team: 'core', ack: 6, resolve: null, escalate: null }),
  // Monday 03-09 00:30 EDT = 04:30Z: week 2 (a naive 168 h week would have kept it in week 1, until 05:00Z).
  incident('i6', '2026-03-09T04:30:00Z', { severity: 'P1', service: 'db', team: 'core', ack: 1, resolve: 10, escalate: null }),
  // Before the range: ignored.
  incident('i0', '2026-03-02T04:59:00Z', { severity: 'P1', service: 'db', team: 'core', ack: 100, resolve: 100, escalate: 100 }),
];
const OPTIONS = { from: Z('2026-03-02T05:00:00Z'), to: Z('2026-03-23T04:00:00Z'), size: 'week' as const, zone: NY };

describe('incident metrics per week in the viewer’s zone', () => {
  const result = incidentMetrics(WORLD, OPTIONS);

  it('lists every week of the range, the empty one included, with its real length across DST', () => {
    expect(result.buckets.map((b) => [iso(b.start), iso(b.end)])).toEqual([
      ['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
      ['2026-03-09T04:00:00.000Z', '2026-03-16T04:00:00.000Z'],
      ['2026-03-16T04:00:00.000Z', '2026-03-23T04:00:00.000Z'],
    ]);
    expect(result.buckets.map((b) => b.count)).toEqual([5, 1, 0]);
  });

  it('takes MTTA over acknowledged incidents and MTTR over resolved ones, median and p90', () => {
    const week1 = result.buckets[0]!;
    // MTTA over i1, i2, i3, i5 (i4 never acknowledged): 4, 10, 2, 6 → sorted 2, 4, 6, 10.
    //   median: rank 1.5 → 4 + 0.5 · 2 = 5 min; p90: rank 3 · 0.9 = 2.7 → 6 + 0.7 · 4 = 8.8 min.
    expect(week1.mtta).toEqual({ n: 4, median: 5 * MIN, p90: 8.8 * MIN });
    // MTTR over i1–i4 (i5 still open): 30, 60, 20, 15 → sorted 15, 20, 30, 60.
    //   median (20 + 30) / 2 = 25 min; p90 rank 2.7 → 30 + 0.7 · 30 = 51 min.
    expect(week1.mttr).toEqual({ n: 4, median: 25 * MIN, p90: 51 * MIN });
    // Escalated: i1 after 3, i3 after 1 → median 2 min; 2 of 5 escalated.
    expect(week1.escalation.median).toBe(2 * MIN);
    expect(week1.escalation.n).toBe(2);
  });

  it('gives an empty week no MTTA or MTTR rather than zero', () => {
    expect(result.buckets[2]).toMatchObject({ count: 0, mtta: { n: 0, median: null, p90: null }, mttr: { n: 0, median: null, p90: null } });
  });

  it('summarizes the whole range from the same incidents', () => {
    // MTTA 4, 10, 2, 6, 1 → sorted 1, 2, 4, 6, 10: median 4; p90 rank 3.6 → 6 + 0.6 · 4 = 8.4 min.
    // MTTR 30, 60, 20, 15, 10 → sorted 10, 15, 20, 30, 60: median 20; p90 rank 3.6 → 30 + 0.6 · 30 = 48 min.
    expect(result.total).toMatchObject({ count: 6, mtta: { n: 5, median: 4 * MIN, p90: 8.4 * MIN }, mttr: { n: 5, median: 20 * MIN, p90: 48 * MIN } });
    expect(summarizeRange(WORLD, OPTIONS)).toEqual(result.total);
  });

  it('groups by severity, P1 first, each group with every week', () => {
    const bySeverity = incidentMetrics(WORLD, OPTIONS, 'severity');
    expect(bySeverity.groups.map((g) => g.key)).toEqual(['P1', 'P2', 'P3']);
    const p1 = bySeverity.groups[0]!;
    expect(p1.buckets.map((b) => b.count)).toEqual([2, 1, 0]);
    // P1 week 1: MTTA 4 and 2 → median 3; p90 rank 0.9 → 2 + 0.9 · 2 = 3.8 min.
    expect(p1.buckets[0]!.mtta).toEqual({ n: 2, median: 3 * MIN, p90: 3.8 * MIN });
    // P3: the one incident was never acknowledged; resolved in 15 min.
    const p3 = bySeverity.groups[2]!;
    expect(p3.total).toMatchObject({ count: 1, mtta: { n: 0, median: null }, mttr: { n: 1, median: 15 * MIN, p90: 15 * MIN } });
    // The ungrouped series is unchanged by grouping.
    expect(bySeverity.buckets).toEqual(result.buckets);
  });

  it('groups by service and by team', () => {
    const byService = incidentMetrics(WORLD, OPTIONS, 'service');
    expect(byService.groups.map((g) => [g.key, g.total.count])).toEqual([['api', 2], ['db', 4]]);
    const byTeam = incidentMetrics(WORLD, OPTIONS, 'team');
    const core = byTeam.groups.find((g) => g.key === 'core')!;
    // core: i1, i2, i5 in week 1, i6 in week 2. MTTR week 1 over i1, i2: 30, 60 → median 45.
    expect(core.buckets.map((b) => b.count)).toEqual([3, 1, 0]);
    expect(core.buckets[0]!.mttr.median).toBe(45 * MIN);
    expect(result.groups).toEqual([]);
  });

  it('buckets by the viewer’s zone: an incident at 23:30 Sunday in New York is in the next week for a Berlin viewer', () => {
    // Sunday 2026-03-15 23:30 EDT = 2026-03-16T03:30Z = Monday 04:30 CET.
    const late = [incident('late', '2026-03-16T03:30:00Z', { severity: 'P2', service: 'db', team: 'core', ack: 5, resolve: 9, escalate: null })];
    const range = { from: Z('2026-03-09T00:00:00Z'), to: Z('2026-03-23T00:00:00Z'), size: 'week' as const };
    const ny = incidentMetrics(late, { ...range, zone: NY });
    expect(ny.buckets.filter((b) => b.count > 0).map((b) => iso(b.start))).toEqual(['2026-03-09T04:00:00.000Z']);
    const berlin = incidentMetrics(late, { ...range, zone: 'Europe/Berlin' });
    // Berlin weeks: 03-09 00:00 CET = 03-08T23:00Z, 03-16 00:00 CET = 03-15T23:00Z.
    expect(berlin.buckets.filter((b) => b.count > 0).map((b) => iso(b.start))).toEqual(['2026-03-15T23:00:00.000Z']);
  });

  it('counts a month bucket from the 1st local and ignores incidents outside [from, to)', () => {
    const monthly = incidentMetrics(WORLD, { from: Z('2026-03-02T05:00:00Z'), to: Z('2026-03-09T04:30:00Z'), size: 'month', zone: NY });
    // One bucket, March (from 03-01 05:00Z), with i1–i5; i6 is at `to` (excluded) and i0 before `from`.
    expect(monthly.buckets.map((b) => [iso(b.start), b.count])).toEqual([['2026-03-01T05:00:00.000Z', 5]]);
  });
});

describe('before/after comparison of two ranges', () => {
  it('reports each metric before and after with the relative change, as in "MTTA 30 min → 2 min, −93 %"', () => {
    const make = (id: string, at: string, ack: number, resolve: number) =>
      incident(id, at, { severity: 'P1', service: 'db', team: 'core', ack, resolve, escalate: null });
    const incidents = [
      make('b1', '2026-01-05T12:00:00Z', 20, 40),
      make('b2', '2026-01-06T12:00:00Z', 30, 45),
      make('b3', '2026-01-07T12:00:00Z', 40, 50),
      make('a1', '2026-03-05T12:00:00Z', 1, 10),
      make('a2', '2026-03-06T12:00:00Z', 2, 12),
      make('a3', '2026-03-07T12:00:00Z', 3, 14),
    ];
    const before = summarizeRange(incidents, { from: Z('2026-01-01T00:00:00Z'), to: Z('2026-02-01T00:00:00Z') });
    const after = summarizeRange(incidents, { from: Z('2026-03-01T00:00:00Z'), to: Z('2026-04-01T00:00:00Z') });
    const rows = Object.fromEntries(compareRanges(before, after).map((row) => [row.metric, row]));
    // MTTA median 30 → 2 min: (2 − 30) / 30 = −0.9333… → −93 %.
    expect(rows.mttaMedian).toMatchObject({ before: 30 * MIN, after: 2 * MIN, changePercent: -93 });
    expect(rows.mttaMedian!.change).toBeCloseTo(-28 / 30, 12);
    // MTTR median 45 → 12 min: (12 − 45) / 45 = −0.7333… → −73 %.
    expect(rows.mttrMedian).toMatchObject({ before: 45 * MIN, after: 12 * MIN, changePercent: -73 });
    // Same number of incidents: 0 %.
    expect(rows.count).toMatchObject({ before: 3, after: 3, change: 0, changePercent: 0 });
    // Nobody escalated in either range: no change to report.
    expect(rows.escalationMedian).toMatchObject({ before: null, after: null, change: null, changePercent: null });
  });

  it('reports no relative change when the earlier range had none of it', () => {
    const empty = summarizeRange([], { from: Z('2026-01-01T00:00:00Z'), to: Z('2026-02-01T00:00:00Z') });
    const one = summarizeRange(
      [incident('x', '2026-03-05T12:00:00Z', { severity: 'P1', service: 'db', team: 'core', ack: 5, resolve: 9, escalate: null })],
      { from: Z('2026-03-01T00:00:00Z'), to: Z('2026-04-01T00:00:00Z') },
    );
    const rows = Object.fromEntries(compareRanges(empty, one).map((row) => [row.metric, row]));
    expect(rows.count).toMatchObject({ before: 0, after: 1, change: null });
    expect(rows.mttaMedian).toMatchObject({ before: null, after: 5 * MIN, change: null });
  });
});

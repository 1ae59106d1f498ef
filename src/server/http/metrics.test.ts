import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsDto } from '../../contracts/metrics';
import { incidentMetrics } from '../../domain/metrics/incident-metrics';
import type { MetricIncident } from '../../domain/metrics/incident-metrics';
import { interruptionsByPerson } from '../../domain/metrics/interruptions';
import type { MetricPage } from '../../domain/metrics/interruptions';
import { epochMs } from '../../domain/time/instant';
import { metricsSchema } from '../../contracts/metrics';
import type { Kysely } from 'kysely';
import { backfillFirstEscalatedAt } from '../db/migrations';
import { eventsRepository } from '../repositories/events-repository';
import { NOT_PAGED, incidentsRepository } from '../repositories/incidents-repository';
import { ENGINES, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);

/**
 * Every expected number below is worked out by hand from the seeded stamps (minutes after the
 * trigger), with the percentile rule of domain/metrics/stats.ts: rank h = (n − 1) · p / 100,
 * x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋]).
 *
 * America/New_York springs forward on Sunday 8 March 2026: the week from Monday 2 March 00:00 EST
 * (05:00Z) lasts 167 hours, to Monday 9 March 00:00 EDT (04:00Z).
 */
type Seed = { key: string; service: 'checkout' | 'payments' | 'odd'; severity: 'P1' | 'P2' | 'P3'; triggered: string; ack?: number; resolve?: number; escalate?: number };

const SEEDS: Seed[] = [
  // Week of 2 March (EST, then EDT from Sunday).
  { key: 'A', service: 'checkout', severity: 'P1', triggered: '2026-03-02T05:00:00Z', ack: 2, resolve: 20 },
  { key: 'B', service: 'checkout', severity: 'P2', triggered: '2026-03-04T14:00:00Z', ack: 4, resolve: 40, escalate: 5 },
  { key: 'C', service: 'checkout', severity: 'P1', triggered: '2026-03-06T23:00:00Z', ack: 10, resolve: 60 },
  // Sunday 8 March 23:30 EDT: Monday in UTC, and Monday too at a fixed −05:00; only the zone's rules keep it in the first week.
  { key: 'D', service: 'payments', severity: 'P3', triggered: '2026-03-09T03:30:00Z', ack: 30, escalate: 10 },
  // Week of 9 March: Monday 00:30 EDT.
  { key: 'E', service: 'payments', severity: 'P1', triggered: '2026-03-09T04:30:00Z', ack: 1, resolve: 15 },
  // Resolved without an acknowledgement: no MTTA, but an MTTR.
  { key: 'F', service: 'odd', severity: 'P2', triggered: '2026-03-12T16:00:00Z', resolve: 30 },
  // Outside [2 March 05:00Z, 16 March 04:00Z): a minute before it (Sunday 1 March 23:59 EST) and exactly at its end.
  { key: 'X1', service: 'checkout', severity: 'P1', triggered: '2026-03-02T04:59:00Z', ack: 100, resolve: 200 },
  { key: 'X2', service: 'checkout', severity: 'P1', triggered: '2026-03-16T04:00:00Z', ack: 100, resolve: 200 },
  // The "before" range, 16 February 05:00Z to 1 March 05:00Z.
  { key: 'G', service: 'checkout', severity: 'P2', triggered: '2026-02-17T15:00:00Z', ack: 30, resolve: 45 },
  { key: 'H', service: 'payments', severity: 'P2', triggered: '2026-02-24T15:00:00Z', ack: 34, resolve: 49 },
];

const RANGE = { from: '2026-03-02T05:00:00.000Z', to: '2026-03-16T04:00:00.000Z' };
const ODD_NAME = '=HYPERLINK("http://evil.example","click")';

/** Expected median and p90 given in minutes; every one of them is a whole number of milliseconds. */
const spread = (n: number, median: number | null, p90: number | null) => ({ n, median: median === null ? null : Math.round(median * MIN), p90: p90 === null ? null : Math.round(p90 * MIN) });
const minutes = (value: number) => Math.round(value * MIN);

describe.each(ENGINES)('metrics API on %s', (engine) => {
  let t: TestApp;
  let ids: Record<'checkout' | 'payments' | 'odd', string>;
  /**
   * The rows below are written straight into the tables, after the app (and its metrics store)
   * started; the incident paths name every incident they change in an event, so the seeding does too.
   */
  const announce = (incidentId: string) =>
    eventsRepository.append(t.handle.db, { at: 0, kind: 'incident.triggered', incident_id: incidentId, service_id: null, actor_type: 'system', actor_name: 'Test seed', data: '{}' });

  beforeEach(async () => {
    t = await createTestApp(engine);
    ids = {
      checkout: (await createService(t, 'Checkout API')).id,
      payments: (await createService(t, 'Payments Gateway')).id,
      odd: (await createService(t, ODD_NAME)).id,
    };
    await t.handle.db.insertInto('teams').values({ id: 'team-payments', name: 'Payments team', name_key: 'payments team', created_at: 0 }).execute();
    await t.handle.db.updateTable('services').set({ team_id: 'team-payments' }).where('id', '=', ids.payments).execute();
    await t.handle.db.updateTable('services').set({ team_id: null }).where('id', '=', ids.odd).execute();
    for (const [index, seed] of SEEDS.entries()) {
      const triggered = at(seed.triggered);
      const stamp = (minutes: number | undefined) => (minutes === undefined ? null : triggered + minutes * MIN);
      await incidentsRepository.insert(t.handle.db, {
        ...NOT_PAGED,
        // A year of their own, so that incidents declared in the test number from 2026-0001 as usual.
        id: `INC-1999-${String(index + 1).padStart(4, '0')}`,
        year: 1999,
        number: index + 1,
        service_id: ids[seed.service],
        title: `Incident ${seed.key}`,
        severity: seed.severity,
        state: seed.resolve !== undefined ? 'resolved' : seed.ack !== undefined ? 'acknowledged' : 'triggered',
        phase: seed.resolve !== undefined ? 'resolved' : 'investigating',
        triggered_at: triggered,
        acknowledged_at: stamp(seed.ack),
        resolved_at: stamp(seed.resolve),
        first_escalated_at: stamp(seed.escalate),
        alert_count: 1,
        last_alert_at: triggered,
        last_status_update_at: null,
        commander: null,
        scribe: null,
        source: 'manual',
        dedup_key: null,
        open_dedup: null,
        links: '[]',
        details: '{}',
      });
      await announce(`INC-1999-${String(index + 1).padStart(4, '0')}`);
    }
  });
  afterEach(async () => t.close());

  const get = (query: Record<string, string>, url = '/api/v1/metrics', cookie?: string) =>
    t.api({ method: 'GET', url: `${url}?${new URLSearchParams(query).toString()}`, ...(cookie !== undefined ? { headers: { cookie } } : {}) });
  const metrics = async (query: Record<string, string>): Promise<MetricsDto> => {
    const response = await get(query);
    expect(response.statusCode, response.body).toBe(200);
    return metricsSchema.parse(response.json());
  };

  it('answers week buckets in the viewer’s zone across the spring-forward change, with medians and p90 by interpolation', async () => {
    const dto = await metrics({ ...RANGE, zone: 'America/New_York', bucket: 'week' });
    expect(dto.range).toEqual({ ...RANGE, zone: 'America/New_York', bucket: 'week' });
    expect(dto.buckets).toEqual([
      // A, B, C, D. MTTA 2, 4, 10, 30 → median 7, p90 (h 2.7) 10 + 0.7 × 20 = 24. MTTR 20, 40, 60 → 40, p90 (h 1.8) 56.
      // Escalation 5, 10 → median 7.5, p90 (h 0.9) 9.5.
      { start: '2026-03-02T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z', count: 4, mtta: spread(4, 7, 24), mttr: spread(3, 40, 56), escalation: spread(2, 7.5, 9.5) },
      // E, F. MTTA 1 (F was never acknowledged). MTTR 15, 30 → 22.5, p90 (h 0.9) 28.5. Nothing escalated.
      { start: '2026-03-09T04:00:00.000Z', end: '2026-03-16T04:00:00.000Z', count: 2, mtta: spread(1, 1, 1), mttr: spread(2, 22.5, 28.5), escalation: spread(0, null, null) },
    ]);
    // All six: MTTA 1, 2, 4, 10, 30 → 4, p90 (h 3.6) 10 + 0.6 × 20 = 22; MTTR 15, 20, 30, 40, 60 → 30, p90 40 + 0.6 × 20 = 52.
    expect(dto.total).toEqual({ count: 6, mtta: spread(5, 4, 22), mttr: spread(5, 30, 52), escalation: spread(2, 7.5, 9.5) });
    expect(dto.groups).toEqual([]);
    expect(dto.comparison).toBeNull();
  });

  it('answers month buckets from the 1st at local midnight, empty months included', async () => {
    const dto = await metrics({ from: '2026-01-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', zone: 'America/New_York', bucket: 'month' });
    expect(dto.buckets.map((b) => [b.start, b.end, b.count])).toEqual([
      ['2026-01-01T05:00:00.000Z', '2026-02-01T05:00:00.000Z', 0],
      ['2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z', 2],
      // March in New York is 743 hours: the six, X1 (1 March 23:59 EST) and X2.
      ['2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z', 8],
    ]);
    expect(dto.buckets[0]).toMatchObject({ mtta: spread(0, null, null), mttr: spread(0, null, null) });
    // G and H: MTTA 30, 34 → 32, p90 (h 0.9) 33.6.
    expect(dto.buckets[1]!.mtta).toEqual(spread(2, 32, 33.6));
  });

  it('groups by severity (P1 first), by service and by team with their names', async () => {
    const bySeverity = await metrics({ ...RANGE, zone: 'America/New_York', groupBy: 'severity' });
    expect(bySeverity.groups.map((g) => [g.key, g.name, g.total.count])).toEqual([['P1', 'P1', 3], ['P2', 'P2', 2], ['P3', 'P3', 1]]);
    // P1: A, C, E. MTTA 1, 2, 10 → 2, p90 (h 1.8) 2 + 0.8 × 8 = 8.4; MTTR 15, 20, 60 → 20, p90 20 + 0.8 × 40 = 52.
    expect(bySeverity.groups[0]!.total).toEqual({ count: 3, mtta: spread(3, 2, 8.4), mttr: spread(3, 20, 52), escalation: spread(0, null, null) });
    expect(bySeverity.groups[0]!.buckets.map((b) => b.count)).toEqual([2, 1]);
    // P2: B and F. MTTA 4; MTTR 30, 40 → 35, p90 39; B escalated after 5.
    expect(bySeverity.groups[1]!.total).toEqual({ count: 2, mtta: spread(1, 4, 4), mttr: spread(2, 35, 39), escalation: spread(1, 5, 5) });

    const byService = await metrics({ ...RANGE, zone: 'America/New_York', groupBy: 'service' });
    const services = Object.fromEntries(byService.groups.map((g) => [g.name, { key: g.key, count: g.total.count, mtta: g.total.mtta.median }]));
    expect(services).toEqual({
      'Checkout API': { key: ids.checkout, count: 3, mtta: minutes(4) },
      // D and E: MTTA 30 and 1 → 15.5.
      'Payments Gateway': { key: ids.payments, count: 2, mtta: minutes(15.5) },
      [ODD_NAME]: { key: ids.odd, count: 1, mtta: null },
    });

    const byTeam = await metrics({ ...RANGE, zone: 'America/New_York', groupBy: 'team' });
    expect(Object.fromEntries(byTeam.groups.map((g) => [g.name, [g.key, g.total.count, g.total.escalation.median]]))).toEqual({
      Operations: [t.teamId, 3, minutes(5)],
      'Payments team': ['team-payments', 2, minutes(10)],
      'No team': ['', 1, null],
    });
  });

  it('filters by severity, service and team', async () => {
    expect((await metrics({ ...RANGE, zone: 'UTC', severity: 'P1' })).total.count).toBe(3);
    expect((await metrics({ ...RANGE, zone: 'UTC', serviceId: ids.payments })).total).toMatchObject({ count: 2, mtta: spread(2, 15.5, 27.1) });
    expect((await metrics({ ...RANGE, zone: 'UTC', teamId: 'team-payments', severity: 'P3' })).total.count).toBe(1);
    expect((await metrics({ ...RANGE, zone: 'UTC', serviceId: 'no-such-service' })).total.count).toBe(0);
    expect((await metrics({ ...RANGE, zone: 'UTC', teamId: t.teamId, serviceId: ids.payments })).total.count).toBe(0);
  });

  it('compares a "before" range with the main range', async () => {
    const dto = await metrics({ ...RANGE, zone: 'America/New_York', compareFrom: '2026-02-16T05:00:00.000Z', compareTo: '2026-03-01T05:00:00.000Z' });
    expect(dto.comparison!.before).toEqual({
      from: '2026-02-16T05:00:00.000Z',
      to: '2026-03-01T05:00:00.000Z',
      // G, H: MTTR 45, 49 → 47, p90 48.6.
      total: { count: 2, mtta: spread(2, 32, 33.6), mttr: spread(2, 47, 48.6), escalation: spread(0, null, null) },
    });
    expect(dto.comparison!.after).toEqual({ ...RANGE, total: dto.total });
    const changes = Object.fromEntries(dto.comparison!.changes.map((c) => [c.metric, [c.before, c.after, c.changePercent]]));
    expect(changes).toEqual({
      count: [2, 6, 200],
      // (4 − 32) / 32 = −0.875 → −88 (half away from zero); (22 − 33.6) / 33.6 = −0.345 → −35.
      mttaMedian: [minutes(32), minutes(4), -88],
      mttaP90: [minutes(33.6), minutes(22), -35],
      // (30 − 47) / 47 = −0.362 → −36; (52 − 48.6) / 48.6 = 0.070 → 7.
      mttrMedian: [minutes(47), minutes(30), -36],
      mttrP90: [minutes(48.6), minutes(52), 7],
      escalationMedian: [null, minutes(7.5), null],
    });
    expect(dto.comparison!.changes.find((c) => c.metric === 'mttaMedian')!.change).toBeCloseTo(-0.875, 10);
  });

  it('counts interruptions in each recipient’s own zone: night, weekend, 60-second coalescing, e-mail and held-back pages left out', async () => {
    const person = async (id: string, name: string, zone: string) =>
      t.handle.db
        .insertInto('users')
        .values({ id, name, email: `${id}@example.com`, email_key: `${id}@example.com`, time_zone: zone, quiet_start: null, quiet_end: null, role: 'responder', password_hash: null, created_at: 0, updated_at: 0, p1_breaks_quiet: 0 })
        .execute();
    await person('u-erin', 'Erin', 'Europe/Berlin');
    await person('u-hannah', 'Hannah', 'Europe/London');
    await person('u-liam', 'Liam', 'America/Los_Angeles');
    let n = 0;
    const page = async (userId: string, zone: string, channel: string, iso: string, status = 'sent') => {
      n += 1;
      await t.handle.db
        .insertInto('pages')
        .values({
          id: `page-${n}`, page_key: `key-${n}`, incident_id: 'INC-1999-0002', user_id: userId, channel, contact_method_id: null, address: null, level: 1, status,
          provider_id: null, error: null, ack_code: null, bundled_into: null, local_hour: 0, zone, created_at: at(iso), sent_at: at(iso),
        })
        .execute();
      await announce('INC-1999-0002');
    };
    // Wednesday 11 March 03:00Z: 03:00 GMT in London (night), Tuesday 20:00 PDT in Los Angeles (not night).
    await page('u-hannah', 'Europe/London', 'sms', '2026-03-11T03:00:00Z');
    await page('u-liam', 'America/Los_Angeles', 'voice', '2026-03-11T03:00:00Z');
    // 30 s later: the same interruption for Hannah. 60 s after Liam's anchor: a new one.
    await page('u-hannah', 'Europe/London', 'voice', '2026-03-11T03:00:30Z');
    await page('u-liam', 'America/Los_Angeles', 'sms', '2026-03-11T03:01:00Z');
    // Saturday 14 March noon in London: weekend, not night.
    await page('u-hannah', 'Europe/London', 'in-app', '2026-03-14T12:00:00Z');
    // E-mail never interrupts; a page held back by the storm limit reached nobody by itself.
    await page('u-hannah', 'Europe/London', 'email', '2026-03-12T02:00:00Z');
    await page('u-hannah', 'Europe/London', 'sms', '2026-03-12T02:30:00Z', 'bundled');
    await page('u-erin', 'Europe/Berlin', 'email', '2026-03-12T02:00:00Z');
    // Ten seconds before the range an interruption starts; the page 20 s later joins it and is not counted either.
    await page('u-liam', 'America/Los_Angeles', 'sms', '2026-03-02T04:59:50Z');
    await page('u-liam', 'America/Los_Angeles', 'sms', '2026-03-02T05:00:10Z');

    const dto = await metrics({ ...RANGE, zone: 'America/New_York' });
    const hours = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0);
    expect(dto.interruptions).toEqual([
      { userId: 'u-erin', name: 'Erin', timeZone: 'Europe/Berlin', total: 0, night: 0, weekend: 0, offHours: 0, businessHours: 0, byLocalHour: hours({}) },
      { userId: 'u-hannah', name: 'Hannah', timeZone: 'Europe/London', total: 2, night: 1, weekend: 1, offHours: 2, businessHours: 0, byLocalHour: hours({ 3: 1, 12: 1 }) },
      { userId: 'u-liam', name: 'Liam', timeZone: 'America/Los_Angeles', total: 2, night: 0, weekend: 0, offHours: 0, businessHours: 2, byLocalHour: hours({ 20: 2 }) },
    ]);
    // The pages belong to incident B (Checkout API, P2): a filter to another service leaves nobody.
    expect((await metrics({ ...RANGE, zone: 'UTC', serviceId: ids.payments })).interruptions).toEqual([]);
    expect((await metrics({ ...RANGE, zone: 'UTC', severity: 'P2' })).interruptions.map((row) => row.total)).toEqual([0, 2, 2]);

    const csv = await get({ ...RANGE, zone: 'America/New_York', view: 'interruptions' }, '/api/v1/metrics.csv');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe(`person,time_zone,interruptions,night_22_to_07,weekend,off_hours,business_hours,${Array.from({ length: 24 }, (_, h) => `local_hour_${String(h).padStart(2, '0')}`).join(',')}`);
    expect(lines[2]).toBe(`Hannah,Europe/London,2,1,1,2,0,${hours({ 3: 1, 12: 1 }).join(',')}`);
  });

  it('exports the buckets and groups as CSV in minutes, with a formula-like service name made inert', async () => {
    const response = await get({ ...RANGE, zone: 'America/New_York', groupBy: 'service' }, '/api/v1/metrics.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="firewatch-metrics-incidents.csv"');
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe(
      'bucket_start_utc,bucket_end_utc,bucket_start_local (America/New_York),group_by,group_key,group_name,incidents,acknowledged,mtta_median_minutes,mtta_p90_minutes,resolved,mttr_median_minutes,mttr_p90_minutes,escalated,escalation_median_minutes,escalation_p90_minutes',
    );
    expect(lines[1]).toBe('2026-03-02T05:00:00.000Z,2026-03-09T04:00:00.000Z,2026-03-02,all,,All incidents,4,4,7,24,3,40,56,2,7.5,9.5');
    expect(lines[2]).toBe('2026-03-09T04:00:00.000Z,2026-03-16T04:00:00.000Z,2026-03-09,all,,All incidents,2,1,1,1,2,22.5,28.5,0,,');
    // Two rows per service, then the final CRLF.
    expect(lines).toHaveLength(1 + 2 + 3 * 2 + 1);
    expect(lines.at(-1)).toBe('');
    const odd = lines.filter((line) => line.includes('HYPERLINK'));
    expect(odd).toEqual([
      `2026-03-02T05:00:00.000Z,2026-03-09T04:00:00.000Z,2026-03-02,service,${ids.odd},"'=HYPERLINK(""http://evil.example"",""click"")",0,0,,,0,,,0,,`,
      `2026-03-09T04:00:00.000Z,2026-03-16T04:00:00.000Z,2026-03-09,service,${ids.odd},"'=HYPERLINK(""http://evil.example"",""click"")",1,0,,,1,30,30,0,,`,
    ]);
  });

  it('agrees with the domain’s incidentMetrics and interruptionsByPerson on random incidents and pages', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const zones = ['Europe/London', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    const users = zones.map((zone, i) => ({ id: `rand-user-${i}`, zone }));
    for (const user of users) {
      await t.handle.db.insertInto('users').values({ id: user.id, name: user.id, email: `${user.id}@example.com`, email_key: `${user.id}@example.com`, time_zone: user.zone, quiet_start: null, quiet_end: null, role: 'responder', password_hash: null, created_at: 0, updated_at: 0, p1_breaks_quiet: 0 }).execute();
    }
    const from = at('2026-01-05T00:00:00Z');
    const span = 120 * 24 * 60 * MIN;
    const incidents: MetricIncident[] = SEEDS.map((s, i) => ({
      id: `INC-1999-${String(i + 1).padStart(4, '0')}`, severity: s.severity, serviceId: ids[s.service], teamId: s.service === 'checkout' ? t.teamId : s.service === 'payments' ? 'team-payments' : '',
      triggeredAt: epochMs(at(s.triggered)), acknowledgedAt: s.ack === undefined ? null : epochMs(at(s.triggered) + s.ack * MIN), resolvedAt: s.resolve === undefined ? null : epochMs(at(s.triggered) + s.resolve * MIN),
      firstEscalatedAt: s.escalate === undefined ? null : epochMs(at(s.triggered) + s.escalate * MIN),
    }));
    const pages: MetricPage[] = [];
    const services = ['checkout', 'payments', 'odd'] as const;
    for (let n = 0; n < 300; n++) {
      const service = services[Math.floor(random() * 3)]!;
      const triggered = from + Math.floor(random() * span);
      // Some stamps before the trigger (clock skew counts as 0), some missing.
      const stamp = (p: number) => (random() < p ? epochMs(triggered + Math.floor((random() - 0.05) * 90 * MIN)) : null);
      const incident: MetricIncident = {
        id: `INC-1998-${String(n + 1).padStart(4, '0')}`, severity: (['P1', 'P2', 'P3', 'P4'] as const)[Math.floor(random() * 4)]!, serviceId: ids[service],
        teamId: service === 'checkout' ? t.teamId : service === 'payments' ? 'team-payments' : '', triggeredAt: epochMs(triggered), acknowledgedAt: stamp(0.8), resolvedAt: stamp(0.7), firstEscalatedAt: stamp(0.3),
      };
      incidents.push(incident);
      await incidentsRepository.insert(t.handle.db, {
        ...NOT_PAGED, id: incident.id, year: 1998, number: n + 1, service_id: incident.serviceId, title: 'random', severity: incident.severity, state: 'resolved', phase: 'resolved',
        triggered_at: triggered, acknowledged_at: incident.acknowledgedAt, resolved_at: incident.resolvedAt, first_escalated_at: incident.firstEscalatedAt, alert_count: 1, last_alert_at: triggered,
        last_status_update_at: null, commander: null, scribe: null, source: 'manual', dedup_key: null, open_dedup: null, links: '[]', details: '{}',
      });
      // Bursts of pages seconds apart, so that windows coalesce and chain.
      for (let p = 0; p < 1 + Math.floor(random() * 4); p++) {
        const user = users[Math.floor(random() * users.length)]!;
        const page: MetricPage = { userId: user.id, zone: user.zone, channel: (['in-app', 'sms', 'voice', 'email', 'webhook'] as const)[Math.floor(random() * 5)]!, at: epochMs(triggered + Math.floor(random() * 150_000)) };
        pages.push(page);
        await t.handle.db.insertInto('pages').values({
          id: `${incident.id}-${p}`, page_key: `${incident.id}-${p}`, incident_id: incident.id, user_id: page.userId, channel: page.channel, contact_method_id: null, address: null, level: 1,
          status: 'sent', provider_id: null, error: null, ack_code: null, bundled_into: null, local_hour: 0, zone: page.zone, created_at: page.at, sent_at: page.at,
        }).execute();
      }
      await announce(incident.id);
    }
    for (const [zone, bucket, groupBy] of [['America/New_York', 'week', 'severity'], ['Asia/Kolkata', 'month', 'service'], ['Australia/Lord_Howe', 'week', 'team']] as const) {
      const range = { from: epochMs(from + 3 * 24 * 60 * MIN + 17_000), to: epochMs(from + span - 5 * 24 * 60 * MIN) };
      const dto = await metrics({ from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), zone, bucket, groupBy });
      const expected = incidentMetrics(incidents, { ...range, size: bucket, zone }, groupBy);
      const iso = (b: { start: number; end: number }) => ({ start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString() });
      expect(dto.buckets).toEqual(expected.buckets.map((b) => ({ ...b, ...iso(b) })));
      expect(dto.total).toEqual(expected.total);
      expect(dto.groups.map(({ key, buckets, total }) => ({ key, buckets, total }))).toEqual(expected.groups.map((g) => ({ key: g.key, buckets: g.buckets.map((b) => ({ ...b, ...iso(b) })), total: g.total })));
      const counted = interruptionsByPerson(pages.filter((page) => page.at >= range.from - 60_000 && page.at < range.to), range);
      expect(dto.interruptions.map(({ name: _name, timeZone: _zone, ...row }) => row)).toEqual(counted);
      expect(counted.reduce((sum, row) => sum + row.total, 0)).toBeGreaterThan(100);
    }
  });

  it('reads what the incident paths write: declared, acknowledged 3 minutes later, resolved after 12', async () => {
    const service = await createService(t, 'Declared');
    const window = (triggeredAt: number) => `from=${new Date(triggeredAt - 60 * MIN).toISOString()}&to=${new Date(triggeredAt + 60 * MIN).toISOString()}&zone=Europe/Berlin`;
    // Asked once before, so the answer after the changes comes from catching up with the event log, not from a first load.
    expect((await t.api({ method: 'GET', url: `/api/v1/metrics?${window(t.clock.now())}` })).json<MetricsDto>().total.count).toBe(0);
    const declared = (await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId: service.id, title: 'Checkout errors', severity: 'P2' } })).json<{ id: string; triggeredAt: string }>();
    t.clock.advance(3 * MIN);
    expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${declared.id}/acknowledge`, payload: {} })).statusCode).toBe(200);
    t.clock.advance(9 * MIN);
    expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${declared.id}/resolve`, payload: {} })).statusCode).toBe(200);
    const response = await t.api({ method: 'GET', url: `/api/v1/metrics?${window(Date.parse(declared.triggeredAt))}` });
    expect(response.statusCode).toBe(200);
    expect(metricsSchema.parse(response.json()).total).toEqual({ count: 1, mtta: spread(1, 3, 3), mttr: spread(1, 12, 12), escalation: spread(0, null, null) });
    t.clock.advance(MIN);
    const second = (await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId: service.id, title: 'Checkout errors again', severity: 'P3' } })).json<{ id: string }>();
    t.clock.advance(MIN);
    await t.api({ method: 'POST', url: `/api/v1/incidents/${second.id}/acknowledge`, payload: {} });
    const after = (await t.api({ method: 'GET', url: `/api/v1/metrics?${window(Date.parse(declared.triggeredAt))}&groupBy=severity` })).json<MetricsDto>();
    expect(after.total).toMatchObject({ count: 2, mtta: spread(2, 2, 2.8), mttr: spread(1, 12, 12) });
    expect(after.groups.map((group) => group.key)).toEqual(['P2', 'P3']);
  });

  it('answers a repeated query again from what changed: a new event, a renamed service', async () => {
    const query = { ...RANGE, zone: 'America/New_York', groupBy: 'service' };
    const first = await metrics(query);
    expect(await metrics(query)).toEqual(first);
    await t.handle.db.updateTable('services').set({ name: 'Checkout v2' }).where('id', '=', ids.checkout).execute();
    expect((await metrics(query)).groups.find((group) => group.key === ids.checkout)!.name).toBe('Checkout v2');
    const p3 = { ...RANGE, zone: 'America/New_York', severity: 'P3' };
    expect((await metrics(p3)).total.count).toBe(1);
    await t.handle.db.updateTable('incidents').set({ severity: 'P3' }).where('id', '=', 'INC-1999-0001').execute();
    await announce('INC-1999-0001');
    expect((await metrics(p3)).total.count).toBe(2);
    expect((await metrics(query)).interruptions).toEqual([]);
    await t.handle.db.insertInto('pages').values({
      id: 'page-late', page_key: 'page-late', incident_id: 'INC-1999-0001', user_id: t.admin.id, channel: 'sms', contact_method_id: null, address: null, level: 1, status: 'sent',
      provider_id: null, error: null, ack_code: null, bundled_into: null, local_hour: 0, zone: 'Europe/Berlin', created_at: at('2026-03-03T12:00:00Z'), sent_at: at('2026-03-03T12:00:00Z'),
    }).execute();
    await announce('INC-1999-0001');
    expect((await metrics(query)).interruptions.map((row) => [row.userId, row.total])).toEqual([[t.admin.id, 1]]);
  });

  it('fills in the first escalation of incidents stored without it from their escalation events (migration 0008)', async () => {
    // D (INC-1999-0004) has no stamp; its events escalate to level 1 at once, a damaged row, then level 2 and 3.
    await t.handle.db.updateTable('incidents').set({ first_escalated_at: null }).where('id', '=', 'INC-1999-0004').execute();
    const triggered = at('2026-03-09T03:30:00Z');
    const event = (minutes: number, data: string) =>
      eventsRepository.append(t.handle.db, { at: triggered + minutes * MIN, kind: 'escalation.escalated', incident_id: 'INC-1999-0004', service_id: ids.payments, actor_type: 'system', actor_name: 'Firewatch', data });
    await event(0, JSON.stringify({ level: 1, pass: 0, round: 0, reason: 'triggered' }));
    await event(3, '{not json');
    await event(7, JSON.stringify({ level: 2, pass: 0, round: 0, reason: 'timeout' }));
    await event(12, JSON.stringify({ level: 3, pass: 0, round: 0, reason: 'timeout' }));
    // B keeps the stamp it has even though an event says otherwise.
    await eventsRepository.append(t.handle.db, { at: at('2026-03-04T14:01:00Z'), kind: 'escalation.escalated', incident_id: 'INC-1999-0002', service_id: ids.checkout, actor_type: 'system', actor_name: 'Firewatch', data: JSON.stringify({ level: 2, pass: 0, round: 0, reason: 'manual' }) });
    await backfillFirstEscalatedAt(t.handle.db as unknown as Kysely<unknown>);
    const stamps = await t.handle.db.selectFrom('incidents').select(['id', 'first_escalated_at']).where('id', 'in', ['INC-1999-0002', 'INC-1999-0004', 'INC-1999-0005']).orderBy('id').execute();
    expect(stamps.map((row) => [row.id, row.first_escalated_at === null ? null : Number(row.first_escalated_at)])).toEqual([
      ['INC-1999-0002', at('2026-03-04T14:05:00Z')],
      ['INC-1999-0004', triggered + 7 * MIN],
      ['INC-1999-0005', null],
    ]);
  });

  it('is readable by every signed-in role and by nobody else', async () => {
    const viewer = await t.person('viewer');
    expect((await get({ ...RANGE, zone: 'UTC' }, '/api/v1/metrics', viewer.cookie)).statusCode).toBe(200);
    expect((await get({ ...RANGE, zone: 'UTC' }, '/api/v1/metrics.csv', viewer.cookie)).statusCode).toBe(200);
    expect((await get({ ...RANGE, zone: 'UTC' }, '/api/v1/metrics', '')).statusCode).toBe(401);
    expect((await get({ ...RANGE, zone: 'UTC' }, '/api/v1/metrics.csv', '')).statusCode).toBe(401);
  });

  it('refuses every bad query with a 400 naming the parameter, and stores nothing', async () => {
    const before = await countRows(t.handle);
    const ok = { ...RANGE, zone: 'America/New_York' };
    const cases: Array<[string, string, string]> = [
      ['/api/v1/metrics', `to=${RANGE.to}&zone=UTC`, 'from'],
      ['/api/v1/metrics', `from=yesterday&to=${RANGE.to}&zone=UTC`, 'from'],
      ['/api/v1/metrics', `from=2026-03-02T05:00:00+01:00&to=${RANGE.to}&zone=UTC`, 'from'],
      ['/api/v1/metrics', `from=${RANGE.to}&to=${RANGE.from}&zone=UTC`, 'to'],
      ['/api/v1/metrics', `from=${RANGE.from}&to=${RANGE.from}&zone=UTC`, 'to'],
      ['/api/v1/metrics', `from=2022-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&zone=UTC`, 'from'],
      ['/api/v1/metrics', `from=${RANGE.from}&to=${RANGE.to}`, 'zone'],
      ['/api/v1/metrics', `from=${RANGE.from}&to=${RANGE.to}&zone=%2B02:00`, 'zone'],
      ['/api/v1/metrics', `from=${RANGE.from}&to=${RANGE.to}&zone=Mars/Olympus`, 'zone'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&bucket=day`, 'bucket'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&groupBy=person`, 'groupBy'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&severity=P9`, 'severity'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&serviceId=`, 'serviceId'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&compareFrom=2026-02-16T05:00:00Z`, 'compareTo'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&compareTo=2026-03-01T05:00:00Z`, 'compareFrom'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&compareFrom=2026-03-01T05:00:00Z&compareTo=2026-02-16T05:00:00Z`, 'compareTo'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&compareFrom=2020-01-01T00:00:00Z&compareTo=2026-01-01T00:00:00Z`, 'compareFrom'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&teamid=x`, 'teamid'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&view=interruptions`, 'view'],
      ['/api/v1/metrics', `${new URLSearchParams(ok).toString()}&from=${RANGE.from}`, 'from'],
      ['/api/v1/metrics.csv', `${new URLSearchParams(ok).toString()}&view=pdf`, 'view'],
      ['/api/v1/metrics.csv', `from=${RANGE.to}&to=${RANGE.from}&zone=UTC`, 'to'],
      ['/api/v1/metrics.csv', `${new URLSearchParams(ok).toString()}&format=xlsx`, 'format'],
    ];
    for (const [url, query, field] of cases) {
      const response = await t.api({ method: 'GET', url: `${url}?${query}` });
      const body = response.json<{ error: { code: string; fields: Array<{ field: string; problem: string }> } }>();
      expect({ query, status: response.statusCode, code: body.error.code, field: body.error.fields[0]?.field }).toEqual({ query, status: 400, code: 'invalid_request', field });
    }
    expect(await countRows(t.handle)).toEqual(before);
  });
});

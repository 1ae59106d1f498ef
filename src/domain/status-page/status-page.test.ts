import { describe, expect, it } from 'vitest';
import { epochMs, HOUR_MS, MINUTE_MS } from '../time/instant';
import { impactOf, pageStatus, worstStatus } from './components';
import { nextPublicUpdateDue, publicCadenceState } from './cadence';
import { draftPublicMessage, draftPublicTitle } from './templates';
import { overallUptime, uptimeDays } from './uptime';

const at = (iso: string) => epochMs(Date.parse(iso));

describe('the page status customers see first', () => {
  it('is operational when every component is and nothing is open', () => {
    expect(pageStatus({ componentStatuses: ['operational', 'operational'], openIncidentImpacts: [] })).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });
  it('takes the worst component state', () => {
    expect(pageStatus({ componentStatuses: ['operational', 'partial_outage', 'degraded_performance'], openIncidentImpacts: [] }).indicator).toBe('major');
    expect(pageStatus({ componentStatuses: ['major_outage'], openIncidentImpacts: [] }).description).toBe('Major System Outage');
  });
  it('counts an open incident whose components are all back as its own impact', () => {
    expect(pageStatus({ componentStatuses: ['operational'], openIncidentImpacts: ['minor'] })).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
  });
  it('says maintenance, not outage, when only maintenance is going on', () => {
    expect(pageStatus({ componentStatuses: ['under_maintenance', 'operational'], openIncidentImpacts: [] })).toEqual({ indicator: 'none', description: 'Service Under Maintenance' });
  });
  it('ranks any degradation above maintenance', () => {
    expect(worstStatus(['under_maintenance', 'degraded_performance'])).toBe('degraded_performance');
    expect(impactOf(['under_maintenance'])).toBe('none');
  });
});

describe('drafts of public wording', () => {
  it('names the affected components only', () => {
    expect(draftPublicTitle([{ name: 'Checkout', status: 'partial_outage' }, { name: 'Search', status: 'operational' }])).toBe('Partial outage of Checkout');
    expect(draftPublicTitle([{ name: 'Checkout', status: 'degraded_performance' }, { name: 'Payments API', status: 'degraded_performance' }])).toBe('Degraded performance of Checkout and Payments API');
  });
  it('has a first message for every phase', () => {
    for (const phase of ['investigating', 'identified', 'monitoring', 'resolved'] as const) expect(draftPublicMessage(phase, ['Checkout'])).toContain('Checkout');
    expect(draftPublicMessage('resolved', ['Checkout', 'Search'])).toMatch(/^Checkout and Search are working normally/);
  });
});

describe('the public update cadence', () => {
  const last = at('2026-03-18T15:00:00Z');
  it('promises the next update 30 min after the last on a P1 and 60 on a P2', () => {
    expect(nextPublicUpdateDue({ lastUpdateAt: last, severity: 'P1', resolved: false })).toBe(last + 30 * MINUTE_MS);
    expect(nextPublicUpdateDue({ lastUpdateAt: last, severity: 'P2', resolved: false })).toBe(last + 60 * MINUTE_MS);
    expect(nextPublicUpdateDue({ lastUpdateAt: last, severity: 'P1', resolved: true })).toBeNull();
  });
  it('nudges the scribe first, then the commander half a cadence later', () => {
    const dueAt = epochMs(last + 30 * MINUTE_MS);
    const cadenceMs = 30 * MINUTE_MS;
    expect(publicCadenceState({ dueAt, now: dueAt, cadenceMs, hasScribe: true })).toBe('on-time');
    expect(publicCadenceState({ dueAt, now: epochMs(dueAt + 1), cadenceMs, hasScribe: true })).toBe('overdue-scribe');
    expect(publicCadenceState({ dueAt, now: epochMs(dueAt + 15 * MINUTE_MS + 1), cadenceMs, hasScribe: true })).toBe('overdue-commander');
    expect(publicCadenceState({ dueAt, now: epochMs(dueAt + 1), cadenceMs, hasScribe: false })).toBe('overdue-commander');
  });
});

describe('uptime bars', () => {
  it('counts days in the page zone, with a 23-hour day at the DST change', () => {
    const zone = 'America/New_York';
    const created = at('2026-03-07T05:00:00Z');
    const outageStart = at('2026-03-08T12:00:00Z');
    const spans = [
      { status: 'operational' as const, from: created, to: outageStart },
      { status: 'major_outage' as const, from: outageStart, to: epochMs(outageStart + 138 * MINUTE_MS) },
      { status: 'operational' as const, from: epochMs(outageStart + 138 * MINUTE_MS), to: null },
    ];
    const days = uptimeDays({ spans, now: at('2026-03-09T16:00:00Z'), zone, days: 4 });
    expect(days.map((d) => d.date)).toEqual(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']);
    expect(days[0]!.uptime).toBeNull();
    expect(days[1]!.uptime).toBe(1);
    expect(days[2]!.uptime).toBeCloseTo(1 - 2.3 / 23, 10);
    expect(days[2]!.worst).toBe('major_outage');
    expect(days[2]!.outageMs).toBe(138 * MINUTE_MS);
  });
  it('weighs a partial outage at 30 % and ignores degraded performance', () => {
    const from = at('2026-03-01T00:00:00Z');
    const spans = [
      { status: 'partial_outage' as const, from, to: epochMs(from + 10 * HOUR_MS) },
      { status: 'degraded_performance' as const, from: epochMs(from + 10 * HOUR_MS), to: epochMs(from + 20 * HOUR_MS) },
    ];
    expect(overallUptime({ spans, from, now: epochMs(from + 20 * HOUR_MS) })).toBeCloseTo(1 - 3 / 20, 10);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs } from '../time/instant';
import { canAcknowledge, canResolve, compareForDashboard, formatIncidentId, parseIncidentId, updateCadenceStatus } from './lifecycle';

describe('incident ids', () => {
  it('formats INC-YYYY-NNNN, keeping every digit past 9999', () => {
    expect(formatIncidentId({ year: 2026, number: 42 })).toBe('INC-2026-0042');
    expect(formatIncidentId({ year: 2026, number: 12345 })).toBe('INC-2026-12345');
  });

  it('parses what it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 9999 }), fc.integer({ min: 1, max: 10_000_000 }), (year, number) => {
        expect(parseIncidentId(formatIncidentId({ year, number }))).toEqual({ year, number });
      }),
    );
    expect(parseIncidentId('INC-26-1')).toBeUndefined();
  });
});

describe('paging transitions', () => {
  it('acknowledges a triggered incident, ignores a second acknowledge, refuses a resolved one', () => {
    expect(canAcknowledge('triggered')).toEqual({ ok: true, changed: true });
    expect(canAcknowledge('acknowledged')).toEqual({ ok: true, changed: false });
    expect(canAcknowledge('resolved')).toMatchObject({ ok: false });
  });

  it('resolves from any open state; resolving twice changes nothing', () => {
    expect(canResolve('triggered')).toEqual({ ok: true, changed: true });
    expect(canResolve('acknowledged')).toEqual({ ok: true, changed: true });
    expect(canResolve('resolved')).toEqual({ ok: true, changed: false });
  });
});

describe('status update cadence', () => {
  const triggeredAt = epochMs(Date.parse('2026-03-21T02:30:00Z'));
  const at = (iso: string) => epochMs(Date.parse(iso));

  it('counts from the trigger until the first status update, and is overdue only past the cadence', () => {
    const base = { severity: 'P1' as const, state: 'acknowledged' as const, triggeredAt, lastStatusUpdateAt: null };
    expect(updateCadenceStatus({ ...base, now: at('2026-03-21T02:35:00Z') })).toMatchObject({ overdue: false, elapsedMs: 300_000, cadenceMs: 300_000 });
    expect(updateCadenceStatus({ ...base, now: at('2026-03-21T02:35:00.001Z') }).overdue).toBe(true);
  });

  it('restarts from the last status update and uses each severity\'s cadence', () => {
    const lastStatusUpdateAt = at('2026-03-21T03:00:00Z');
    const now = at('2026-03-21T03:20:00Z');
    const overdue = (severity: 'P1' | 'P2' | 'P3' | 'P4') => updateCadenceStatus({ severity, state: 'triggered', triggeredAt, lastStatusUpdateAt, now }).overdue;
    expect([overdue('P1'), overdue('P2'), overdue('P3'), overdue('P4')]).toEqual([true, true, false, false]);
  });

  it('never calls a resolved incident overdue, and never shows negative time', () => {
    expect(updateCadenceStatus({ severity: 'P1', state: 'resolved', triggeredAt, lastStatusUpdateAt: null, now: at('2026-03-22T00:00:00Z') }).overdue).toBe(false);
    expect(updateCadenceStatus({ severity: 'P1', state: 'triggered', triggeredAt, lastStatusUpdateAt: null, now: at('2026-03-21T02:29:00Z') }).elapsedMs).toBe(0);
  });
});

describe('dashboard order', () => {
  it('puts the most severe first, then the oldest, and is a total order', () => {
    const incidents = [
      { id: 'INC-2026-0003', severity: 'P3' as const, triggeredAt: 100 },
      { id: 'INC-2026-0002', severity: 'P1' as const, triggeredAt: 300 },
      { id: 'INC-2026-0001', severity: 'P1' as const, triggeredAt: 200 },
      { id: 'INC-2026-0004', severity: 'P3' as const, triggeredAt: 100 },
    ];
    expect([...incidents].sort(compareForDashboard).map((i) => i.id)).toEqual(['INC-2026-0001', 'INC-2026-0002', 'INC-2026-0003', 'INC-2026-0004']);
  });

  it('gives the same order whatever order the list arrives in', () => {
    const incident = fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), severity: fc.constantFrom('P1' as const, 'P2' as const, 'P3' as const, 'P4' as const), triggeredAt: fc.integer({ min: 0, max: 1000 }) });
    fc.assert(
      fc.property(fc.uniqueArray(incident, { selector: (i) => i.id, maxLength: 30 }), (list) => {
        const sorted = [...list].sort(compareForDashboard);
        const reversed = [...list].reverse().sort(compareForDashboard);
        expect(reversed).toEqual(sorted);
      }),
    );
  });
});

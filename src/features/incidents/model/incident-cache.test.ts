import { describe, expect, it } from 'vitest';
import { appendToTimeline, upsertIntoList } from './incident-cache';
import { makeEvent, makeIncident, minutesAgo } from '../../../testing/fixtures';

describe('incident list cache', () => {
  const p2 = makeIncident({ id: 'INC-2026-0001', severity: 'P2', triggeredAt: minutesAgo(30) });
  const p1 = makeIncident({ id: 'INC-2026-0002', severity: 'P1', triggeredAt: minutesAgo(5) });

  it('inserts a new open incident in dashboard order', () => {
    const p1Older = makeIncident({ id: 'INC-2026-0003', severity: 'P1', triggeredAt: minutesAgo(10) });
    expect(upsertIntoList([p1, p2], p1Older, { state: 'open' }).map((i) => i.id)).toEqual(['INC-2026-0003', 'INC-2026-0002', 'INC-2026-0001']);
  });

  it('re-sorts when severity changes and removes an incident once resolved', () => {
    const raised = { ...p2, severity: 'P1' as const };
    expect(upsertIntoList([p1, p2], raised, { state: 'open' }).map((i) => i.id)).toEqual(['INC-2026-0001', 'INC-2026-0002']);
    expect(upsertIntoList([p1, p2], { ...p1, state: 'resolved' }, { state: 'open' }).map((i) => i.id)).toEqual(['INC-2026-0001']);
  });

  it('adds a resolved incident to resolved lists, newest first, within the limit', () => {
    const resolved = { ...p1, state: 'resolved' as const };
    const older = makeIncident({ id: 'INC-2026-0009', state: 'resolved', triggeredAt: minutesAgo(300) });
    expect(upsertIntoList([older], resolved, { state: 'resolved', limit: 1 }).map((i) => i.id)).toEqual(['INC-2026-0002']);
  });

  it('respects service and severity filters', () => {
    expect(upsertIntoList([], p1, { state: 'open', severity: 'P2' })).toEqual([]);
    expect(upsertIntoList([p1], { ...p1, serviceId: 'other' }, { state: 'open', serviceId: p1.serviceId })).toEqual([]);
  });
});

describe('timeline cache', () => {
  it('appends each event once, in sequence order', () => {
    const a = makeEvent({ seq: 1, kind: 'incident.note' });
    const b = makeEvent({ seq: 2, kind: 'incident.note' });
    const c = makeEvent({ seq: 3, kind: 'incident.note' });
    expect(appendToTimeline(appendToTimeline([a, c], b), b).map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});

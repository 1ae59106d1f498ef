import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../contracts/live';
import { liveIncidentEvent, makeEvent, makeIncident } from '../../../testing/fixtures';
import { describePage, pagedTitle, ringingAfter } from './ringing-pages';

const incident = makeIncident({ id: 'INC-2026-0042', title: 'pool exhausted', severity: 'P1', serviceName: 'Checkout API' });
const page = (seq: number, userId = 'p-diego', channel: 'in-app' | 'email' = 'in-app', current = incident): LiveEvent =>
  liveIncidentEvent(seq, 'page.notified', current, { data: { userId, name: 'Diego Alvarez', channel, address: null, level: 1 } });

describe('which pages ring in a tab', () => {
  it('rings once per incident, keeping its place when the policy pages again', () => {
    const other = makeIncident({ id: 'INC-2026-0043', title: 'Card payments failing', severity: 'P2', serviceName: 'Payments' });
    let pages = ringingAfter([], page(1), 'p-diego');
    pages = ringingAfter(pages, page(2, 'p-diego', 'in-app', other), 'p-diego');
    pages = ringingAfter(pages, page(3, 'p-diego', 'in-app', { ...incident, severity: 'P2' }), 'p-diego');
    expect(pages.map((p) => [p.incidentId, p.severity])).toEqual([
      ['INC-2026-0042', 'P2'],
      ['INC-2026-0043', 'P2'],
    ]);
    expect(pagedTitle(pages)).toBe('🔔 PAGED — 2 incidents');
  });

  it('ignores pages to others, pages on other channels, and events of incidents that do not ring', () => {
    const none = ringingAfter([], page(1, 'p-marcus'), 'p-diego');
    expect(ringingAfter(none, page(2, 'p-diego', 'email'), 'p-diego')).toBe(none);
    const ringing = ringingAfter([], page(3), 'p-diego');
    const unrelated = liveIncidentEvent(4, 'incident.acknowledged', { ...makeIncident({ id: 'INC-2026-0099' }), state: 'acknowledged' });
    expect(ringingAfter(ringing, unrelated, 'p-diego')).toBe(ringing);
  });

  it('stops when any event shows the incident no longer triggered', () => {
    const ringing = ringingAfter([], page(1), 'p-diego');
    const note = liveIncidentEvent(2, 'incident.note', { ...incident, state: 'resolved' });
    expect(ringingAfter(ringing, note, 'p-diego')).toEqual([]);
  });

  it('describes a page whose event came without the incident by its id alone', () => {
    const bare = { ...makeEvent({ seq: 1, kind: 'page.notified', incidentId: 'INC-2026-0042', data: { userId: 'p-diego', name: 'Diego', channel: 'in-app', address: null, level: 1 } }) } as LiveEvent;
    const [only] = ringingAfter([], bare, 'p-diego');
    expect(describePage(only!)).toBe('INC-2026-0042');
    expect(describePage(ringingAfter([], page(2), 'p-diego')[0]!)).toBe('P1 INC-2026-0042 Checkout API — pool exhausted');
  });
});

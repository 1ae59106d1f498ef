import { describe, expect, it } from 'vitest';
import type { TimelineEventDto } from '../../../contracts/incidents';
import { describeEvent } from './timeline-sentences';
import { makeEvent } from '../../../testing/fixtures';

const priya = { type: 'person' as const, name: 'Priya Raman' };
const alertmanager = { type: 'integration' as const, name: 'Alertmanager' };

function sentence(kind: TimelineEventDto['kind'], data: Record<string, unknown> = {}, actor: TimelineEventDto['actor'] = priya) {
  return describeEvent(makeEvent({ seq: 1, kind, actor, data })).sentence;
}

describe('timeline sentences', () => {
  it.each([
    ['incident.acknowledged', {}, priya, 'Priya Raman acknowledged'],
    ['alert.firing', { count: 2 }, alertmanager, 'Alertmanager: 2 more alerts firing'],
    ['alert.firing', { count: 1 }, alertmanager, 'Alertmanager: 1 more alert firing'],
    ['alert.resolved', { count: 3 }, alertmanager, 'Alertmanager: 3 alerts resolved'],
    ['incident.triggered', { firing: 2 }, alertmanager, 'Alertmanager opened the incident: 2 alerts firing'],
    ['incident.declared', { severity: 'P2', commander: null }, priya, 'Priya Raman declared the incident as P2'],
    ['incident.severity_changed', { from: 'P3', to: 'P1' }, priya, 'Priya Raman changed severity P3 → P1'],
    ['incident.phase_changed', { from: 'identified', to: 'monitoring' }, priya, 'Priya Raman moved the phase Identified → Monitoring'],
    ['incident.role_changed', { role: 'scribe', from: null, to: 'Marcus Webb' }, priya, 'Priya Raman made Marcus Webb scribe'],
    ['incident.role_changed', { role: 'commander', from: 'Diego Alvarez', to: 'Priya Raman' }, priya, 'Priya Raman became incident commander (was Diego Alvarez)'],
    ['incident.role_changed', { role: 'scribe', from: 'Marcus Webb', to: null }, priya, 'Priya Raman removed Marcus Webb as scribe'],
    ['incident.title_changed', { from: 'a', to: 'Checkout down' }, priya, 'Priya Raman renamed the incident to “Checkout down”'],
    ['incident.resolved', {}, priya, 'Priya Raman resolved the incident'],
  ] as const)('%s %j reads "%s"', (kind, data, actor, expected) => {
    expect(sentence(kind, data, actor)).toBe(expected);
  });

  it('keeps the text of notes and status updates, and marks status updates apart', () => {
    const note = describeEvent(makeEvent({ seq: 1, kind: 'incident.note', actor: priya, data: { text: 'Pool at 497/500' } }));
    const update = describeEvent(makeEvent({ seq: 2, kind: 'incident.status_update', actor: priya, data: { text: 'Investigating', phase: 'investigating' } }));
    expect(note).toMatchObject({ sentence: 'Priya Raman added a note', text: 'Pool at 497/500', tone: 'note' });
    expect(update).toMatchObject({ sentence: 'Priya Raman posted a status update (Investigating)', text: 'Investigating', tone: 'status' });
  });

  it('lists alert summaries and says how many more there were', () => {
    const described = describeEvent(makeEvent({ seq: 1, kind: 'alert.firing', actor: alertmanager, data: { count: 7, alerts: ['a', 'b'], more: 5 } }));
    expect(described.items).toEqual(['a', 'b', '…and 5 more']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../contracts/common';
import type { EventKind, TimelineEventDto } from '../../../contracts/timeline-events';
import { timelineEventBodySchema } from '../../../contracts/timeline-events';
import { describeEvent } from './timeline-sentences';
import { makeEvent } from '../../../testing/fixtures';

const priya: Actor = { type: 'person', name: 'Priya Raman' };
const alertmanager: Actor = { type: 'integration', name: 'Alertmanager' };
const system: Actor = { type: 'system', name: 'Firewatch' };

/**
 * What each kind's sample (src/testing/timeline-event-samples.ts) reads as. The mapped type makes
 * a new kind of the union without an expected sentence a type error.
 */
const EXPECTED: { [K in EventKind]: { actor: Actor; sentence: string } } = {
  'incident.triggered': { actor: alertmanager, sentence: 'Alertmanager opened the incident: 2 alerts firing' },
  'incident.declared': { actor: priya, sentence: 'Priya Raman declared the incident as P2 with Priya Raman as incident commander' },
  'alert.firing': { actor: alertmanager, sentence: 'Alertmanager: 2 more alerts firing' },
  'alert.resolved': { actor: alertmanager, sentence: 'Alertmanager: 1 alert resolved' },
  'incident.acknowledged': { actor: priya, sentence: 'Priya Raman acknowledged by replying to an SMS' },
  'incident.resolved': { actor: priya, sentence: 'Priya Raman resolved the incident' },
  'incident.note': { actor: priya, sentence: 'Priya Raman added a note' },
  'incident.status_update': { actor: priya, sentence: 'Priya Raman posted a status update (Monitoring)' },
  'incident.severity_changed': { actor: priya, sentence: 'Priya Raman changed severity P3 → P1' },
  'incident.phase_changed': { actor: priya, sentence: 'Priya Raman moved the phase Identified → Monitoring' },
  'incident.role_changed': { actor: priya, sentence: 'Priya Raman made Marcus Webb scribe' },
  'incident.title_changed': { actor: priya, sentence: 'Priya Raman renamed the incident to “Checkout down”' },
  'service.created': { actor: priya, sentence: 'Priya Raman created the service “Checkout API”' },
  'service.renamed': { actor: priya, sentence: 'Priya Raman renamed the service “Checkout” to “Checkout API”' },
  'integration_key.created': { actor: priya, sentence: 'Priya Raman rotated the integration key' },
  'integration_key.revoked': { actor: priya, sentence: 'Priya Raman revoked an integration key' },
  'escalation.escalated': { actor: system, sentence: 'Not acknowledged in time: escalated to level 2 — late by 2 s' },
  'escalation.exhausted': { actor: system, sentence: 'Nobody acknowledged after 3 levels: escalation has run its course' },
  'escalation.not_started': { actor: system, sentence: 'Nobody was paged: the service is in a maintenance window' },
  'page.notified': { actor: system, sentence: 'Paged Diego Alvarez by SMS +1•••••0123' },
  'page.delivered': { actor: system, sentence: 'SMS to Diego Alvarez delivered' },
  'page.failed': { actor: system, sentence: 'Call to Diego Alvarez failed: Twilio answered 500 — trying again' },
  'page.bundled': { actor: system, sentence: 'SMS to Diego Alvarez held back (one per minute) and bundled with the next' },
  'page.skipped': { actor: system, sentence: 'Hannah Kim: in quiet hours 02:00–07:00 America/Los_Angeles — skipped, paging the next level now' },
  'page.quiet_hours_overridden': { actor: system, sentence: 'Marcus Webb is in quiet hours (23:00–07:00 America/New_York) but is the last level, which is always paged' },
  'maintenance.started': { actor: priya, sentence: 'Priya Raman started a maintenance window: pages are held' },
  'maintenance.ended': { actor: priya, sentence: 'Priya Raman ended the maintenance window early' },
  'escalation_policy.changed': { actor: priya, sentence: 'Priya Raman changed the escalation policy (3 levels)' },
  'runbook.run_started': { actor: priya, sentence: 'Priya Raman started the runbook “Database connection pool exhausted”' },
  'runbook.step_checked': { actor: priya, sentence: 'Priya Raman ticked “Check active connections on the primary” in Diagnosis (2/9)' },
  'runbook.section_started': { actor: priya, sentence: 'Priya Raman started Quick fix (time box 5 minutes)' },
  'runbook.time_box_overrun': { actor: system, sentence: 'Diagnosis ran over its time box of 2 minutes' },
  'runbook.command_copied': { actor: priya, sentence: 'Priya Raman copied `kubectl rollout restart deployment/checkout-api`' },
  'runbook.escalation_requested': { actor: priya, sentence: 'Priya Raman escalated to Database from the runbook' },
  'runbook.feedback': { actor: priya, sentence: 'Priya Raman said the runbook “Database connection pool exhausted” helped' },
  'postmortem.created': { actor: priya, sentence: 'Priya Raman started the post-mortem “Orders API: connection pool exhausted”' },
  'postmortem.status_changed': { actor: priya, sentence: 'Priya Raman published the post-mortem' },
  'postmortem.details_changed': { actor: priya, sentence: 'Priya Raman renamed the post-mortem “Orders API: pool exhausted by the nightly export”, made Mira Okafor owner of the post-mortem, moved the post-mortem’s follow-up review to 2026-12-15' },
  'postmortem.section_saved': { actor: priya, sentence: 'Priya Raman edited the post-mortem' },
  'action_item.changed': { actor: priya, sentence: 'Priya Raman created the action item “Alert on pool saturation”' },
  'status.published': { actor: priya, sentence: 'Priya Raman published “Partial outage of Checkout” to the status page (Investigating)' },
  'status.public_update': { actor: priya, sentence: 'Priya Raman posted a public update (Identified)' },
  'status.public_update_overdue': { actor: system, sentence: 'The public update is overdue: reminded Diego Alvarez (scribe)' },
  'status.component_changed': { actor: priya, sentence: 'Priya Raman set the status page component “Checkout” to partial outage' },
  'status.maintenance_changed': { actor: priya, sentence: 'Priya Raman scheduled the maintenance “Database upgrade”' },
  'chat.failed': { actor: system, sentence: 'The message to #incidents (slack) failed, retrying' },
  unrecognised: { actor: priya, sentence: 'Priya Raman: incident.escalated' },
};

describe('timeline sentences', () => {
  it.each(timelineEventBodySchema.options.map((option) => option.shape.kind.value))('every kind has its sentence: %s', (kind) => {
    const { actor, sentence } = EXPECTED[kind];
    expect(describeEvent(makeEvent({ seq: 1, kind, actor })).sentence).toBe(sentence);
  });

  it.each([
    [makeEvent({ seq: 1, kind: 'alert.firing', actor: alertmanager, data: { count: 1, alertCount: 2, alerts: [], more: 0 } }), 'Alertmanager: 1 more alert firing'],
    [makeEvent({ seq: 1, kind: 'incident.declared', data: { title: 't', severity: 'P2', commander: null } }), 'Priya Raman declared the incident as P2'],
    [makeEvent({ seq: 1, kind: 'incident.role_changed', data: { role: 'commander', from: 'Diego Alvarez', to: 'Priya Raman' } }), 'Priya Raman became incident commander (was Diego Alvarez)'],
    [makeEvent({ seq: 1, kind: 'incident.role_changed', data: { role: 'scribe', from: 'Marcus Webb', to: null } }), 'Priya Raman removed Marcus Webb as scribe'],
    [makeEvent({ seq: 1, kind: 'incident.role_changed', data: { role: 'scribe', from: null, to: null } }), 'Priya Raman removed the scribe'],
    [makeEvent({ seq: 1, kind: 'integration_key.created', data: { keyId: 'k' } }), 'Priya Raman created an integration key'],
    [makeEvent({ seq: 1, kind: 'integration_key.revoked', data: { keyId: 'k', replacedBy: 'k2' } }), 'Priya Raman retired the integration key that a rotation replaced'],
  ])('reads %j as "%s"', (event, expected) => {
    expect(describeEvent(event).sentence).toBe(expected);
  });

  it('keeps the text of notes and status updates, and marks status updates apart', () => {
    const note = describeEvent(makeEvent({ seq: 1, kind: 'incident.note', actor: priya, data: { text: 'Pool at 497/500' } }));
    const update = describeEvent(makeEvent({ seq: 2, kind: 'incident.status_update', actor: priya, data: { text: 'Investigating', phase: 'investigating' } }));
    expect(note).toMatchObject({ sentence: 'Priya Raman added a note', text: 'Pool at 497/500', tone: 'note' });
    expect(update).toMatchObject({ sentence: 'Priya Raman posted a status update (Investigating)', text: 'Investigating', tone: 'status' });
  });

  it('lists alert summaries and says how many more there were', () => {
    const described = describeEvent(makeEvent({ seq: 1, kind: 'alert.firing', actor: alertmanager, data: { count: 7, alertCount: 7, alerts: ['a', 'b'], more: 5 } }));
    expect(described.items).toEqual(['a', 'b', '…and 5 more']);
  });

  it('reads a kind newer than this bundle (from a newer server) as a plain sentence instead of failing', () => {
    const newer = { ...makeEvent({ seq: 1, kind: 'incident.acknowledged' }), kind: 'incident.escalated', data: { level: 2 } } as unknown as TimelineEventDto;
    expect(describeEvent(newer)).toEqual({ sentence: 'Priya Raman: incident.escalated', tone: 'change' });
  });
});

import type { EventDataOf, EventKind } from '../contracts/timeline-events';

/**
 * One realistic `data` per kind of the timeline union. The mapped type makes a new kind without
 * a sample a type error, and the tests that iterate over the union's options use these.
 */
export const EVENT_SAMPLES: { [K in EventKind]: EventDataOf<K> } = {
  'incident.triggered': {
    title: 'Checkout API: database connection pool exhausted',
    severity: 'P1',
    source: 'alertmanager',
    dedupKey: '{}:{alertname="PostgresConnectionsNearLimit"}',
    alertCount: 2,
    firing: 2,
    alerts: ['orders-db primary: 482 of 500 connections in use', 'checkout-api: p99 latency above 5 s'],
    more: 0,
  },
  'incident.declared': { title: 'Checkout is slow', severity: 'P2', commander: 'Priya Raman' },
  'alert.firing': { count: 2, alertCount: 3, alerts: ['checkout-api: p99 latency above 5 s'], more: 1 },
  'alert.resolved': { count: 1, alertCount: 3, alerts: ['orders-db primary: 482 of 500 connections in use'], more: 0 },
  'incident.acknowledged': { how: 'sms', by: 'user-diego' },
  'incident.resolved': { previousState: 'acknowledged', previousPhase: 'monitoring' },
  'incident.note': { text: 'Pool at 497/500', phase: 'investigating' },
  'incident.status_update': { text: 'Checkout works again; we are watching.', phase: 'monitoring' },
  'incident.severity_changed': { from: 'P3', to: 'P1' },
  'incident.phase_changed': { from: 'identified', to: 'monitoring' },
  'incident.role_changed': { role: 'scribe', from: null, to: 'Marcus Webb' },
  'incident.title_changed': { from: 'Checkout slow', to: 'Checkout down' },
  'service.created': { name: 'Checkout API' },
  'service.renamed': { from: 'Checkout', to: 'Checkout API' },
  'integration_key.created': { keyId: 'key-2', replaces: 'key-1' },
  'integration_key.revoked': { keyId: 'key-1' },
  'escalation.escalated': { level: 2, pass: 0, round: 0, reason: 'timeout', lateByMs: 1500 },
  'escalation.exhausted': { levels: 3, passes: 1 },
  'escalation.not_started': { reason: 'maintenance', until: '2026-12-01T04:00:00.000Z' },
  'page.notified': { userId: 'user-diego', name: 'Diego Alvarez', channel: 'sms', address: '+1•••••0123', level: 1 },
  'page.delivered': { userId: 'user-diego', name: 'Diego Alvarez', channel: 'sms', address: '+1•••••0123' },
  'page.failed': { userId: 'user-diego', name: 'Diego Alvarez', channel: 'voice', address: '+1•••••0123', error: 'Twilio answered 500', retrying: true },
  'page.bundled': { userId: 'user-diego', name: 'Diego Alvarez', channel: 'sms', sendAt: '2026-12-01T03:01:00.000Z' },
  'page.skipped': {
    userId: 'user-hannah',
    name: 'Hannah Kim',
    level: 1,
    reason: 'quiet-hours',
    detail: 'in quiet hours 02:00–07:00 America/Los_Angeles',
    until: null,
    escalatedAtOnce: true,
  },
  'page.quiet_hours_overridden': { userId: 'user-marcus', name: 'Marcus Webb', level: 3, why: 'last-level', detail: '23:00–07:00 America/New_York' },
  'maintenance.started': { windowId: 'mw-1', end: '2026-12-01T04:00:00.000Z', reason: 'Database upgrade' },
  'maintenance.ended': { windowId: 'mw-1', early: true },
  'escalation_policy.changed': { version: 2, levels: 3 },
  unrecognised: { storedKind: 'incident.escalated', stored: { level: 2 } },
};

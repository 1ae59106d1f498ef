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
  'incident.acknowledged': {},
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
  unrecognised: { storedKind: 'incident.escalated', stored: { level: 2 } },
};

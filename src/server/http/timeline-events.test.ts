import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveEventSchema } from '../../contracts/live';
import type { TimelineEventDto } from '../../contracts/timeline-events';
import { EVENT_KINDS, timelineEventSchema } from '../../contracts/timeline-events';
import { eventsRepository } from '../repositories/events-repository';
import { eventsAfter } from '../services/live-replay';
import { ENGINES, alertmanagerPayload, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('typed timeline events on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const timeline = async (id: string) => {
    const response = await t.api({ method: 'GET', url: `/api/v1/incidents/${id}/timeline` });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: unknown[] }>().items;
  };
  /** Everything in the log as a reconnecting client receives it, checked against the contract. */
  const replayed = async () => (await eventsAfter(t.handle, 0)).map((event) => liveEventSchema.parse(event));

  it('writes every kind of the union with the shape the contract gives it, on the timeline and in the replay', async () => {
    const service = await createService(t);
    await t.api({ method: 'PATCH', url: `/api/v1/services/${service.id}`, payload: { name: 'Checkout' } });
    const added = (await t.api({ method: 'POST', url: `/api/v1/services/${service.id}/integration-keys`, payload: {} })).json<{ integrationKeys: Array<{ id: string }> }>();
    await t.api({ method: 'POST', url: `/api/v1/services/${service.id}/integration-keys/${added.integrationKeys.at(-1)!.id}/rotate`, payload: {} });
    await t.api({ method: 'DELETE', url: `/api/v1/services/${service.id}/integration-keys/${service.keyId}` });
    const keys = (await t.api({ method: 'GET', url: `/api/v1/services/${service.id}` })).json<{ integrationKey: string }>();
    const alertmanager = (payload: object) => t.api({ method: 'POST', url: `/api/v1/integrations/${keys.integrationKey}/alertmanager`, payload });
    await alertmanager(alertmanagerPayload());
    await alertmanager(alertmanagerPayload({ alerts: [{ labels: { alertname: 'PostgresConnectionsNearLimit', instance: 'db-1' } }, { labels: { alertname: 'PostgresConnectionsNearLimit', instance: 'db-2' } }] }));
    await alertmanager(alertmanagerPayload({ alerts: [{ status: 'resolved', labels: { alertname: 'PostgresConnectionsNearLimit', instance: 'db-2' } }, { labels: { alertname: 'PostgresConnectionsNearLimit', instance: 'db-1' } }] }));
    const incident = 'INC-2026-0001';
    await t.api({ method: 'POST', url: `/api/v1/incidents/${incident}/acknowledge`, payload: {} });
    await t.api({ method: 'POST', url: `/api/v1/incidents/${incident}/notes`, payload: { text: 'Pool at 497/500' } });
    await t.api({ method: 'POST', url: `/api/v1/incidents/${incident}/notes`, payload: { text: 'Investigating', statusUpdate: true } });
    await t.api({ method: 'PATCH', url: `/api/v1/incidents/${incident}`, payload: { title: 'Checkout down', severity: 'P2', phase: 'identified', commander: 'Priya Raman', scribe: 'Marcus Webb' } });
    await t.api({ method: 'POST', url: `/api/v1/incidents/${incident}/resolve`, payload: {} });
    await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId: service.id, title: 'Declared by hand', severity: 'P3' } });
    const postmortem = (await t.api({ method: 'POST', url: `/api/v1/incidents/${incident}/postmortem`, payload: {} })).json<{ id: string }>();
    await t.api({ method: 'PUT', url: `/api/v1/postmortems/${postmortem.id}/sections/root-cause`, payload: { body: 'The pool limit.', version: 0 } });
    await t.api({ method: 'PATCH', url: `/api/v1/postmortems/${postmortem.id}`, payload: { title: 'Checkout: the pool ran out' } });
    await t.api({ method: 'POST', url: `/api/v1/postmortems/${postmortem.id}/status`, payload: { status: 'in_review' } });
    await t.api({ method: 'POST', url: `/api/v1/postmortems/${postmortem.id}/action-items`, payload: { title: 'Alert on the pool', ownerId: t.admin.id } });
    const component = (await t.api({ method: 'POST', url: '/api/v1/status/components', payload: { name: 'Checkout', serviceIds: [service.id] } })).json<{ id: string }>();
    await t.api({ method: 'POST', url: `/api/v1/incidents/${incident}/public`, payload: { title: 'Checkout errors', message: 'Looking.', components: [{ componentId: component.id, status: 'partial_outage' }] } });
    await t.api({ method: 'POST', url: `/api/v1/incidents/${incident}/public/updates`, payload: { phase: 'resolved', message: 'Fixed.' } });
    const window = { scheduledFor: new Date(t.clock.now() + 86_400_000).toISOString(), scheduledUntil: new Date(t.clock.now() + 90_000_000).toISOString() };
    await t.api({ method: 'POST', url: '/api/v1/status/maintenances', payload: { title: 'Upgrade', body: 'Short pauses.', componentIds: [component.id], ...window } });
    // A P3's public update is due 120 minutes after it was published; with no scribe the commander is nudged then.
    await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0002/public', payload: { title: 'Slow pages', message: 'Looking.', components: [{ componentId: component.id, status: 'degraded_performance' }] } });
    await t.clock.advanceBy(120 * 60_000 + 1000);

    const onTimeline = [...(await timeline(incident)), ...(await timeline('INC-2026-0002'))].map((event) => timelineEventSchema.parse(event));
    const live = await replayed();
    for (const events of [onTimeline, live] as TimelineEventDto[][]) expect(events.filter((event) => event.kind === 'unrecognised')).toEqual([]);
    // Paging's kinds are written by the escalation runner and checked the same way in engine/paging-events.test.ts;
    // the runbook kinds by the runbook tests, chat.failed (the outbox's record of a failed chat send) in chat-mirrors.test.ts.
    const pagingKinds = (kind: string) => /^(page|escalation|maintenance|escalation_policy|runbook|chat)\./.test(kind);
    expect(new Set(live.map((event) => event.kind).filter((kind) => !pagingKinds(kind)))).toEqual(new Set(EVENT_KINDS.filter((kind) => kind !== 'unrecognised' && !pagingKinds(kind))));
  });

  it('writes the demo organisation’s scripted events with the contract’s shapes', async () => {
    expect((await t.api({ method: 'POST', url: '/api/v1/setup/demo', payload: {} })).statusCode).toBe(201);
    const live = await replayed();
    expect(live.length).toBeGreaterThan(10);
    expect(live.filter((event) => event.kind === 'unrecognised')).toEqual([]);
  });

  it('answers a stored row it cannot read (a newer kind, damaged data) as unrecognised instead of failing the timeline', async () => {
    const service = await createService(t);
    await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId: service.id, title: 'Checkout errors', severity: 'P2' } });
    const row = { at: Date.parse('2026-03-21T02:31:00.000Z'), incident_id: 'INC-2026-0001', service_id: service.id, actor_type: 'system', actor_name: 'Firewatch' };
    await eventsRepository.append(t.handle.db, { ...row, kind: 'incident.escalated', data: JSON.stringify({ level: 2 }) });
    await eventsRepository.append(t.handle.db, { ...row, kind: 'incident.severity_changed', data: JSON.stringify({ from: 'P3' }) });
    await eventsRepository.append(t.handle.db, { ...row, kind: 'incident.note', data: '{not json' });

    const items = (await timeline('INC-2026-0001')).map((event) => timelineEventSchema.parse(event));
    expect(items.map((event) => event.kind)).toEqual(['incident.declared', 'escalation.not_started', 'unrecognised', 'unrecognised', 'unrecognised']);
    expect(items.slice(2).map((event) => event.data)).toEqual([
      { storedKind: 'incident.escalated', stored: { level: 2 } },
      { storedKind: 'incident.severity_changed', stored: { from: 'P3' } },
      { storedKind: 'incident.note', stored: '{not json' },
    ]);
    expect((await replayed()).filter((event) => event.kind === 'unrecognised')).toHaveLength(3);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, alertmanagerPayload, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('Alertmanager webhook on %s', (engine) => {
  let t: TestApp;
  let key: string;
  beforeEach(async () => {
    t = await createTestApp(engine);
    ({ key } = await createService(t));
  });
  afterEach(async () => t.close());

  const post = (payload: unknown, secret = key, headers: Record<string, string> = {}) =>
    t.api({ method: 'POST', url: `/api/v1/integrations/${secret}/alertmanager`, payload: payload as object, headers });
  const openIncidents = async () =>
    (await t.api({ method: 'GET', url: '/api/v1/incidents?state=open' })).json<{ items: Array<Record<string, unknown>> }>().items;

  it('opens one incident for a firing group, with the group summary as its title', async () => {
    const response = await post(alertmanagerPayload({ commonAnnotations: { summary: 'Orders database: connection pool exhausted' }, commonLabels: { alertname: 'X', severity: 'critical' } }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'accepted', incidentId: 'INC-2026-0001' });
    const [incident] = await openIncidents();
    expect(incident).toMatchObject({ id: 'INC-2026-0001', title: 'Orders database: connection pool exhausted', severity: 'P1', state: 'triggered', phase: 'investigating', alertCount: 1, source: 'alertmanager' });
  });

  it('updates the same incident when the group is notified again, counting new alerts and never opening a second', async () => {
    await post(alertmanagerPayload());
    t.clock.advance(60_000);
    const again = await post(
      alertmanagerPayload({
        alerts: [
          { labels: { alertname: 'PostgresConnectionsNearLimit', instance: 'db-1', severity: 'critical' } },
          { labels: { alertname: 'PostgresConnectionsNearLimit', instance: 'db-2', severity: 'critical' } },
          { labels: { alertname: 'PostgresConnectionsNearLimit', instance: 'db-3', severity: 'critical' } },
        ],
      }),
    );
    expect(again.json()).toMatchObject({ incidentId: 'INC-2026-0001' });
    const incidents = await openIncidents();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ alertCount: 3, lastAlertAt: '2026-03-21T02:31:00.000Z' });
    const timeline = (await t.api({ method: 'GET', url: '/api/v1/incidents/INC-2026-0001/timeline' })).json<{ items: Array<{ kind: string; data: Record<string, unknown> }> }>().items;
    // The service has no escalation policy: the timeline says nobody was paged.
    expect(timeline.map((e) => e.kind)).toEqual(['incident.triggered', 'escalation.not_started', 'alert.firing']);
    expect(timeline[2]!.data).toMatchObject({ count: 2, alertCount: 3 });
    const alerts = (await t.api({ method: 'GET', url: '/api/v1/incidents/INC-2026-0001/alerts' })).json<{ items: Array<{ labels: Record<string, string>; occurrences: number; status: string }> }>().items;
    expect(alerts.map((a) => [a.labels['instance'], a.occurrences, a.status]).sort()).toEqual([
      ['db-1', 2, 'firing'],
      ['db-2', 1, 'firing'],
      ['db-3', 1, 'firing'],
    ]);
  });

  it('collapses the duplicates an HA pair of Alertmanagers sends, even when they arrive at the same moment', async () => {
    const payload = alertmanagerPayload();
    const responses = await Promise.all([post(payload), post(payload), post(payload)]);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(responses.map((r) => r.json<{ incidentId: string }>().incidentId)).size).toBe(1);
    const rows = await countRows(t.handle);
    expect(rows.incidents).toBe(1);
    expect(rows.alerts).toBe(1);
    // One "triggered" and its "nobody was paged" (plus the service creation): the repeats add nothing.
    expect(rows.events).toBe(3);
  });

  it('resolves the incident when the group resolves, and a later firing opens a new one', async () => {
    await post(alertmanagerPayload());
    const resolved = await post(alertmanagerPayload({ status: 'resolved' }));
    expect(resolved.statusCode).toBe(200);
    expect(await openIncidents()).toHaveLength(0);
    const incident = (await t.api({ method: 'GET', url: '/api/v1/incidents/INC-2026-0001' })).json();
    expect(incident).toMatchObject({ state: 'resolved', phase: 'resolved', resolvedAt: '2026-03-21T02:30:00.000Z' });
    const reopened = await post(alertmanagerPayload());
    expect(reopened.json()).toMatchObject({ incidentId: 'INC-2026-0002' });
  });

  it('records alerts inside a firing group that resolve on their own', async () => {
    await post(alertmanagerPayload({ alerts: [{ labels: { alertname: 'A', instance: '1' } }, { labels: { alertname: 'A', instance: '2' } }] }));
    await post(alertmanagerPayload({ alerts: [{ labels: { alertname: 'A', instance: '1' } }, { status: 'resolved', labels: { alertname: 'A', instance: '2' } }] }));
    const timeline = (await t.api({ method: 'GET', url: '/api/v1/incidents/INC-2026-0001/timeline' })).json<{ items: Array<{ kind: string }> }>().items;
    expect(timeline.map((e) => e.kind)).toEqual(['incident.triggered', 'escalation.not_started', 'alert.resolved']);
    expect(await openIncidents()).toHaveLength(1);
  });

  it('maps labels.severity to P1–P4 and defaults to P3', async () => {
    const cases: Array<[string | undefined, string]> = [['critical', 'P1'], ['error', 'P2'], ['warning', 'P3'], ['info', 'P4'], [undefined, 'P3'], ['page-me', 'P3']];
    for (const [index, [label, expected]] of cases.entries()) {
      const labels: Record<string, string> = { alertname: `Case${index}` };
      if (label) labels['severity'] = label;
      const response = await post(alertmanagerPayload({ groupKey: `g${index}`, alerts: [{ labels }], commonLabels: labels }));
      const id = response.json<{ incidentId: string }>().incidentId;
      const incident = (await t.api({ method: 'GET', url: `/api/v1/incidents/${id}` })).json<{ severity: string }>();
      expect({ label, severity: incident.severity }).toEqual({ label, severity: expected });
    }
  });

  describe('refuses bad requests and stores nothing', () => {
    const expectNothingStored = async () => {
      const rows = await countRows(t.handle);
      expect({ incidents: rows.incidents, alerts: rows.alerts, events: rows.events }).toEqual({ incidents: 0, alerts: 0, events: 1 });
    };

    it('answers 404 without detail for an unknown key', async () => {
      const response = await post(alertmanagerPayload(), '0123456789abcdef0123456789abcdef');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: { code: 'not_found', message: 'Not found' } });
      await expectNothingStored();
    });

    it('answers 400 naming the problem for malformed JSON', async () => {
      const response = await t.api({ method: 'POST', url: `/api/v1/integrations/${key}/alertmanager`, payload: '{"version": "4",', headers: { 'content-type': 'application/json' } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_json' } });
      await expectNothingStored();
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await t.api({ method: 'POST', url: `/api/v1/integrations/${key}/alertmanager`, payload: 'version=4', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(response.statusCode).toBe(415);
      expect(response.json<{ error: { message: string } }>().error.message).toContain('application/json');
      await expectNothingStored();
    });

    it('answers 400 naming the field for a payload of another version or shape', async () => {
      const wrongVersion = await post({ ...alertmanagerPayload(), version: '3' });
      expect(wrongVersion.statusCode).toBe(400);
      expect(wrongVersion.json()).toMatchObject({ error: { fields: [{ field: 'version' }] } });
      const badAlert = await post({ ...alertmanagerPayload(), alerts: [{ status: 'burning', labels: {} }] });
      expect(badAlert.statusCode).toBe(400);
      expect(badAlert.json<{ error: { fields: Array<{ field: string }> } }>().error.fields[0]!.field).toBe('alerts[0].status');
      await expectNothingStored();
    });

    it('answers 413 for a payload over 512 KB', async () => {
      const huge = alertmanagerPayload({ commonAnnotations: { description: 'x'.repeat(600 * 1024) } });
      const response = await post(huge);
      expect(response.statusCode).toBe(413);
      await expectNothingStored();
    });
  });
});

describe.each(ENGINES)('Alertmanager webhook under overload on %s', (engine) => {
  it('answers 503 with Retry-After, which Alertmanager retries, and stores nothing', async () => {
    const t = await createTestApp(engine, { ingestQueueLimit: 0 });
    try {
      const { key } = await createService(t);
      const response = await t.api({ method: 'POST', url: `/api/v1/integrations/${key}/alertmanager`, payload: alertmanagerPayload() });
      expect(response.statusCode).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await countRows(t.handle)).incidents).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('answers 503 with Retry-After when one key sends faster than its rate', async () => {
    const t = await createTestApp(engine, { ingestRatePerKey: 1 });
    try {
      const { key } = await createService(t);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await t.api({ method: 'POST', url: `/api/v1/integrations/${key}/alertmanager`, payload: alertmanagerPayload() })).statusCode);
      }
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(statuses).toContain(503);
    } finally {
      await t.close();
    }
  });
});

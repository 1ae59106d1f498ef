import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('PagerDuty Events API v2 at /v2/enqueue on %s', (engine) => {
  let t: TestApp;
  let key: string;
  beforeEach(async () => {
    t = await createTestApp(engine);
    ({ key } = await createService(t));
  });
  afterEach(async () => t.close());

  const enqueue = (event: Record<string, unknown>) => t.api({ method: 'POST', url: '/v2/enqueue', payload: { routing_key: key, ...event } });
  const trigger = (extra: Record<string, unknown> = {}) =>
    enqueue({ event_action: 'trigger', payload: { summary: 'DB query timeout, 5000 failures/min', source: 'api-1', severity: 'critical' }, ...extra });
  const incident = async (id: string) => (await t.api({ method: 'GET', url: `/api/v1/incidents/${id}` })).json<Record<string, unknown>>();
  const all = async () => (await t.api({ method: 'GET', url: '/api/v1/incidents?state=all' })).json<{ items: Array<Record<string, unknown>> }>().items;

  it('accepts a trigger with 202, generating and returning a dedup key when it has none', async () => {
    const response = await trigger();
    expect(response.statusCode).toBe(202);
    const body = response.json<{ status: string; message: string; dedup_key: string }>();
    expect(body).toMatchObject({ status: 'success', message: 'Event processed' });
    expect(body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    const [created] = await all();
    expect(created).toMatchObject({ title: 'DB query timeout, 5000 failures/min', severity: 'P1', state: 'triggered', dedupKey: body.dedup_key, source: 'pagerduty' });
  });

  it('maps PagerDuty severities critical, error, warning and info to P1–P4', async () => {
    for (const [severity, expected] of [['critical', 'P1'], ['error', 'P2'], ['warning', 'P3'], ['info', 'P4']] as const) {
      await enqueue({ event_action: 'trigger', dedup_key: severity, payload: { summary: severity, source: 's', severity } });
      const found = (await all()).find((item) => item['dedupKey'] === severity);
      expect(found?.['severity']).toBe(expected);
    }
  });

  it('deduplicates triggers with the same dedup_key into one incident', async () => {
    await trigger({ dedup_key: 'db-timeout' });
    await trigger({ dedup_key: 'db-timeout' });
    const response = await trigger({ dedup_key: 'db-timeout' });
    expect(response.json()).toMatchObject({ dedup_key: 'db-timeout' });
    const items = await all();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ alertCount: 1 });
  });

  it('scopes dedup keys to the routing key: another service with the same key gets its own incident', async () => {
    const other = await createService(t, 'Payments');
    await trigger({ dedup_key: 'shared' });
    await t.api({ method: 'POST', url: '/v2/enqueue', payload: { routing_key: other.key, event_action: 'trigger', dedup_key: 'shared', payload: { summary: 'x', source: 's', severity: 'info' } } });
    expect(await all()).toHaveLength(2);
  });

  it('acknowledges and resolves by dedup key; after a resolve the same key opens a new incident', async () => {
    await trigger({ dedup_key: 'k1' });
    t.clock.advance(45_000);
    expect((await enqueue({ event_action: 'acknowledge', dedup_key: 'k1' })).statusCode).toBe(202);
    expect(await incident('INC-2026-0001')).toMatchObject({ state: 'acknowledged', acknowledgedAt: '2026-03-21T02:30:45.000Z' });
    t.clock.advance(6 * 60_000);
    expect((await enqueue({ event_action: 'resolve', dedup_key: 'k1' })).statusCode).toBe(202);
    expect(await incident('INC-2026-0001')).toMatchObject({ state: 'resolved', resolvedAt: '2026-03-21T02:36:45.000Z' });
    await trigger({ dedup_key: 'k1' });
    expect(await incident('INC-2026-0002')).toMatchObject({ state: 'triggered', dedupKey: 'k1' });
    const timeline = (await t.api({ method: 'GET', url: '/api/v1/incidents/INC-2026-0001/timeline' })).json<{ items: Array<{ kind: string; actor: { name: string } }> }>().items;
    expect(timeline.map((e) => e.kind)).toEqual(['incident.triggered', 'escalation.not_started', 'incident.acknowledged', 'incident.resolved']);
    expect(timeline[2]!.actor).toEqual({ type: 'integration', name: 'PagerDuty Events API' });
    expect(timeline[2]).toMatchObject({ data: { how: 'integration', by: null } });
  });

  it('changes nothing when acknowledging or resolving an unknown dedup key', async () => {
    const before = await countRows(t.handle);
    expect((await enqueue({ event_action: 'acknowledge', dedup_key: 'never-seen' })).statusCode).toBe(202);
    expect((await enqueue({ event_action: 'resolve', dedup_key: 'never-seen' })).statusCode).toBe(202);
    expect(await countRows(t.handle)).toEqual(before);
  });

  describe('refuses invalid events with 400 and PagerDuty-style errors, storing nothing', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['a summary over 1024 characters', { event_action: 'trigger', payload: { summary: 'x'.repeat(1025), source: 's', severity: 'info' } }, 'payload.summary'],
      ['a dedup_key over 255 characters', { event_action: 'trigger', dedup_key: 'k'.repeat(256), payload: { summary: 's', source: 's', severity: 'info' } }, 'dedup_key'],
      ['an unknown severity', { event_action: 'trigger', payload: { summary: 's', source: 's', severity: 'fatal' } }, 'payload.severity'],
      ['an unknown event_action', { event_action: 'page', payload: { summary: 's', source: 's', severity: 'info' } }, 'event_action'],
      ['a trigger without payload', { event_action: 'trigger' }, 'payload'],
      ['a resolve without dedup_key', { event_action: 'resolve' }, 'dedup_key'],
    ];
    it.each(cases)('%s', async (_name, event, field) => {
      const response = await enqueue(event);
      expect(response.statusCode).toBe(400);
      const body = response.json<{ status: string; message: string; errors: string[] }>();
      expect(body.status).toBe('invalid event');
      expect(body.errors.some((error) => error.startsWith(`'${field}'`))).toBe(true);
      expect((await countRows(t.handle)).incidents).toBe(0);
    });

    it('a missing routing_key', async () => {
      const response = await t.api({ method: 'POST', url: '/v2/enqueue', payload: { event_action: 'trigger', payload: { summary: 's', source: 's', severity: 'info' } } });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ errors: string[] }>().errors[0]).toContain('routing_key');
    });

    it('malformed JSON, in PagerDuty\'s error shape', async () => {
      const response = await t.api({ method: 'POST', url: '/v2/enqueue', payload: '{"routing_key":', headers: { 'content-type': 'application/json' } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: 'invalid event' });
    });
  });

  it('answers 404 without detail for an unknown or revoked routing key', async () => {
    const unknown = await t.api({ method: 'POST', url: '/v2/enqueue', payload: { routing_key: 'f'.repeat(32), event_action: 'trigger', payload: { summary: 's', source: 's', severity: 'info' } } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'not_found', message: 'Not found' } });
    expect((await countRows(t.handle)).incidents).toBe(0);
  });

  it('answers 413 for a payload over 512 KB and 415 for a non-JSON body', async () => {
    const big = await trigger({ payload: { summary: 's', source: 's', severity: 'info', custom_details: { blob: 'x'.repeat(530 * 1024) } } });
    expect(big.statusCode).toBe(413);
    const form = await t.api({ method: 'POST', url: '/v2/enqueue', payload: 'routing_key=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
    expect((await countRows(t.handle)).incidents).toBe(0);
  });

  it('stores a summary holding a NUL character instead of failing', async () => {
    const response = await t.api({
      method: 'POST',
      url: '/v2/enqueue',
      payload: `{"routing_key":"${key}","event_action":"trigger","payload":{"summary":"disk\\u0000 full","source":"s","severity":"info"}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(202);
    expect((await all())[0]).toMatchObject({ title: 'disk full' });
  });
});

describe.each(ENGINES)('PagerDuty route under overload on %s', (engine) => {
  it('answers 429 with Retry-After (PagerDuty clients retry on 429) and stores nothing', async () => {
    const t = await createTestApp(engine, { ingestQueueLimit: 0 });
    try {
      const { key } = await createService(t);
      const response = await t.api({ method: 'POST', url: '/v2/enqueue', payload: { routing_key: key, event_action: 'trigger', payload: { summary: 's', source: 's', severity: 'info' } } });
      expect(response.statusCode).toBe(429);
      expect(response.headers['retry-after']).toBeDefined();
      expect((await countRows(t.handle)).incidents).toBe(0);
    } finally {
      await t.close();
    }
  });
});

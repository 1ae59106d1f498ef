import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentSchema, maintenanceSchema, publicIncidentSchema } from '../../contracts/status-page';
import { DAY_MS } from '../../domain/time/instant';
import { DEMO_PEOPLE } from './demo-service';
import { DEMO_EARLIER_OUTAGE_TITLE } from './demo-postmortems';
import { ENGINES, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('the demo status page on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    expect((await t.api({ method: 'POST', url: '/api/v1/setup/demo', payload: {} })).statusCode).toBe(201);
  });
  afterEach(async () => t.close());

  it('has grouped components linked to the demo services, all operational now', async () => {
    const items = (await t.api({ method: 'GET', url: '/api/v1/status/components' })).json<{ items: unknown[] }>().items.map((c) => componentSchema.parse(c));
    expect(items.map((c) => [c.group, c.name, c.status])).toEqual([
      ['Account', 'Order history', 'operational'],
      ['Store', 'Checkout', 'operational'],
      ['Store', 'Payments', 'operational'],
      ['Store', 'Search', 'operational'],
    ]);
    expect(items.every((c) => c.serviceIds.length === 1)).toBe(true);
  });

  it('publishes the earlier checkout outage from investigating to resolved, with a summary linking its post-mortem, and nothing internal in the public rows', async () => {
    const incidents = (await t.api({ method: 'GET', url: '/api/v1/status/incidents' })).json<{ items: unknown[] }>().items.map((i) => publicIncidentSchema.parse(i));
    expect(incidents).toHaveLength(1);
    const [outage] = incidents;
    const internal = await t.handle.db.selectFrom('incidents').select(['id', 'title']).where('id', '=', outage!.incidentId!).executeTakeFirstOrThrow();
    expect(internal.title).toBe(DEMO_EARLIER_OUTAGE_TITLE);
    expect(outage!.updates.map((u) => u.phase)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(outage).toMatchObject({ phase: 'resolved', impact: 'major', nextUpdateDueAt: null, components: [{ name: 'Checkout', status: 'operational' }] });
    const postmortem = await t.handle.db.selectFrom('postmortems').select(['id', 'status']).where('incident_id', '=', internal.id).executeTakeFirstOrThrow();
    expect(postmortem.status).toBe('published');
    expect(outage!.summary).toMatchObject({ postmortemUrl: `http://localhost:8080/postmortems/${postmortem.id}` });
    expect(outage!.summary!.rootCause!.length).toBeGreaterThan(20);
    const publicRows = JSON.stringify([await t.handle.db.selectFrom('public_incidents').selectAll().execute(), await t.handle.db.selectFrom('public_updates').select(['body', 'components']).execute()]);
    for (const name of DEMO_PEOPLE.flatMap((p) => [p.name, p.name.split(' ')[0]!])) expect(publicRows).not.toContain(name);
    expect(publicRows).not.toContain('Checkout API');
    const timeline = (await t.api({ method: 'GET', url: `/api/v1/incidents/${internal.id}/timeline` })).json<{ items: Array<{ kind: string }> }>().items.map((e) => e.kind);
    expect(timeline.filter((k) => k.startsWith('status.'))).toEqual(['status.published', 'status.public_update', 'status.public_update', 'status.public_update']);
    const checkout = (await t.handle.db.selectFrom('status_components').select('id').where('name', '=', 'Checkout').executeTakeFirstOrThrow()).id;
    const spans = await t.handle.db.selectFrom('status_component_history').selectAll().where('component_id', '=', checkout).orderBy('from_at').execute();
    expect(spans.map((s) => s.status)).toEqual(['operational', 'partial_outage', 'degraded_performance', 'operational']);
    expect(spans.filter((s) => s.to_at === null)).toHaveLength(1);
  });

  it('schedules a maintenance next week', async () => {
    const items = (await t.api({ method: 'GET', url: '/api/v1/status/maintenances' })).json<{ items: unknown[] }>().items.map((m) => maintenanceSchema.parse(m));
    expect(items).toHaveLength(1);
    expect(items[0]!.status).toBe('scheduled');
    const ahead = Date.parse(items[0]!.scheduledFor) - t.clock.now();
    expect(ahead).toBeGreaterThanOrEqual(7 * DAY_MS);
    expect(ahead).toBeLessThan(8 * DAY_MS);
  });
});

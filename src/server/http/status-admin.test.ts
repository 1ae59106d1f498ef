import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentSchema, maintenanceSchema, publicDraftSchema, publicIncidentSchema } from '../../contracts/status-page';
import { ENGINES, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

type Person = { id: string; cookie: string; name: string };
const MINUTE = 60_000;

describe.each(ENGINES)('status page admin API on %s', (engine) => {
  let t: TestApp;
  let serviceId: string;
  let responder: Person;
  let viewer: Person;
  let manager: Person;

  beforeEach(async () => {
    t = await createTestApp(engine);
    serviceId = (await createService(t, 'Checkout API')).id;
    responder = await t.person('responder', { name: 'Diego Alvarez' });
    viewer = await t.person('viewer', { name: 'Vera Viewer' });
    manager = await t.person('manager', { name: 'Mona Manager' });
  });
  afterEach(async () => t.close());

  const as = (person?: Person) => (person ? { cookie: person.cookie } : {});
  const errorOf = (response: { json(): unknown }) => (response.json() as { error: { code: string; fields?: Array<{ field: string; problem: string }> } }).error;
  const fieldsOf = (response: { json(): unknown }) => (errorOf(response).fields ?? []).map((f) => f.field);
  const counts = async () => ({
    components: (await t.handle.db.selectFrom('status_components').select('id').execute()).length,
    history: (await t.handle.db.selectFrom('status_component_history').select('id').execute()).length,
    publicIncidents: (await t.handle.db.selectFrom('public_incidents').select(['id', 'version']).execute()).map((r) => `${r.id}:${r.version}`),
    updates: (await t.handle.db.selectFrom('public_updates').select('id').execute()).length,
    maintenances: (await t.handle.db.selectFrom('scheduled_maintenances').select('id').execute()).length,
    audit: (await t.handle.db.selectFrom('audit_log').select('seq').execute()).length,
    events: (await t.handle.db.selectFrom('events').select('seq').execute()).length,
  });
  const component = async (payload: object, person?: Person) => t.api({ method: 'POST', url: '/api/v1/status/components', payload, headers: as(person) });
  const created = async (payload: object) => {
    const response = await component(payload);
    expect(response.statusCode).toBe(201);
    return componentSchema.parse(response.json());
  };
  const declare = async (severity = 'P1') => {
    const response = await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'Checkout: pool exhausted on db-7 (secret-internal)', severity, serviceId } });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const publish = (incidentId: string, payload: object, person: Person | undefined = responder) => t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/public`, payload, headers: as(person) });
  const update = (incidentId: string, payload: object, person: Person | undefined = responder) => t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/public/updates`, payload, headers: as(person) });
  const spans = async (componentId: string) =>
    (await t.handle.db.selectFrom('status_component_history').selectAll().where('component_id', '=', componentId).orderBy('from_at').execute()).map((s) => ({ status: s.status, from: Number(s.from_at), to: s.to_at === null ? null : Number(s.to_at) }));
  const eventsOf = async (kind: string) => (await t.handle.db.selectFrom('events').selectAll().where('kind', '=', kind).orderBy('seq').execute()).map((e) => ({ incidentId: e.incident_id, data: JSON.parse(e.data) as Record<string, unknown> }));
  const auditOf = async (action: string) => t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  describe('components', () => {
    it('creates, lists in group order, edits and deletes, with the history spans and the audit', async () => {
      const checkout = await created({ name: 'Checkout', group: 'Shop', serviceIds: [serviceId], description: 'Paying for orders' });
      const search = await created({ name: 'Search', group: 'Shop' });
      expect(checkout).toMatchObject({ name: 'Checkout', group: 'Shop', position: 0, status: 'operational', serviceIds: [serviceId] });
      expect(search.position).toBe(1);
      const list = (await t.api({ method: 'GET', url: '/api/v1/status/components', headers: as(viewer) })).json<{ items: unknown[] }>();
      expect(list.items.map((c) => componentSchema.parse(c).name)).toEqual(['Checkout', 'Search']);

      const from = t.clock.now();
      await t.clock.set(new Date(from + 10 * MINUTE).toISOString());
      const patched = await t.api({ method: 'PATCH', url: `/api/v1/status/components/${checkout.id}`, payload: { status: 'partial_outage', position: 5 } });
      expect(patched.statusCode).toBe(200);
      expect(componentSchema.parse(patched.json())).toMatchObject({ status: 'partial_outage', position: 5 });
      expect(await spans(checkout.id)).toEqual([
        { status: 'operational', from, to: from + 10 * MINUTE },
        { status: 'partial_outage', from: from + 10 * MINUTE, to: null },
      ]);
      expect((await eventsOf('status.component_changed')).map((e) => e.data)).toContainEqual({ componentId: checkout.id, name: 'Checkout', from: 'operational', to: 'partial_outage' });
      expect(await auditOf('status.component_changed')).toHaveLength(1);
      expect(await auditOf('status.component_created')).toHaveLength(2);

      expect((await t.api({ method: 'DELETE', url: `/api/v1/status/components/${search.id}` })).statusCode).toBe(204);
      expect((await t.api({ method: 'DELETE', url: `/api/v1/status/components/${search.id}` })).statusCode).toBe(404);
      expect(await auditOf('status.component_deleted')).toHaveLength(1);
    });

    it('refuses a second component of the same name in any case (409) and bad input naming the field, storing nothing', async () => {
      await created({ name: 'Checkout' });
      const before = await counts();
      const clash = await component({ name: 'CHECKOUT' });
      expect(clash.statusCode).toBe(409);
      expect(fieldsOf(clash)).toEqual(['name']);
      for (const [payload, field] of [
        [{}, 'name'],
        [{ name: '  ' }, 'name'],
        [{ name: 'X', status: 'on_fire' }, 'status'],
        [{ name: 'X', serviceIds: ['nope'] }, 'serviceIds[0]'],
        [{ name: 'X', serviceIds: [serviceId, 'nope'] }, 'serviceIds[1]'],
        [{ name: 'X', position: -1 }, 'position'],
        [{ name: 'X', group: 7 }, 'group'],
      ] as const) {
        const response = await component(payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(fieldsOf(response)).toContain(field);
      }
      const id = (await t.handle.db.selectFrom('status_components').select('id').executeTakeFirstOrThrow()).id;
      for (const [payload, field] of [
        [{ status: 'nope' }, 'status'],
        [{ serviceIds: ['nope'] }, 'serviceIds[0]'],
        [{ name: '' }, 'name'],
      ] as const) {
        const response = await t.api({ method: 'PATCH', url: `/api/v1/status/components/${id}`, payload });
        expect(response.statusCode).toBe(400);
        expect(fieldsOf(response)).toContain(field);
      }
      expect(await counts()).toEqual(before);
      expect((await t.api({ method: 'PATCH', url: '/api/v1/status/components/missing', payload: { name: 'Y' } })).statusCode).toBe(404);
    });

    it('lets managers edit, not responders or viewers', async () => {
      expect((await component({ name: 'A' }, viewer)).statusCode).toBe(403);
      expect((await component({ name: 'A' }, responder)).statusCode).toBe(403);
      expect((await component({ name: 'A' }, manager)).statusCode).toBe(201);
      expect((await t.api({ method: 'GET', url: '/api/v1/status/subscribers/summary', headers: as(responder) })).statusCode).toBe(403);
      expect((await t.api({ method: 'GET', url: '/api/v1/status/subscribers/summary', headers: as(manager) })).json()).toEqual({ email: 0, webhook: 0 });
    });
  });

  describe('public incidents', () => {
    let checkoutId: string;
    let searchId: string;
    beforeEach(async () => {
      checkoutId = (await created({ name: 'Checkout', group: 'Shop', serviceIds: [serviceId] })).id;
      searchId = (await created({ name: 'Search', group: 'Shop' })).id;
    });

    it('drafts from the components of the incident service, never the internal title', async () => {
      const incidentId = await declare('P2');
      const response = await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/public/draft`, headers: as(viewer) });
      expect(response.statusCode).toBe(200);
      const draft = publicDraftSchema.parse(response.json());
      expect(draft.components).toEqual([{ componentId: checkoutId, name: 'Checkout', status: 'partial_outage' }]);
      expect(draft.title).toBe('Partial outage of Checkout');
      expect(draft.messages.identified).toContain('Checkout');
      expect(JSON.stringify(draft)).not.toContain('secret-internal');
      expect((await t.api({ method: 'GET', url: '/api/v1/incidents/INC-2000-0001/public/draft' })).statusCode).toBe(404);
    });

    it('publishes, updates through identified, monitoring and resolved, with cadence, impact, spans, timeline and audit', async () => {
      const incidentId = await declare('P1');
      expect((await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/public` })).statusCode).toBe(404);
      const start = t.clock.now();
      const published = await publish(incidentId, { title: 'Checkout is failing', message: 'We are looking into failed payments.', components: [{ componentId: checkoutId, status: 'major_outage' }] });
      expect(published.statusCode).toBe(201);
      const dto = publicIncidentSchema.parse(published.json());
      expect(dto).toMatchObject({ incidentId, title: 'Checkout is failing', phase: 'investigating', impact: 'critical', version: 1, resolvedAt: null });
      expect(Date.parse(dto.nextUpdateDueAt!)).toBe(start + 30 * MINUTE);
      expect(dto.updates).toHaveLength(1);
      expect(dto.updates[0]!.author).toBe('Diego Alvarez');
      expect(dto.components).toEqual([{ componentId: checkoutId, name: 'Checkout', status: 'major_outage' }]);
      expect((await eventsOf('status.published'))[0]).toEqual({ incidentId, data: { publicIncidentId: dto.id, title: 'Checkout is failing', phase: 'investigating', components: [{ name: 'Checkout', status: 'major_outage' }] } });
      expect(await auditOf('status.published')).toHaveLength(1);
      expect((await publish(incidentId, { title: 'Again', message: 'Again', components: [{ componentId: checkoutId, status: 'major_outage' }] })).statusCode).toBe(409);

      await t.clock.set(new Date(start + 20 * MINUTE).toISOString());
      const identified = await update(incidentId, { phase: 'identified', message: 'A database pool ran dry; we are adding capacity.', components: [{ componentId: checkoutId, status: 'partial_outage' }], version: 1 });
      expect(identified.statusCode).toBe(201);
      const afterIdentified = publicIncidentSchema.parse(identified.json());
      expect(afterIdentified).toMatchObject({ phase: 'identified', impact: 'major', version: 2 });
      expect(Date.parse(afterIdentified.nextUpdateDueAt!)).toBe(start + 50 * MINUTE);
      const stale = await update(incidentId, { phase: 'monitoring', message: 'Stale', version: 1 });
      expect(stale.statusCode).toBe(409);

      await t.clock.set(new Date(start + 40 * MINUTE).toISOString());
      expect((await update(incidentId, { phase: 'monitoring', message: 'The fix is out; we are watching.' })).statusCode).toBe(201);
      const noPostmortem = await update(incidentId, { phase: 'resolved', message: 'Done', linkPostmortem: true });
      expect(noPostmortem.statusCode).toBe(400);
      expect(fieldsOf(noPostmortem)).toEqual(['linkPostmortem']);
      const early = await update(incidentId, { phase: 'monitoring', message: 'x', summary: { rootCause: 'y' } });
      expect(early.statusCode).toBe(400);
      expect(fieldsOf(early)).toEqual(['summary']);

      await t.clock.set(new Date(start + 60 * MINUTE).toISOString());
      const resolved = await update(incidentId, { phase: 'resolved', message: 'Checkout works again.', summary: { rootCause: 'Pool too small', duration: '60 minutes' } });
      expect(resolved.statusCode).toBe(201);
      const final = publicIncidentSchema.parse(resolved.json());
      expect(final).toMatchObject({ phase: 'resolved', nextUpdateDueAt: null, summary: { rootCause: 'Pool too small', duration: '60 minutes' }, components: [{ componentId: checkoutId, status: 'operational' }] });
      expect(Date.parse(final.resolvedAt!)).toBe(start + 60 * MINUTE);
      expect(final.updates.map((u) => u.phase)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
      expect((await spans(checkoutId)).map((s) => [s.status, s.from - start, s.to === null ? null : s.to - start])).toEqual([
        ['operational', 0, 0],
        ['major_outage', 0, 20 * MINUTE],
        ['partial_outage', 20 * MINUTE, 60 * MINUTE],
        ['operational', 60 * MINUTE, null],
      ]);
      expect((await eventsOf('status.public_update')).map((e) => e.data['phase'])).toEqual(['identified', 'monitoring', 'resolved']);
      expect(await auditOf('status.public_update')).toHaveLength(3);
      const list = (await t.api({ method: 'GET', url: '/api/v1/status/incidents', headers: as(viewer) })).json<{ items: unknown[] }>();
      expect(list.items).toHaveLength(1);
      // The public tables hold only what people typed for customers.
      const publicText = JSON.stringify([await t.handle.db.selectFrom('public_incidents').selectAll().execute(), await t.handle.db.selectFrom('public_updates').select(['body', 'components', 'phase']).execute()]);
      expect(publicText).not.toContain('secret-internal');
      expect(publicText).not.toContain('Diego');
      // Resolved, the component may go.
      expect((await t.api({ method: 'DELETE', url: `/api/v1/status/components/${searchId}` })).statusCode).toBe(204);
    });

    it('links the published post-mortem in the resolved summary', async () => {
      const incidentId = await declare('P2');
      await publish(incidentId, { title: 'Slow checkout', message: 'Looking.', components: [{ componentId: checkoutId, status: 'degraded_performance' }] });
      await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/resolve` });
      const started = await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/postmortem`, payload: {} });
      expect(started.statusCode).toBe(201);
      const postmortemId = started.json<{ id: string }>().id;
      expect((await update(incidentId, { phase: 'resolved', message: 'Fine now.', linkPostmortem: true })).statusCode).toBe(400);
      await t.handle.db.updateTable('postmortems').set({ status: 'published' }).where('id', '=', postmortemId).execute();
      const resolved = await update(incidentId, { phase: 'resolved', message: 'Fine now.', linkPostmortem: true, summary: { impact: 'Some payments were slow', postmortemUrl: 'https://evil.example' } });
      expect(resolved.statusCode).toBe(201);
      expect(publicIncidentSchema.parse(resolved.json()).summary).toEqual({ impact: 'Some payments were slow', postmortemUrl: `http://localhost:8080/postmortems/${postmortemId}` });
    });

    it('refuses bad publications naming the field, a component in use, and viewers; responders may publish', async () => {
      const incidentId = await declare();
      const before = await counts();
      for (const [payload, field] of [
        [{ title: 'T', message: 'M', components: [] }, 'components'],
        [{ title: 'T', message: '', components: [{ componentId: checkoutId, status: 'major_outage' }] }, 'message'],
        [{ title: 'T', components: [{ componentId: checkoutId, status: 'major_outage' }] }, 'message'],
        [{ message: 'M', components: [{ componentId: checkoutId, status: 'major_outage' }] }, 'title'],
        [{ title: 'T', message: 'M', components: [{ componentId: 'nope', status: 'major_outage' }] }, 'components[0].componentId'],
        [{ title: 'T', message: 'M', components: [{ componentId: checkoutId, status: 'bad' }] }, 'components[0].status'],
        [{ title: 'T', message: 'M', phase: 'done', components: [{ componentId: checkoutId, status: 'major_outage' }] }, 'phase'],
        [{ title: 'T', message: 'M', components: [{ componentId: checkoutId, status: 'major_outage' }, { componentId: checkoutId, status: 'major_outage' }] }, 'components[1].componentId'],
      ] as const) {
        const response = await publish(incidentId, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(fieldsOf(response)).toContain(field);
      }
      expect((await publish(incidentId, { title: 'T', message: 'M', components: [{ componentId: checkoutId, status: 'major_outage' }] }, viewer)).statusCode).toBe(403);
      expect((await publish('INC-2000-0001', { title: 'T', message: 'M', components: [{ componentId: checkoutId, status: 'major_outage' }] })).statusCode).toBe(404);
      expect(await counts()).toEqual(before);
      expect((await update(incidentId, { phase: 'identified', message: 'M' })).statusCode).toBe(404);

      expect((await publish(incidentId, { title: 'T', message: 'M', components: [{ componentId: searchId, status: 'major_outage' }] })).statusCode).toBe(201);
      const after = await counts();
      for (const [payload, field] of [
        [{ message: 'M' }, 'phase'],
        [{ phase: 'identified' }, 'message'],
        [{ phase: 'identified', message: 'M', components: [{ componentId: 'nope', status: 'operational' }] }, 'components[0].componentId'],
        [{ phase: 'identified', message: 'M', version: 'x' }, 'version'],
      ] as const) {
        const response = await update(incidentId, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(fieldsOf(response)).toContain(field);
      }
      expect((await update(incidentId, { phase: 'identified', message: 'M' }, viewer)).statusCode).toBe(403);
      expect(await counts()).toEqual(after);
      const inUse = await t.api({ method: 'DELETE', url: `/api/v1/status/components/${searchId}` });
      expect(inUse.statusCode).toBe(409);
    });
  });

  it('answers a missing or non-object body on every write route with a 400, never a 500, storing nothing', async () => {
    const componentId = (await created({ name: 'Checkout', serviceIds: [serviceId] })).id;
    const incidentId = await declare();
    const before = await counts();
    const routes: Array<[string, string]> = [
      ['POST', '/api/v1/status/components'],
      ['PATCH', `/api/v1/status/components/${componentId}`],
      ['POST', `/api/v1/incidents/${incidentId}/public`],
      ['POST', `/api/v1/incidents/${incidentId}/public/updates`],
      ['POST', '/api/v1/status/maintenances'],
    ];
    for (const [method, url] of routes) {
      for (const payload of [undefined, '[]', '"text"', '{"title": ']) {
        const response = await t.api({ method: method as 'POST', url, ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }) });
        expect(response.statusCode, `${method} ${url} ${payload}`).toBe(400);
      }
    }
    expect(await counts()).toEqual(before);
  });

  describe('the public cadence', () => {
    it('nudges the scribe once the promised update is late, the commander half a cadence later, each once per due time, on the server clock', async () => {
      const checkoutId = (await created({ name: 'Checkout', serviceIds: [serviceId] })).id;
      const incidentId = await declare('P1');
      expect((await t.api({ method: 'PATCH', url: `/api/v1/incidents/${incidentId}`, payload: { scribe: 'Marcus Webb', commander: 'Priya Raman' } })).statusCode).toBe(200);
      const start = t.clock.now();
      expect((await publish(incidentId, { title: 'Checkout is failing', message: 'Looking.', components: [{ componentId: checkoutId, status: 'major_outage' }] })).statusCode).toBe(201);
      const due = start + 30 * MINUTE;
      const nudges = async () => (await eventsOf('status.public_update_overdue')).map((e) => [e.data['nudged'], e.data['name'], Date.parse(e.data['dueAt'] as string) - start]);
      await t.clock.set(new Date(due - 1000).toISOString());
      await t.clock.advanceBy(1000);
      expect(await nudges()).toEqual([]);
      await t.clock.advanceBy(1000);
      expect(await nudges()).toEqual([['scribe', 'Marcus Webb', 30 * MINUTE]]);
      await t.clock.set(new Date(due + 15 * MINUTE - 1000).toISOString());
      await t.clock.advanceBy(2000);
      expect(await nudges()).toEqual([
        ['scribe', 'Marcus Webb', 30 * MINUTE],
        ['commander', 'Priya Raman', 30 * MINUTE],
      ]);
      await t.clock.advanceBy(5 * MINUTE);
      expect(await nudges()).toHaveLength(2);
      expect(await auditOf('status.public_update_overdue')).toHaveLength(2);

      const posted = await update(incidentId, { phase: 'identified', message: 'Found it.' });
      const nextDue = Date.parse(publicIncidentSchema.parse(posted.json()).nextUpdateDueAt!);
      expect(nextDue).toBe(t.clock.now() + 30 * MINUTE);
      await t.clock.set(new Date(nextDue - 1000).toISOString());
      await t.clock.advanceBy(2000);
      expect((await nudges()).slice(2)).toEqual([['scribe', 'Marcus Webb', nextDue - start]]);
      expect((await eventsOf('status.public_update_overdue')).every((e) => e.incidentId === incidentId)).toBe(true);

      expect((await update(incidentId, { phase: 'resolved', message: 'Fixed.' })).statusCode).toBe(201);
      await t.clock.set(new Date(t.clock.now() + 2 * 60 * MINUTE).toISOString());
      await t.clock.advanceBy(1000);
      expect(await nudges()).toHaveLength(3);
    });
  });

  describe('scheduled maintenance', () => {
    it('schedules, reads its status from the clock, cancels, with events and audit; bad input stores nothing', async () => {
      const checkout = await created({ name: 'Checkout' });
      const now = t.clock.now();
      const window = { scheduledFor: new Date(now + 60 * MINUTE).toISOString(), scheduledUntil: new Date(now + 120 * MINUTE).toISOString() };
      const before = await counts();
      for (const [payload, field] of [
        [{ title: 'DB upgrade', body: 'b', componentIds: [checkout.id], scheduledFor: window.scheduledUntil, scheduledUntil: window.scheduledFor }, 'scheduledUntil'],
        [{ title: 'DB upgrade', body: 'b', componentIds: [], ...window }, 'componentIds'],
        [{ title: 'DB upgrade', body: 'b', componentIds: ['nope'], ...window }, 'componentIds[0]'],
        [{ body: 'b', componentIds: [checkout.id], ...window }, 'title'],
        [{ title: 'DB upgrade', body: 'b', componentIds: [checkout.id], ...window, scheduledFor: 'tomorrow' }, 'scheduledFor'],
      ] as const) {
        const response = await t.api({ method: 'POST', url: '/api/v1/status/maintenances', payload });
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(fieldsOf(response)).toContain(field);
      }
      expect(await counts()).toEqual(before);
      expect((await t.api({ method: 'POST', url: '/api/v1/status/maintenances', payload: { title: 'x', body: 'b', componentIds: [checkout.id], ...window }, headers: as(responder) })).statusCode).toBe(403);
      const made = await t.api({ method: 'POST', url: '/api/v1/status/maintenances', payload: { title: 'DB upgrade', body: 'Short pauses.', componentIds: [checkout.id], ...window }, headers: as(manager) });
      expect(made.statusCode).toBe(201);
      const dto = maintenanceSchema.parse(made.json());
      expect(dto.status).toBe('scheduled');
      await t.clock.set(new Date(now + 90 * MINUTE).toISOString());
      const listed = (await t.api({ method: 'GET', url: '/api/v1/status/maintenances', headers: as(viewer) })).json<{ items: unknown[] }>();
      expect(maintenanceSchema.parse(listed.items[0]).status).toBe('in_progress');
      const cancelled = await t.api({ method: 'DELETE', url: `/api/v1/status/maintenances/${dto.id}` });
      expect(cancelled.statusCode).toBe(200);
      expect(maintenanceSchema.parse(cancelled.json()).status).toBe('cancelled');
      expect((await t.api({ method: 'DELETE', url: `/api/v1/status/maintenances/${dto.id}` })).statusCode).toBe(409);
      expect((await eventsOf('status.maintenance_changed')).map((e) => e.data['change'])).toEqual(['scheduled', 'cancelled']);
      expect(await auditOf('status.maintenance_cancelled')).toHaveLength(1);
    });
  });
});

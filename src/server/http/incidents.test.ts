import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('incidents API on %s', (engine) => {
  let t: TestApp;
  let service: { id: string; key: string };
  beforeEach(async () => {
    t = await createTestApp(engine);
    service = await createService(t);
  });
  afterEach(async () => t.close());

  const declare = (body: Record<string, unknown>) => t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId: service.id, ...body } });
  const get = async (id: string) => (await t.api({ method: 'GET', url: `/api/v1/incidents/${id}` })).json<Record<string, unknown>>();
  const timeline = async (id: string) =>
    (await t.api({ method: 'GET', url: `/api/v1/incidents/${id}/timeline` })).json<{ items: Array<{ seq: number; kind: string; actor: { type: string; name: string }; data: Record<string, unknown> }> }>().items;

  it('declares an incident by hand with the next INC-YYYY-NNNN id and records who declared it', async () => {
    const marcus = await t.person('responder', { name: 'Marcus Webb' });
    const response = await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId: service.id, title: 'Checkout errors reported by support', severity: 'P2', commander: 'Priya Raman' }, headers: { cookie: marcus.cookie } });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ id: 'INC-2026-0001', state: 'triggered', phase: 'investigating', commander: 'Priya Raman', source: 'manual', serviceName: 'Checkout API' });
    const [event] = await timeline('INC-2026-0001');
    expect(event).toMatchObject({ kind: 'incident.declared', actor: { type: 'person', name: 'Marcus Webb' } });
  });

  it('numbers incidents per UTC year, starting again at 0001 in a new year', async () => {
    // Sessions last 12 hours, so each jump in time comes with a fresh sign-in.
    const declareAt = async (iso: string, title: string) => {
      t.clock.set(iso);
      const responder = await t.person('responder');
      return (await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId: service.id, title, severity: 'P3' }, headers: { cookie: responder.cookie } })).json();
    };
    expect(await declareAt('2026-12-31T23:59:59.000Z', 'a')).toMatchObject({ id: 'INC-2026-0001' });
    expect(await declareAt('2026-12-31T23:59:59.500Z', 'b')).toMatchObject({ id: 'INC-2026-0002' });
    expect(await declareAt('2027-01-01T00:00:00.000Z', 'c')).toMatchObject({ id: 'INC-2027-0001' });
  });

  it('lists open incidents by severity then age, and filters by state, service and severity', async () => {
    await declare({ title: 'old P3', severity: 'P3' });
    t.clock.advance(60_000);
    await declare({ title: 'new P1', severity: 'P1' });
    t.clock.advance(60_000);
    await declare({ title: 'newer P3', severity: 'P3' });
    t.clock.advance(60_000);
    await declare({ title: 'older P1 resolved later', severity: 'P1' });
    await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0004/resolve', payload: {} });

    const open = (await t.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: Array<{ title: string }> }>().items;
    expect(open.map((i) => i.title)).toEqual(['new P1', 'old P3', 'newer P3']);
    const resolved = (await t.api({ method: 'GET', url: '/api/v1/incidents?state=resolved' })).json<{ items: Array<{ id: string }> }>().items;
    expect(resolved.map((i) => i.id)).toEqual(['INC-2026-0004']);
    const all = (await t.api({ method: 'GET', url: '/api/v1/incidents?state=all' })).json<{ items: unknown[] }>().items;
    expect(all).toHaveLength(4);
    const p3 = (await t.api({ method: 'GET', url: `/api/v1/incidents?severity=P3&serviceId=${service.id}` })).json<{ items: unknown[] }>().items;
    expect(p3).toHaveLength(2);
    const fields = Object.keys(open[0]!);
    for (const field of ['id', 'title', 'serviceId', 'severity', 'state', 'phase', 'triggeredAt', 'acknowledgedAt', 'resolvedAt', 'alertCount']) expect(fields).toContain(field);
  });

  it('acknowledges once, records who did it, and treats a second acknowledge as a no-op', async () => {
    await declare({ title: 'x', severity: 'P1' });
    t.clock.advance(45_000);
    const priya = await t.person('responder', { name: 'Priya Raman' });
    const someoneElse = await t.person('responder', { name: 'Someone Else' });
    const ack = await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/acknowledge', payload: {}, headers: { cookie: priya.cookie } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ state: 'acknowledged', acknowledgedAt: '2026-03-21T02:30:45.000Z' });
    await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/acknowledge', payload: {}, headers: { cookie: someoneElse.cookie } });
    const events = await timeline('INC-2026-0001');
    expect(events.filter((e) => e.kind === 'incident.acknowledged')).toHaveLength(1);
    expect(events.at(-1)!.actor.name).toBe('Priya Raman');
  });

  it('resolves, moves the public phase to resolved, and refuses to acknowledge afterwards with 409', async () => {
    await declare({ title: 'x', severity: 'P2' });
    const resolved = await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/resolve' });
    expect(resolved.json()).toMatchObject({ state: 'resolved', phase: 'resolved' });
    const ack = await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/acknowledge', payload: {} });
    expect(ack.statusCode).toBe(409);
    expect(ack.json<{ error: { message: string } }>().error.message).toContain('resolved');
  });

  it('posts notes and status updates; only a status update restarts the cadence clock', async () => {
    await declare({ title: 'x', severity: 'P1' });
    t.clock.advance(3 * 60_000);
    const alice = await t.person('responder', { name: 'Alice' });
    const note = await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/notes', payload: { text: 'Pool at 492/500' }, headers: { cookie: alice.cookie } });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ kind: 'incident.note', data: { text: 'Pool at 492/500' }, actor: { type: 'person', name: 'Alice' } });
    expect(await get('INC-2026-0001')).toMatchObject({ lastStatusUpdateAt: null });
    t.clock.advance(60_000);
    await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/notes', payload: { text: 'Investigating slow checkout', statusUpdate: true } });
    expect(await get('INC-2026-0001')).toMatchObject({ lastStatusUpdateAt: '2026-03-21T02:34:00.000Z' });
  });

  it('changes severity, phase, title and roles with one timeline event per real change', async () => {
    await declare({ title: 'x', severity: 'P3' });
    const response = await t.api({
      method: 'PATCH',
      url: '/api/v1/incidents/INC-2026-0001',
      payload: { severity: 'P1', phase: 'identified', title: 'Checkout down', commander: 'Priya Raman', scribe: 'Marcus Webb' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ severity: 'P1', phase: 'identified', title: 'Checkout down', commander: 'Priya Raman', scribe: 'Marcus Webb' });
    const kinds = (await timeline('INC-2026-0001')).map((e) => e.kind);
    expect(kinds).toEqual(['incident.declared', 'escalation.not_started', 'incident.title_changed', 'incident.severity_changed', 'incident.phase_changed', 'incident.role_changed', 'incident.role_changed']);
    const again = await t.api({ method: 'PATCH', url: '/api/v1/incidents/INC-2026-0001', payload: { severity: 'P1' } });
    expect(again.statusCode).toBe(200);
    expect(await timeline('INC-2026-0001')).toHaveLength(7);
    const cleared = await t.api({ method: 'PATCH', url: '/api/v1/incidents/INC-2026-0001', payload: { scribe: null } });
    expect(cleared.json()).toMatchObject({ scribe: null });
  });

  it('orders the timeline by one global sequence', async () => {
    await declare({ title: 'x', severity: 'P3' });
    await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/notes', payload: { text: 'one' } });
    await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/notes', payload: { text: 'two' } });
    const seqs = (await timeline('INC-2026-0001')).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Declared, "nobody was paged" (the service has no policy), two notes.
    expect(new Set(seqs).size).toBe(4);
  });

  describe('bad input is a 4xx naming the field, and nothing is stored', () => {
    const problems = async (response: { statusCode: number; json<T>(): T }) => {
      expect(response.statusCode).toBe(400);
      return response.json<{ error: { fields: Array<{ field: string; problem: string }> } }>().error.fields;
    };

    it('declaring without a title, with an unknown severity, or for no service', async () => {
      expect((await problems(await declare({ severity: 'P1' }))).map((f) => f.field)).toContain('title');
      expect((await problems(await declare({ title: 't', severity: 'P0' }))).map((f) => f.field)).toContain('severity');
      expect((await problems(await declare({ title: 't', severity: 'P1', serviceId: 'nope' }))).map((f) => f.field)).toContain('serviceId');
      expect((await countRows(t.handle)).incidents).toBe(0);
    });

    it('patching with nothing to change, an unknown field or a bad phase', async () => {
      await declare({ title: 'x', severity: 'P3' });
      const before = await countRows(t.handle);
      await problems(await t.api({ method: 'PATCH', url: '/api/v1/incidents/INC-2026-0001', payload: {} }));
      await problems(await t.api({ method: 'PATCH', url: '/api/v1/incidents/INC-2026-0001', payload: { state: 'resolved' } }));
      const phase = await problems(await t.api({ method: 'PATCH', url: '/api/v1/incidents/INC-2026-0001', payload: { phase: 'done', severity: 'P1' } }));
      expect(phase.map((f) => f.field)).toEqual(['phase']);
      expect(await get('INC-2026-0001')).toMatchObject({ severity: 'P3' });
      expect(await countRows(t.handle)).toEqual(before);
    });

    it('an empty note and a non-boolean statusUpdate', async () => {
      await declare({ title: 'x', severity: 'P3' });
      expect((await problems(await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/notes', payload: { text: '   ' } })))[0]!.field).toBe('text');
      expect((await problems(await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-0001/notes', payload: { text: 'ok', statusUpdate: 'yes' } })))[0]!.field).toBe('statusUpdate');
      expect((await timeline('INC-2026-0001')).map((e) => e.kind)).toEqual(['incident.declared', 'escalation.not_started']);
    });

    it('a bad list query', async () => {
      expect((await problems(await t.api({ method: 'GET', url: '/api/v1/incidents?state=closed' })))[0]!.field).toBe('state');
      expect((await problems(await t.api({ method: 'GET', url: '/api/v1/incidents?limit=0' })))[0]!.field).toBe('limit');
    });

    it('unknown incidents are 404 on every route', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/incidents/INC-2026-9999'],
        ['GET', '/api/v1/incidents/INC-2026-9999/timeline'],
        ['POST', '/api/v1/incidents/INC-2026-9999/acknowledge'],
        ['POST', '/api/v1/incidents/INC-2026-9999/resolve'],
      ] as const) {
        expect((await t.api({ method, url, ...(method === 'POST' ? { payload: {} } : {}) })).statusCode).toBe(404);
      }
      expect((await t.api({ method: 'POST', url: '/api/v1/incidents/INC-2026-9999/notes', payload: { text: 'x' } })).statusCode).toBe(404);
      expect((await t.api({ method: 'PATCH', url: '/api/v1/incidents/INC-2026-9999', payload: { severity: 'P1' } })).statusCode).toBe(404);
    });
  });
});

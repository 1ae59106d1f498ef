import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaintenanceWindowDto } from '../../contracts/escalation';
import { epochMs } from '../../domain/time/instant';
import { activeWindow } from '../services/maintenance-service';
import { ENGINES, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

type Person = { id: string; cookie: string; name: string };

describe.each(ENGINES)('maintenance windows API on %s', (engine) => {
  let t: TestApp;
  let serviceId: string;
  let manager: Person;

  // The test clock starts at 2026-03-21T02:30:00Z.
  beforeEach(async () => {
    t = await createTestApp(engine);
    serviceId = (await createService(t)).id;
    manager = await t.person('manager', { manages: [t.teamId], name: 'Maya Manager' });
  });
  afterEach(async () => t.close());

  const url = () => `/api/v1/services/${serviceId}/maintenance-windows`;
  const create = (payload: unknown, cookie = manager.cookie) => t.api({ method: 'POST', url: url(), payload: payload as object, headers: { cookie } });
  const end = (windowId: string, cookie = manager.cookie) => t.api({ method: 'POST', url: `${url()}/${windowId}/end`, headers: { cookie } });
  const list = async () => (await t.api({ method: 'GET', url: url() })).json<{ items: MaintenanceWindowDto[] }>().items;
  const stored = async () => t.handle.db.selectFrom('maintenance_windows').selectAll().execute();
  const events = async () => (await t.handle.db.selectFrom('events').selectAll().where('kind', 'like', 'maintenance.%').orderBy('seq').execute()).map((e) => ({ kind: e.kind, serviceId: e.service_id, actor: e.actor_name, data: JSON.parse(e.data) as unknown }));
  const activeAt = async (iso: string) => (await activeWindow(t.handle.db, serviceId, epochMs(Date.parse(iso))))?.id;

  it('starts a window now when no start is given, lists it, and records it in the audit log and on the timeline', async () => {
    const created = await create({ end: '2026-03-21T04:30:00Z', reason: 'Database upgrade' });
    expect(created.statusCode).toBe(201);
    const window = created.json<MaintenanceWindowDto>();
    expect(window).toMatchObject({ serviceId, start: '2026-03-21T02:30:00.000Z', end: '2026-03-21T04:30:00.000Z', reason: 'Database upgrade', createdBy: manager.id, endedEarlyAt: null });
    expect(await list()).toEqual([window]);
    expect(await events()).toEqual([{ kind: 'maintenance.started', serviceId, actor: 'Maya Manager', data: { windowId: window.id, end: '2026-03-21T04:30:00.000Z', reason: 'Database upgrade' } }]);
    const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'maintenance_window.created').execute();
    expect(audit.map((a) => [a.actor_name, a.target_type, a.target_id])).toEqual([['Maya Manager', 'service', serviceId]]);
  });

  it('holds pages from its start, inclusive, to its end, exclusive', async () => {
    const window = (await create({ start: '2026-03-21T03:00:00Z', end: '2026-03-21T04:00:00Z' })).json<MaintenanceWindowDto>();
    expect(await activeAt('2026-03-21T02:59:59.999Z')).toBeUndefined();
    expect(await activeAt('2026-03-21T03:00:00.000Z')).toBe(window.id);
    expect(await activeAt('2026-03-21T03:59:59.999Z')).toBe(window.id);
    expect(await activeAt('2026-03-21T04:00:00.000Z')).toBeUndefined();
    // Another service is not in maintenance.
    const other = (await createService(t, 'Search')).id;
    expect(await activeWindow(t.handle.db, other, epochMs(Date.parse('2026-03-21T03:30:00Z')))).toBeUndefined();
  });

  it('ends a window early: pages flow again from that instant, the timeline says so, and it cannot be ended twice', async () => {
    const window = (await create({ end: '2026-03-21T06:30:00Z', reason: 'Failover drill' })).json<MaintenanceWindowDto>();
    t.clock.advance(20 * 60_000);
    const ended = await end(window.id);
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ id: window.id, end: '2026-03-21T06:30:00.000Z', endedEarlyAt: '2026-03-21T02:50:00.000Z' });
    expect(await activeAt('2026-03-21T02:49:59.999Z')).toBe(window.id);
    expect(await activeAt('2026-03-21T02:50:00.000Z')).toBeUndefined();
    expect(await activeAt('2026-03-21T05:00:00.000Z')).toBeUndefined();
    expect((await events()).map((e) => [e.kind, e.data])).toEqual([
      ['maintenance.started', { windowId: window.id, end: '2026-03-21T06:30:00.000Z', reason: 'Failover drill' }],
      ['maintenance.ended', { windowId: window.id, early: true }],
    ]);
    expect((await t.handle.db.selectFrom('audit_log').select('action').where('action', 'like', 'maintenance_window.%').orderBy('seq').execute()).map((a) => a.action)).toEqual(['maintenance_window.created', 'maintenance_window.ended']);

    const again = await end(window.id);
    expect(again.statusCode).toBe(409);
    expect((await events()).length).toBe(2);
  });

  it('answers 409 for ending a window that ran its course, and 404 for one that does not exist', async () => {
    const window = (await create({ end: '2026-03-21T03:00:00Z' })).json<MaintenanceWindowDto>();
    t.clock.set('2026-03-21T03:00:00Z');
    expect((await end(window.id)).statusCode).toBe(409);
    expect((await end('no-such-window')).statusCode).toBe(404);
    expect((await stored())[0]!.ended_early_at).toBeNull();
  });

  it.each([
    ['an end before the start', { start: '2026-03-21T05:00:00Z', end: '2026-03-21T04:00:00Z' }, 'end', 'must be after start'],
    ['an end equal to the start', { start: '2026-03-21T05:00:00Z', end: '2026-03-21T05:00:00Z' }, 'end', 'must be after start'],
    ['an end already past', { end: '2026-03-21T02:00:00Z' }, 'end', 'must be after start'],
    ['a window longer than 7 days', { end: '2026-03-28T02:30:00.001Z' }, 'end', 'must be at most 7 days after start'],
    ['a start in the past', { start: '2026-03-21T01:00:00Z', end: '2026-03-21T04:00:00Z' }, 'start', 'must not be in the past (leave it out to start now)'],
    ['an end that is not an instant', { end: 'tomorrow' }, 'end', 'must be an instant in UTC such as 2026-12-01T03:00:00Z'],
    ['an end with an offset', { end: '2026-03-21T06:00:00+02:00' }, 'end', 'must be an instant in UTC such as 2026-12-01T03:00:00Z'],
    ['no end', { reason: 'forgot' }, 'end', 'must be an instant in UTC such as 2026-12-01T03:00:00Z'],
    ['a reason of 501 characters', { end: '2026-03-21T04:00:00Z', reason: 'x'.repeat(501) }, 'reason', 'must be at most 500 characters'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_case, body, field, problem) => {
    const response = await create(body);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { fields: unknown[] } }>().error.fields).toContainEqual({ field, problem });
    expect(await stored()).toEqual([]);
    expect(await events()).toEqual([]);
  });

  it('takes a start a few seconds in the past (a lagging client clock) as now, and still refuses an end already past', async () => {
    // A start a few seconds behind the server's clock is a client's lagging clock: taken as now.
    const lagging = await create({ start: '2026-03-21T02:29:30Z', end: '2026-03-21T03:00:00Z' });
    expect(lagging.statusCode).toBe(201);
    expect(lagging.json()).toMatchObject({ start: '2026-03-21T02:30:00.000Z' });
    const past = await create({ start: '2026-03-21T02:29:30Z', end: '2026-03-21T02:29:50Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json<{ error: { fields: unknown[] } }>().error.fields).toContainEqual({ field: 'end', problem: 'must be in the future' });
  });

  it('accepts a window of exactly 7 days', async () => {
    expect((await create({ end: '2026-03-28T02:30:00Z' })).statusCode).toBe(201);
  });

  it('lets admins and managers of the team plan and end windows, and nobody else', async () => {
    const otherManager = await t.person('manager', { manages: [] });
    const responder = await t.person('responder');
    const viewer = await t.person('viewer');
    for (const who of [otherManager, responder, viewer]) expect((await create({ end: '2026-03-21T04:00:00Z' }, who.cookie)).statusCode).toBe(403);
    expect((await create({ end: '2026-03-21T04:00:00Z' }, '')).statusCode).toBe(401);
    expect(await stored()).toEqual([]);

    const window = (await create({ end: '2026-03-21T04:00:00Z' }, t.admin.cookie)).json<MaintenanceWindowDto>();
    for (const who of [otherManager, responder, viewer]) expect((await end(window.id, who.cookie)).statusCode).toBe(403);
    expect((await stored())[0]!.ended_early_at).toBeNull();
    // Everyone signed in sees the windows.
    expect((await t.api({ method: 'GET', url: url(), headers: { cookie: viewer.cookie } })).json<{ items: unknown[] }>().items).toHaveLength(1);
    expect((await end(window.id, manager.cookie)).statusCode).toBe(200);
  });

  it('lists current and upcoming windows by start, then the last 20 finished ones, most recent first', async () => {
    const past: string[] = [];
    for (let i = 0; i < 22; i += 1) {
      past.push((await create({ end: new Date(t.clock.now() + 60_000).toISOString() })).json<MaintenanceWindowDto>().id);
      t.clock.advance(2 * 60_000);
    }
    const upcoming = (await create({ start: '2026-03-22T00:00:00Z', end: '2026-03-22T01:00:00Z' })).json<MaintenanceWindowDto>().id;
    const current = (await create({ end: '2026-03-21T05:00:00Z' })).json<MaintenanceWindowDto>().id;
    const ids = (await list()).map((w) => w.id);
    expect(ids).toEqual([current, upcoming, ...past.slice(2).reverse()]);
  });

  it('answers 404 for a service that does not exist', async () => {
    expect((await t.api({ method: 'GET', url: '/api/v1/services/nope/maintenance-windows' })).statusCode).toBe(404);
    expect((await t.api({ method: 'POST', url: '/api/v1/services/nope/maintenance-windows', payload: { end: '2026-03-21T04:00:00Z' } })).statusCode).toBe(404);
  });
});

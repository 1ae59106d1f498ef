import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('schedules API on %s', (engine) => {
  let t: TestApp;
  let manager: { id: string; cookie: string };
  let alice: { id: string; cookie: string };
  let bob: { id: string; cookie: string };
  let outsider: { id: string; cookie: string };

  beforeEach(async () => {
    t = await createTestApp(engine);
    manager = await t.person('manager', { manages: [t.teamId] });
    alice = await t.person('responder', { name: 'Alice' });
    bob = await t.person('responder', { name: 'Bob' });
    outsider = await t.person('responder', { name: 'Outsider' });
    await t.handle.db.insertInto('team_members').values([{ team_id: t.teamId, user_id: alice.id, manager: 0 }, { team_id: t.teamId, user_id: bob.id, manager: 0 }]).execute();
  });
  afterEach(async () => t.close());

  const weekly = (participants: string[]) => ({
    id: 'primary',
    name: 'Primary',
    participants,
    rotation: { kind: 'weekly' },
    handoff: { weekday: 1, time: '09:00' },
    start: '2026-03-02',
  });
  const createSchedule = async (cookie = manager.cookie) =>
    t.api({ method: 'POST', url: '/api/v1/schedules', payload: { name: 'Payments on-call', teamId: t.teamId, zone: 'America/Los_Angeles', layers: [weekly([alice.id, bob.id])] }, headers: { cookie } });
  const fields = (response: { json<T>(): T }) => response.json<{ error: { fields: Array<{ field: string }> } }>().error.fields.map((f) => f.field);

  it('lets a manager of the team create a schedule with layers, readable by everyone', async () => {
    const created = await createSchedule();
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Payments on-call', zone: 'America/Los_Angeles', version: 1, layers: [{ id: 'primary', restrictions: [] }], overrides: [] });
    const viewer = await t.person('viewer');
    const listed = await t.api({ method: 'GET', url: '/api/v1/schedules', headers: { cookie: viewer.cookie } });
    expect(listed.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it.each([
    ['an unknown zone', { zone: 'Mars/Base' }, 'zone'],
    ['an offset as a zone', { zone: '-08:00' }, 'zone'],
    ['a handoff at 24:30', { layers: [{ ...weekly(['x']), handoff: { weekday: 1, time: '24:30' } }] }, 'layers[0].handoff.time'],
    ['a rotation of 0 days', { layers: [{ ...weekly(['x']), rotation: { kind: 'days', every: 0 } }] }, 'layers[0].rotation.every'],
    ['a rotation of 53 weeks', { layers: [{ ...weekly(['x']), rotation: { kind: 'weeks', every: 53 } }] }, 'layers[0].rotation.every'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_case, change, field) => {
    const response = await t.api({ method: 'POST', url: '/api/v1/schedules', payload: { name: 'S', teamId: t.teamId, zone: 'Europe/Berlin', layers: [], ...change }, headers: { cookie: manager.cookie } });
    expect(response.statusCode).toBe(400);
    expect(fields(response)).toContain(field);
    expect((await t.api({ method: 'GET', url: '/api/v1/schedules' })).json<{ items: unknown[] }>().items).toHaveLength(0);
  });

  it('refuses a layer starting on 2026-02-30 with 400 naming the field, and accepts 2028-02-29', async () => {
    const post = (start: string) => t.api({ method: 'POST', url: '/api/v1/schedules', payload: { name: 'S', teamId: t.teamId, zone: 'Europe/Berlin', layers: [{ ...weekly([alice.id]), start }] }, headers: { cookie: manager.cookie } });
    const impossible = await post('2026-02-30');
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json()).toMatchObject({ error: { fields: [{ field: 'layers[0].start', problem: 'must be a date that exists (2026-02-30 does not)' }] } });
    expect((await t.api({ method: 'GET', url: '/api/v1/schedules' })).json<{ items: unknown[] }>().items).toHaveLength(0);
    const leap = await post('2028-02-29');
    expect(leap.statusCode).toBe(201);
    expect(leap.json()).toMatchObject({ layers: [{ start: '2028-02-29' }] });
  });

  it.each([
    ['hours', 720, 721],
    ['days', 365, 366],
    ['weeks', 52, 53],
  ] as const)('accepts a rotation of up to the limit of %s (%i) and refuses one more', async (kind, limit, over) => {
    const post = (every: number) => t.api({ method: 'POST', url: '/api/v1/schedules', payload: { name: 'S', teamId: t.teamId, zone: 'Europe/Berlin', layers: [{ ...weekly([alice.id]), rotation: { kind, every } }] }, headers: { cookie: manager.cookie } });
    expect((await post(limit)).statusCode).toBe(201);
    const refused = await post(over);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { fields: [{ field: 'layers[0].rotation.every', problem: `must be a whole number of ${kind} from 1 to ${limit}` }] } });
  });

  it('refuses a participant from outside the team and a manager of another team', async () => {
    const outside = await t.api({ method: 'POST', url: '/api/v1/schedules', payload: { name: 'S', teamId: t.teamId, zone: 'Europe/Berlin', layers: [weekly([outsider.id])] }, headers: { cookie: manager.cookie } });
    expect(fields(outside)).toEqual(['layers[0].participants[0]']);
    const otherManager = await t.person('manager');
    expect((await createSchedule(otherManager.cookie)).statusCode).toBe(403);
  });

  it('answers a stale write with 409 carrying the current schedule, and loses nothing', async () => {
    const schedule = (await createSchedule()).json<{ id: string; version: number }>();
    const first = await t.api({ method: 'PUT', url: `/api/v1/schedules/${schedule.id}`, payload: { version: 1, name: 'Payments primary' }, headers: { cookie: manager.cookie } });
    expect(first.json()).toMatchObject({ version: 2, name: 'Payments primary' });
    const staleEdit = await t.api({ method: 'PUT', url: `/api/v1/schedules/${schedule.id}`, payload: { version: 1, name: 'Overwritten' }, headers: { cookie: manager.cookie } });
    expect(staleEdit.statusCode).toBe(409);
    expect(staleEdit.json()).toMatchObject({ error: { code: 'stale_version', fields: [{ field: 'version' }] }, current: { version: 2, name: 'Payments primary' } });
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${schedule.id}` })).json()).toMatchObject({ name: 'Payments primary', version: 2 });
  });

  it('lets a responder cover a shift themselves, but not put someone else on call', async () => {
    const schedule = (await createSchedule()).json<{ id: string }>();
    const own = await t.api({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/overrides`, payload: { version: 1, userId: alice.id, start: '2026-03-10T17:00:00.000Z', end: '2026-03-11T01:00:00.000Z' }, headers: { cookie: alice.cookie } });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ version: 2, overrides: [{ userId: alice.id, start: '2026-03-10T17:00:00.000Z', end: '2026-03-11T01:00:00.000Z', createdBy: alice.id }] });
    const forBob = await t.api({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/overrides`, payload: { version: 2, userId: bob.id, start: '2026-03-12T17:00:00.000Z', end: '2026-03-13T01:00:00.000Z' }, headers: { cookie: alice.cookie } });
    expect(forBob.statusCode).toBe(403);
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${schedule.id}` })).json<{ overrides: unknown[]; version: number }>()).toMatchObject({ version: 2 });
  });

  it('refuses to put a viewer on call, in a layer or by an override, naming the field', async () => {
    const watcher = await t.person('viewer', { name: 'Watcher' });
    await t.handle.db.insertInto('team_members').values({ team_id: t.teamId, user_id: watcher.id, manager: 0 }).execute();
    const layered = await t.api({ method: 'POST', url: '/api/v1/schedules', payload: { name: 'S', teamId: t.teamId, zone: 'Europe/Berlin', layers: [weekly([alice.id, watcher.id])] }, headers: { cookie: manager.cookie } });
    expect(layered.statusCode).toBe(400);
    expect(layered.json<{ error: { fields: Array<{ field: string; problem: string }> } }>().error.fields).toEqual([{ field: 'layers[0].participants[1]', problem: expect.stringContaining('viewer') }]);

    const schedule = (await createSchedule()).json<{ id: string }>();
    const override = await t.api({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/overrides`, payload: { version: 1, userId: watcher.id, start: '2026-03-10T17:00:00.000Z', end: '2026-03-11T01:00:00.000Z' }, headers: { cookie: manager.cookie } });
    expect(override.statusCode).toBe(400);
    expect(fields(override)).toEqual(['userId']);
    expect((await t.api({ method: 'GET', url: '/api/v1/schedules' })).json<{ items: unknown[] }>().items).toHaveLength(1);
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${schedule.id}` })).json()).toMatchObject({ version: 1, overrides: [] });
  });

  it.each([
    ['someone outside the team', (ids: { outsider: string }) => ({ userId: ids.outsider, start: '2026-03-10T17:00:00.000Z', end: '2026-03-11T01:00:00.000Z' }), 400, 'userId'],
    ['an end before the start', (ids: { bob: string }) => ({ userId: ids.bob, start: '2026-03-11T01:00:00.000Z', end: '2026-03-10T17:00:00.000Z' }), 400, 'end'],
    ['a time without a zone', (ids: { bob: string }) => ({ userId: ids.bob, start: '2026-03-10T17:00:00', end: '2026-03-11T01:00:00.000Z' }), 400, 'start'],
  ])('refuses an override for %s, storing nothing', async (_case, make, status, field) => {
    const schedule = (await createSchedule()).json<{ id: string }>();
    const response = await t.api({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/overrides`, payload: { version: 1, ...make({ outsider: outsider.id, bob: bob.id }) }, headers: { cookie: manager.cookie } });
    expect(response.statusCode).toBe(status);
    expect(fields(response)).toContain(field);
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${schedule.id}` })).json()).toMatchObject({ version: 1, overrides: [] });
  });

  it('deletes a schedule only with its current version, and only for a manager of its team', async () => {
    const schedule = (await createSchedule()).json<{ id: string }>();
    await t.api({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/overrides`, payload: { version: 1, userId: bob.id, start: '2026-03-10T17:00:00.000Z', end: '2026-03-11T01:00:00.000Z' }, headers: { cookie: manager.cookie } });
    expect((await t.api({ method: 'DELETE', url: `/api/v1/schedules/${schedule.id}?version=2`, headers: { cookie: alice.cookie } })).statusCode).toBe(403);
    expect((await t.api({ method: 'DELETE', url: `/api/v1/schedules/${schedule.id}?version=1`, headers: { cookie: manager.cookie } })).statusCode).toBe(409);
    expect((await t.api({ method: 'DELETE', url: `/api/v1/schedules/${schedule.id}`, headers: { cookie: manager.cookie } })).statusCode).toBe(400);
    expect((await t.api({ method: 'DELETE', url: `/api/v1/schedules/${schedule.id}?version=2`, headers: { cookie: manager.cookie } })).statusCode).toBe(204);
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${schedule.id}` })).statusCode).toBe(404);
  });

  it('moves and removes overrides with the version they were based on', async () => {
    const schedule = (await createSchedule()).json<{ id: string }>();
    const added = (await t.api({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/overrides`, payload: { version: 1, userId: bob.id, start: '2026-03-10T17:00:00.000Z', end: '2026-03-11T01:00:00.000Z' }, headers: { cookie: manager.cookie } })).json<{ overrides: Array<{ id: string }> }>();
    const overrideId = added.overrides[0]!.id;
    const moved = await t.api({ method: 'PUT', url: `/api/v1/schedules/${schedule.id}/overrides/${overrideId}`, payload: { version: 2, userId: alice.id, start: '2026-03-10T17:15:00.000Z', end: '2026-03-11T02:00:00.000Z' }, headers: { cookie: manager.cookie } });
    expect(moved.json()).toMatchObject({ version: 3, overrides: [{ userId: alice.id, start: '2026-03-10T17:15:00.000Z' }] });
    expect((await t.api({ method: 'DELETE', url: `/api/v1/schedules/${schedule.id}/overrides/${overrideId}?version=2`, headers: { cookie: manager.cookie } })).statusCode).toBe(409);
    const removed = await t.api({ method: 'DELETE', url: `/api/v1/schedules/${schedule.id}/overrides/${overrideId}?version=3`, headers: { cookie: manager.cookie } });
    expect(removed.json()).toMatchObject({ version: 4, overrides: [] });
    const audit = (await t.api({ method: 'GET', url: '/api/v1/audit?action=schedule.' })).json<{ items: Array<{ action: string }> }>().items.map((e) => e.action);
    expect(audit).toEqual(['schedule.override_removed', 'schedule.override_changed', 'schedule.override_created', 'schedule.created']);
  });

  it('lets a manager remove the override of someone who has since left the team', async () => {
    const schedule = (await createSchedule()).json<{ id: string }>();
    const added = (await t.api({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/overrides`, payload: { version: 1, userId: bob.id, start: '2026-03-10T17:00:00.000Z', end: '2026-03-11T01:00:00.000Z' }, headers: { cookie: manager.cookie } })).json<{ overrides: Array<{ id: string }> }>();
    await t.handle.db.deleteFrom('team_members').where('user_id', '=', bob.id).execute();
    const removed = await t.api({ method: 'DELETE', url: `/api/v1/schedules/${schedule.id}/overrides/${added.overrides[0]!.id}?version=2`, headers: { cookie: manager.cookie } });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ version: 3, overrides: [] });
  });
});

describe.each(ENGINES)('who is on call, segments and fairness on %s', (engine) => {
  let t: TestApp;
  let alice: { id: string; cookie: string };
  let bob: { id: string; cookie: string };
  let scheduleId: string;

  beforeEach(async () => {
    t = await createTestApp(engine);
    alice = await t.person('responder', { name: 'Alice' });
    bob = await t.person('responder', { name: 'Bob' });
    await t.handle.db.insertInto('team_members').values([{ team_id: t.teamId, user_id: alice.id, manager: 0 }, { team_id: t.teamId, user_id: bob.id, manager: 0 }]).execute();
    await t.handle.db.updateTable('users').set({ time_zone: 'America/Los_Angeles', quiet_start: '02:00', quiet_end: '07:00' }).where('id', '=', alice.id).execute();
    const created = await t.api({
      method: 'POST',
      url: '/api/v1/schedules',
      payload: { name: 'Payments', teamId: t.teamId, zone: 'America/Los_Angeles', layers: [{ id: 'primary', name: 'Primary', participants: [alice.id, bob.id], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-03-02' }] },
    });
    scheduleId = created.json<{ id: string }>().id;
  });
  afterEach(async () => t.close());

  it('hands over at 09:00 Los Angeles time on both sides of the DST change (a 167-hour week), with the backup a week behind', async () => {
    const response = await t.api({ method: 'GET', url: `/api/v1/schedules/${scheduleId}/segments?from=2026-03-02T17:00:00.000Z&to=2026-03-23T16:00:00.000Z` });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ primary: { segments: Array<{ start: string; end: string; userId: string }>; gaps: unknown[] }; backup: { segments: Array<{ userId: string }> } }>();
    expect(body.primary.segments).toEqual([
      { start: '2026-03-02T17:00:00.000Z', end: '2026-03-09T16:00:00.000Z', userId: alice.id },
      { start: '2026-03-09T16:00:00.000Z', end: '2026-03-16T16:00:00.000Z', userId: bob.id },
      { start: '2026-03-16T16:00:00.000Z', end: '2026-03-23T16:00:00.000Z', userId: alice.id },
    ]);
    expect(body.primary.gaps).toEqual([]);
    expect(body.backup.segments.map((s) => s.userId)).toEqual([bob.id, alice.id, bob.id]);
  });

  it('answers who is on call at an instant and until when, overrides included', async () => {
    await t.api({ method: 'POST', url: `/api/v1/schedules/${scheduleId}/overrides`, payload: { version: 1, userId: bob.id, start: '2026-03-05T00:00:00.000Z', end: '2026-03-05T06:00:00.000Z' } });
    const during = await t.api({ method: 'GET', url: `/api/v1/schedules/${scheduleId}/on-call?at=2026-03-05T01:00:00.000Z` });
    expect(during.json()).toEqual({ at: '2026-03-05T01:00:00.000Z', primary: { userId: bob.id, until: '2026-03-05T06:00:00.000Z' }, backup: { userId: bob.id, until: '2026-03-09T16:00:00.000Z' } });
    const after = await t.api({ method: 'GET', url: `/api/v1/schedules/${scheduleId}/on-call?at=2026-03-05T07:00:00.000Z` });
    expect(after.json()).toMatchObject({ primary: { userId: alice.id, until: '2026-03-09T16:00:00.000Z' } });
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${scheduleId}/on-call?at=yesterday` })).statusCode).toBe(400);
  });

  it('shows on the dashboard who is on call now and whether they are in quiet hours', async () => {
    t.clock.set('2026-03-21T10:00:00.000Z'); // 03:00 in Los Angeles: inside Alice's 02:00–07:00
    const viewer = await t.person('viewer');
    const now = (await t.api({ method: 'GET', url: '/api/v1/on-call', headers: { cookie: viewer.cookie } })).json<{ items: unknown[] }>().items;
    expect(now).toEqual([
      {
        scheduleId,
        name: 'Payments',
        zone: 'America/Los_Angeles',
        teamId: t.teamId,
        primary: { userId: alice.id, name: 'Alice', until: '2026-03-23T16:00:00.000Z', inQuietHours: true },
        backup: { userId: bob.id, name: 'Bob', until: '2026-03-23T16:00:00.000Z', inQuietHours: false },
        error: null,
      },
    ]);
  });

  it('answers who is on call for healthy schedules when another schedule stored before the rules is broken, and lets it be repaired', async () => {
    t.clock.set('2026-03-21T10:00:00.000Z');
    const layer = { id: 'primary', name: 'Primary', participants: [bob.id], rotation: { kind: 'daily' }, handoff: { time: '09:00' }, start: '2026-03-01' };
    const other = (await t.api({ method: 'POST', url: '/api/v1/schedules', payload: { name: 'Ledger', teamId: t.teamId, zone: 'Europe/Berlin', layers: [layer] } })).json<{ id: string }>().id;
    // Written straight into the database, as the API accepted it before dates were checked.
    await t.handle.db.updateTable('schedules').set({ layers: JSON.stringify([{ ...layer, start: '2026-02-30', restrictions: [] }]) }).where('id', '=', other).execute();

    const onCall = await t.api({ method: 'GET', url: '/api/v1/on-call' });
    expect(onCall.statusCode).toBe(200);
    const items = onCall.json<{ items: Array<{ scheduleId: string; primary: unknown; error: unknown }> }>().items;
    expect(items.find((i) => i.scheduleId === scheduleId)).toMatchObject({ primary: { userId: alice.id }, error: null });
    expect(items.find((i) => i.scheduleId === other)).toEqual({
      scheduleId: other,
      name: 'Ledger',
      zone: 'Europe/Berlin',
      teamId: t.teamId,
      primary: null,
      backup: null,
      error: { code: 'invalid_schedule', message: expect.stringContaining('layers[0].start') as string, fields: [{ field: 'layers[0].start', problem: 'must be a date that exists (2026-02-30 does not)' }] },
    });

    const loaded = await t.api({ method: 'GET', url: `/api/v1/schedules/${other}` });
    expect(loaded.statusCode).toBe(200);
    expect(loaded.json()).toMatchObject({ layers: [{ start: '2026-02-30' }] });
    const segments = await t.api({ method: 'GET', url: `/api/v1/schedules/${other}/segments?from=2026-03-02T00:00:00.000Z&to=2026-03-09T00:00:00.000Z` });
    expect(segments.statusCode).toBe(409);
    expect(segments.json()).toMatchObject({ error: { code: 'invalid_schedule', fields: [{ field: 'layers[0].start' }] } });
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${other}/on-call?at=2026-03-05T00:00:00.000Z` })).statusCode).toBe(409);
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${other}/fairness?from=2026-03-02T00:00:00.000Z&to=2026-03-09T00:00:00.000Z` })).statusCode).toBe(409);
    const feed = (await t.api({ method: 'POST', url: '/api/v1/me/feeds' })).json<{ url: string }>();
    expect((await t.api({ method: 'GET', url: feed.url, headers: { cookie: '' } })).statusCode).toBe(200);

    const repaired = await t.api({ method: 'PUT', url: `/api/v1/schedules/${other}`, payload: { version: 1, layers: [{ ...layer, start: '2026-02-28' }] } });
    expect(repaired.statusCode).toBe(200);
    const after = (await t.api({ method: 'GET', url: '/api/v1/on-call' })).json<{ items: Array<{ scheduleId: string; primary: unknown; error: unknown }> }>().items;
    expect(after.find((i) => i.scheduleId === other)).toMatchObject({ primary: { userId: bob.id }, error: null });
  });

  it('still answers for a schedule holding an override from 0000 to 9999 stored before overrides were bounded', async () => {
    t.clock.set('2026-03-21T10:00:00.000Z');
    await t.handle.db.insertInto('schedule_overrides').values({ id: 'forever', schedule_id: scheduleId, user_id: bob.id, start_at: Date.parse('0000-01-01T00:00:00.000Z'), end_at: Date.parse('9999-12-31T00:00:00.000Z'), created_by: null, created_at: 0 }).execute();
    const items = (await t.api({ method: 'GET', url: '/api/v1/on-call' })).json<{ items: unknown[] }>().items;
    expect(items).toMatchObject([{ scheduleId, primary: { userId: bob.id }, error: null }]);
    const removed = await t.api({ method: 'DELETE', url: `/api/v1/schedules/${scheduleId}/overrides/forever?version=1` });
    expect(removed.json()).toMatchObject({ version: 2, overrides: [] });
  });

  it.each([
    ['an override from year 0000 to 9999', 'POST', 'overrides', { version: 1, userId: 'alice', start: '0000-01-01T00:00:00.000Z', end: '9999-12-31T00:00:00.000Z' }, ['start', 'end']],
    ['an override longer than a year and a day', 'POST', 'overrides', { version: 1, userId: 'alice', start: '2026-01-01T00:00:00.000Z', end: '2027-01-03T00:00:00.000Z' }, ['end']],
    ['segments from year 0000', 'GET', 'segments?from=0000-01-01T00:00:00.000Z&to=0000-02-01T00:00:00.000Z', undefined, ['from', 'to']],
    ['segments over more than 400 days', 'GET', 'segments?from=2026-01-01T00:00:00.000Z&to=2027-03-01T00:00:00.000Z', undefined, ['to']],
    ['fairness until 9999', 'GET', 'fairness?from=9999-01-01T00:00:00.000Z&to=9999-02-01T00:00:00.000Z', undefined, ['from', 'to']],
    ['who is on call in 9999', 'GET', 'on-call?at=9999-01-01T00:00:00.000Z', undefined, ['at']],
  ] as const)('refuses %s with 400 naming the field', async (_case, method, path, payload, expected) => {
    const body = payload ? { ...payload, userId: alice.id } : undefined;
    const response = await t.api({ method, url: `/api/v1/schedules/${scheduleId}/${path}`, ...(body ? { payload: body } : {}) });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { fields: Array<{ field: string }> } }>().error.fields.map((f) => f.field)).toEqual(expected);
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${scheduleId}` })).json()).toMatchObject({ version: 1, overrides: [] });
  });

  it('counts on-call, night and weekend hours per team member who can be on call, primary and backup together', async () => {
    const vera = await t.person('viewer', { name: 'Vera Viewer' });
    await t.handle.db.insertInto('team_members').values({ team_id: t.teamId, user_id: vera.id, manager: 0 }).execute();
    const report = (await t.api({ method: 'GET', url: `/api/v1/schedules/${scheduleId}/fairness?from=2026-03-02T17:00:00.000Z&to=2026-03-16T16:00:00.000Z` })).json<{ meanHours: number; people: Array<{ name: string; onCallHours: number; primaryHours: number; weekendHours: number; flagged: boolean }> }>();
    const alicesRow = report.people.find((p) => p.name === 'Alice')!;
    const bobsRow = report.people.find((p) => p.name === 'Bob')!;
    expect([alicesRow.primaryHours, bobsRow.primaryHours]).toEqual([167, 168]);
    expect([alicesRow.onCallHours, bobsRow.onCallHours]).toEqual([335, 335]);
    // Ada (the admin, a team member on no rotation) pulls the mean down and is flagged; so are both engineers.
    expect(report.people.find((p) => p.name === 'Ada Admin')).toMatchObject({ onCallHours: 0, flagged: true });
    expect(report.people.map((p) => p.name)).not.toContain('Vera Viewer');
    expect((await t.api({ method: 'GET', url: `/api/v1/schedules/${scheduleId}/fairness?from=2026-03-16T00:00:00.000Z&to=2026-03-02T00:00:00.000Z` })).statusCode).toBe(400);
  });

  it('publishes shifts as a secret iCalendar feed that calendar apps can read, until revoked', async () => {
    t.clock.set('2026-03-05T00:00:00.000Z');
    const created = await t.api({ method: 'POST', url: '/api/v1/me/feeds', headers: { cookie: (await t.person('viewer')).cookie } });
    expect(created.statusCode).toBe(201);
    const personal = await t.api({ method: 'POST', url: '/api/v1/me/feeds' });
    expect(personal.statusCode).toBe(201);
    const scheduleFeed = await t.api({ method: 'POST', url: `/api/v1/schedules/${scheduleId}/feeds` });
    const { url, id } = scheduleFeed.json<{ url: string; id: string }>();
    expect(url).toMatch(/^\/api\/v1\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await t.api({ method: 'GET', url, headers: { cookie: '' } });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(feed.body).toContain('DTSTART:20260302T170000Z\r\nDTEND:20260309T160000Z\r\nSUMMARY:Primary: Alice');
    expect(feed.body).toContain('SUMMARY:Backup: Bob');
    expect((await t.api({ method: 'DELETE', url: `/api/v1/me/feeds/${id}` })).statusCode).toBe(204);
    expect((await t.api({ method: 'GET', url, headers: { cookie: '' } })).statusCode).toBe(404);
    expect((await t.api({ method: 'GET', url: '/api/v1/feeds/guessed.ics', headers: { cookie: '' } })).statusCode).toBe(404);
  });
});

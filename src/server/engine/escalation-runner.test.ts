import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../test-support/test-app';
import type { PagingWorld, WorldPerson } from '../test-support/paging-world';
import { createPagingWorld, eventsOf } from '../test-support/paging-world';

const MINUTE = 60_000;

describe.each(ENGINES)('paging end to end on %s', (engine) => {
  let w: PagingWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  /** The guide's team (primary, the backup after 5 minutes, the manager after 10): Diego (SMS at once, a call a minute later), Bob the backup, Maya the manager. */
  async function guideTeam(world: PagingWorld) {
    const diego = await world.person({ name: 'Diego', rules: [{ channel: 'sms', delay: 0 }, { channel: 'voice', delay: 1 }] });
    const bob = await world.person({ name: 'Bob' });
    const maya = await world.person({ name: 'Maya', role: 'manager' });
    return { diego, bob, maya };
  }

  const userLevels = (primary: WorldPerson, backup: WorldPerson, manager: WorldPerson) => [
    { after: 5, targets: [{ type: 'user' as const, userId: primary.id }] },
    { after: 5, targets: [{ type: 'user' as const, userId: backup.id }] },
    { after: 10, targets: [{ type: 'user' as const, userId: manager.id }] },
  ];

  /** Who was paged how and when, from the timeline. */
  const notified = (events: Awaited<ReturnType<PagingWorld['timeline']>>) =>
    eventsOf(events, 'page.notified').map((e) => [e.at, e.data['name'], e.data['channel'], e.data['level']]);

  async function expectTheGuidesTimes(world: PagingWorld, incidentId: string, team: Awaited<ReturnType<typeof guideTeam>>) {
    const { diego, bob, maya } = team;
    // At once: Diego's SMS (and his in-app ring).
    await world.settle();
    expect(world.smsTo(diego.phone).map((r) => r.at)).toEqual([world.clock.now()]);
    expect(world.callsTo(diego.phone)).toHaveLength(0);
    expect(world.smsTo(diego.phone)[0]!.params['Body']).toContain(incidentId);

    await world.advance(MINUTE);
    expect(world.callsTo(diego.phone).map((r) => r.at)).toEqual([Date.parse(world.iso(MINUTE))]);
    expect(world.smsTo(bob.phone)).toHaveLength(0);

    await world.advance(4 * MINUTE);
    expect(world.smsTo(bob.phone).map((r) => r.at)).toEqual([Date.parse(world.iso(5 * MINUTE))]);
    expect(world.smsTo(maya.phone)).toHaveLength(0);

    await world.advance(5 * MINUTE);
    expect(world.smsTo(maya.phone).map((r) => r.at)).toEqual([Date.parse(world.iso(10 * MINUTE))]);

    const events = await world.timeline(incidentId);
    expect(notified(events)).toEqual([
      [world.iso(0), 'Diego', 'in-app', 1],
      [world.iso(0), 'Diego', 'sms', 1],
      [world.iso(MINUTE), 'Diego', 'voice', 1],
      [world.iso(5 * MINUTE), 'Bob', 'in-app', 2],
      [world.iso(5 * MINUTE), 'Bob', 'sms', 2],
      [world.iso(10 * MINUTE), 'Maya', 'in-app', 3],
      [world.iso(10 * MINUTE), 'Maya', 'sms', 3],
    ]);
    expect(eventsOf(events, 'escalation.escalated').map((e) => [e.at, e.data['level'], e.data['reason']])).toEqual([
      [world.iso(0), 1, 'triggered'],
      [world.iso(5 * MINUTE), 2, 'timeout'],
      [world.iso(10 * MINUTE), 3, 'timeout'],
    ]);
    // Nothing is sent twice and nobody else is paged.
    expect(world.recorder.messages()).toHaveLength(3);
    expect(world.recorder.calls()).toHaveLength(1);
  }

  it("pages the guide's policy to the second: Diego's SMS at once, his call at +1 min, the backup at +5, the manager at +10", async () => {
    w = await createPagingWorld(engine);
    const team = await guideTeam(w);
    const service = await w.service('Checkout API', userLevels(team.diego, team.bob, team.maya));
    const incidentId = await w.alert(service.key);
    const incident = (await w.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}` })).json<{ severity: string }>();
    expect(incident.severity).toBe('P1');
    await expectTheGuidesTimes(w, incidentId, team);
  });

  it('pages whoever a real schedule puts on call as primary and backup, created through the schedules API', async () => {
    w = await createPagingWorld(engine);
    const team = await guideTeam(w);
    const schedule = await w.api({
      method: 'POST',
      url: '/api/v1/schedules',
      payload: {
        name: 'Checkout on-call',
        teamId: w.teamId,
        zone: 'America/Los_Angeles',
        backupLag: 1,
        layers: [{ id: 'l1', name: 'Primary', participants: [team.diego.id, team.bob.id], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-03-02' }],
      },
    });
    expect(schedule.statusCode).toBe(201);
    const scheduleId = schedule.json<{ id: string }>().id;
    const onCall = (await w.api({ method: 'GET', url: `/api/v1/schedules/${scheduleId}/on-call` })).json<Record<string, unknown>>();
    expect(JSON.stringify(onCall)).toContain(team.diego.id);
    const service = await w.service('Checkout API', [
      { after: 5, targets: [{ type: 'schedule', scheduleId, role: 'primary' }] },
      { after: 5, targets: [{ type: 'schedule', scheduleId, role: 'backup' }] },
      { after: 10, targets: [{ type: 'user', userId: team.maya.id }] },
    ]);
    const incidentId = await w.alert(service.key);
    await expectTheGuidesTimes(w, incidentId, team);
  });

  it('stops everything when Diego acknowledges at +3 min from the web: no more pages for 30 minutes, no timers left, who and how recorded', async () => {
    w = await createPagingWorld(engine);
    const { diego, bob, maya } = await guideTeam(w);
    const service = await w.service('Checkout API', userLevels(diego, bob, maya));
    const incidentId = await w.alert(service.key);
    await w.settle();
    await w.advance(3 * MINUTE);
    const acked = await w.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/acknowledge`, headers: { cookie: diego.cookie } });
    expect(acked.statusCode).toBe(200);
    await w.settle();
    const timers = await w.handle.db.selectFrom('escalation_timers').selectAll().where('incident_id', '=', incidentId).execute();
    expect(timers).toEqual([]);
    const before = w.recorder.requests.length;
    expect(before).toBe(2);

    await w.advance(30 * MINUTE);
    expect(w.recorder.requests).toHaveLength(before);
    expect(w.smsTo(bob.phone)).toHaveLength(0);
    expect(w.smsTo(maya.phone)).toHaveLength(0);

    const events = await w.timeline(incidentId);
    const ack = eventsOf(events, 'incident.acknowledged');
    expect(ack.map((e) => [e.at, e.data])).toEqual([[w.iso(3 * MINUTE), { how: 'web', by: diego.id }]]);
    expect(eventsOf(events, 'page.notified').every((e) => Date.parse(e.at) <= Date.parse(w!.iso(3 * MINUTE)))).toBe(true);
    const row = await w.handle.db.selectFrom('incidents').select(['state', 'acknowledged_by', 'acknowledged_how', 'acknowledged_at']).where('id', '=', incidentId).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'acknowledged', acknowledged_by: diego.id, acknowledged_how: 'web', acknowledged_at: Date.parse(w.iso(3 * MINUTE)) });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { NOT_PAGED, incidentsRepository } from '../repositories/incidents-repository';
import { escalationsRepository } from '../repositories/escalations-repository';
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

  it('re-triggers an incident whose acknowledgement timed out: the primary is paged again, can acknowledge again, and the first acknowledgement stays the one MTTA counts', async () => {
    w = await createPagingWorld(engine);
    const { diego, bob, maya } = await guideTeam(w);
    const service = await w.service('Checkout API', null);
    const levels = userLevels(diego, bob, maya).map((level) => ({ escalateAfterMinutes: level.after, targets: level.targets }));
    const policy = await w.api({ method: 'PUT', url: `/api/v1/services/${service.id}/escalation-policy`, payload: { version: null, repeat: 0, ackTimeoutMinutes: 10, levels } });
    expect(policy.statusCode).toBe(200);
    const incidentId = await w.alert(service.key);
    await w.settle();
    await w.advance(MINUTE);
    expect((await w.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/acknowledge`, headers: { cookie: diego.cookie } })).statusCode).toBe(200);
    await w.settle();
    const smsBefore = w.smsTo(diego.phone).length;

    await w.advance(10 * MINUTE);
    const state = async () => (await w!.handle.db.selectFrom('incidents').select(['state', 'acknowledged_at']).where('id', '=', incidentId).executeTakeFirstOrThrow());
    expect(await state()).toEqual({ state: 'triggered', acknowledged_at: Date.parse(w.iso(MINUTE)) });
    expect(w.smsTo(diego.phone).length).toBeGreaterThan(smsBefore);
    const events = await w.timeline(incidentId);
    const again = eventsOf(events, 'escalation.escalated').filter((e) => e.data.reason === 'ack-timeout');
    expect(again.map((e) => [e.at, e.data.level])).toEqual([[w.iso(11 * MINUTE), 1]]);

    expect((await w.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/acknowledge`, headers: { cookie: diego.cookie } })).statusCode).toBe(200);
    await w.settle();
    expect(await state()).toEqual({ state: 'acknowledged', acknowledged_at: Date.parse(w.iso(MINUTE)) });
    const sent = w.recorder.requests.length;
    await w.advance(9 * MINUTE);
    expect(w.recorder.requests).toHaveLength(sent);
    expect(w.smsTo(bob.phone)).toHaveLength(0);
  });

  it('stops paging when Alertmanager resolves the incident', async () => {
    w = await createPagingWorld(engine);
    const { diego, bob, maya } = await guideTeam(w);
    const service = await w.service('Checkout API', userLevels(diego, bob, maya));
    const incidentId = await w.alert(service.key);
    await w.settle();
    await w.advance(30_000);
    expect(await w.alert(service.key, { status: 'resolved' })).toBe(incidentId);
    await w.settle();
    expect(await w.handle.db.selectFrom('escalation_timers').selectAll().where('incident_id', '=', incidentId).execute()).toEqual([]);
    await w.advance(30 * MINUTE);
    expect(w.recorder.requests.map((r) => [r.resource, r.params['To']])).toEqual([['Messages', diego.phone]]);
    const escalation = await w.handle.db.selectFrom('escalations').select('status').where('incident_id', '=', incidentId).executeTakeFirstOrThrow();
    expect(escalation.status).toBe('resolved');
  });

  describe('quiet hours', () => {
    const quiet = { start: '02:00', end: '07:00' };
    // 04:00 in Los Angeles in winter (PST, UTC−8) and in summer (PDT, UTC−7).
    it.each([
      ['in January', '2026-01-14T12:00:00.000Z'],
      ['in July', '2026-07-14T11:00:00.000Z'],
    ])('skips Alice at 04:00 her time %s and pages Bob, the backup, at the same instant', async (_when, start) => {
      w = await createPagingWorld(engine, { start });
      const alice = await w.person({ name: 'Alice', zone: 'America/Los_Angeles', quietHours: quiet });
      const bob = await w.person({ name: 'Bob' });
      const service = await w.service('Checkout API', [
        { after: 5, targets: [{ type: 'user', userId: alice.id }] },
        { after: 5, targets: [{ type: 'user', userId: bob.id }] },
      ]);
      const incidentId = await w.alert(service.key);
      await w.settle();
      expect(w.smsTo(alice.phone)).toHaveLength(0);
      expect(w.smsTo(bob.phone).map((r) => r.at)).toEqual([Date.parse(start)]);
      const events = await w.timeline(incidentId);
      expect(eventsOf(events, 'page.skipped').map((e) => [e.at, e.data])).toEqual([
        [start, { userId: alice.id, name: 'Alice', level: 1, reason: 'quiet-hours', detail: 'in quiet hours 02:00–07:00 America/Los_Angeles', until: null, escalatedAtOnce: true }],
      ]);
      expect(notified(events)).toEqual([
        [start, 'Bob', 'in-app', 2],
        [start, 'Bob', 'sms', 2],
      ]);
      expect(eventsOf(events, 'escalation.escalated').map((e) => [e.at, e.data['level'], e.data['reason']])).toEqual([
        [start, 1, 'triggered'],
        [start, 2, 'everyone-skipped'],
      ]);
    });

    it('pages Bob anyway when both are in quiet hours and he is the last level', async () => {
      const start = '2026-01-14T12:00:00.000Z';
      w = await createPagingWorld(engine, { start });
      const alice = await w.person({ name: 'Alice', zone: 'America/Los_Angeles', quietHours: quiet });
      const bob = await w.person({ name: 'Bob', zone: 'America/Los_Angeles', quietHours: quiet });
      const service = await w.service('Checkout API', [
        { after: 5, targets: [{ type: 'user', userId: alice.id }] },
        { after: 5, targets: [{ type: 'user', userId: bob.id }] },
      ]);
      const incidentId = await w.alert(service.key);
      await w.settle();
      expect(w.smsTo(alice.phone)).toHaveLength(0);
      expect(w.smsTo(bob.phone).map((r) => r.at)).toEqual([Date.parse(start)]);
      const events = await w.timeline(incidentId);
      expect(eventsOf(events, 'page.quiet_hours_overridden').map((e) => [e.at, e.data])).toEqual([
        [start, { userId: bob.id, name: 'Bob', level: 2, why: 'last-level', detail: '02:00–07:00 America/Los_Angeles' }],
      ]);
      expect(notified(events)).toEqual([
        [start, 'Bob', 'in-app', 2],
        [start, 'Bob', 'sms', 2],
      ]);
    });
  });

  it('fires the step that fell due while the server was down exactly once after a restart, marked late, without paging the primary again', async () => {
    w = await createPagingWorld(engine);
    const { diego, bob, maya } = await guideTeam(w);
    const service = await w.service('Checkout API', userLevels(diego, bob, maya));
    const incidentId = await w.alert(service.key);
    await w.settle();
    await w.advance(4 * MINUTE + 50_000);
    expect(w.smsTo(diego.phone)).toHaveLength(1);
    expect(w.callsTo(diego.phone)).toHaveLength(1);
    expect(w.smsTo(bob.phone)).toHaveLength(0);

    const world = w;
    await w.restart(async () => {
      // The backup was due at 5:00; the server comes back at 5:20.
      await world.clock.advanceBy(30_000);
      expect(world.recorder.requests).toHaveLength(2);
    });
    await w.settle();
    expect(w.smsTo(bob.phone).map((r) => r.at)).toEqual([Date.parse(w.iso(5 * MINUTE + 20_000))]);
    expect(w.smsTo(diego.phone)).toHaveLength(1);
    expect(w.callsTo(diego.phone)).toHaveLength(1);

    // Nothing repeats later either: the manager follows at +10 as planned.
    await w.advance(5 * MINUTE);
    expect(w.smsTo(bob.phone)).toHaveLength(1);
    expect(w.smsTo(diego.phone)).toHaveLength(1);
    expect(w.smsTo(maya.phone)).toHaveLength(1);

    const events = await w.timeline(incidentId);
    const bobs = eventsOf(events, 'page.notified').filter((e) => e.data['userId'] === bob.id);
    expect(bobs.map((e) => [e.at, e.data['channel']])).toEqual([
      [w.iso(5 * MINUTE + 20_000), 'in-app'],
      [w.iso(5 * MINUTE + 20_000), 'sms'],
    ]);
    for (const event of bobs) expect(event.data['lateByMs']).toBeGreaterThanOrEqual(20_000);
    const level2 = eventsOf(events, 'escalation.escalated').find((e) => e.data['level'] === 2);
    expect(level2?.data['lateByMs']).toBeGreaterThanOrEqual(20_000);
    expect(eventsOf(events, 'page.notified').filter((e) => e.data['userId'] === diego.id)).toHaveLength(3);
  });

  it('sends one person at most one SMS a minute through a storm of 200 incidents, the bundle saying how many more', async () => {
    w = await createPagingWorld(engine);
    const pat = await w.person({ name: 'Pat' });
    const service = await w.service('Checkout API', [{ after: 30, targets: [{ type: 'user', userId: pat.id }] }]);
    const ids: string[] = [];
    for (let index = 0; index < 200; index += 1) {
      ids.push(await w.alert(service.key, { group: `storm-${index}` }));
      // The first text goes out before the storm goes on, so its instant is exact.
      if (index === 0) await w.settle();
      await w.clock.advanceBy(50);
    }
    expect(new Set(ids).size).toBe(200);
    await w.settle();
    // To the bundle's minute exactly, then minute by minute.
    await w.advance(Date.parse(w.iso(MINUTE)) - w.clock.now());
    for (let minute = 2; minute <= 10; minute += 1) await w.advance(MINUTE);

    const texts = w.smsTo(pat.phone);
    const instants = texts.map((r) => r.at);
    for (let index = 1; index < instants.length; index += 1) expect(instants[index]! - instants[index - 1]!).toBeGreaterThanOrEqual(MINUTE);
    expect(texts.length).toBeLessThanOrEqual(11);
    // The first incident's text at once; every other incident in the bundle a minute later.
    expect(texts.map((r) => r.at)).toEqual([Date.parse(w.iso(0)), Date.parse(w.iso(MINUTE))]);
    expect(texts[0]!.params['Body']).toContain(ids[0]);
    expect(texts[1]!.params['Body']).toContain(ids[1]);
    expect(texts[1]!.params['Body']).toContain('+198 more incidents');

    const bundled = await w.handle.db.selectFrom('events').select(['incident_id', 'data']).where('kind', '=', 'page.bundled').execute();
    expect(bundled).toHaveLength(199);
    expect(new Set(bundled.map((e) => e.incident_id))).toEqual(new Set(ids.slice(1)));
    expect(bundled.every((e) => (JSON.parse(e.data) as { sendAt: string }).sendAt === w!.iso(MINUTE))).toBe(true);
    // The bundle's own incident says when it went out, and how many it carried.
    const sentBundle = eventsOf(await w.timeline(ids[1]!), 'page.notified').filter((e) => e.data['channel'] === 'sms');
    expect(sentBundle.map((e) => [e.at, e.data['bundled'], e.data['level']])).toEqual([[w.iso(MINUTE), 198, 1]]);
  });

  it('pages alerts committed together exactly as one at a time: one SMS each minute per person, every incident rung in the app and escalated on time', async () => {
    w = await createPagingWorld(engine);
    const pat = await w.person({ name: 'Pat' });
    const bob = await w.person({ name: 'Bob' });
    const service = await w.service('Checkout API', [
      { after: 1, targets: [{ type: 'user', userId: pat.id }] },
      { after: 5, targets: [{ type: 'user', userId: bob.id }] },
    ]);
    // Sent together, the alerts share the writer's transactions, and their level-2 steps fall due at one instant.
    const ids = await Promise.all(Array.from({ length: 20 }, (_, index) => w!.alert(service.key, { group: `burst-${index}` })));
    expect(new Set(ids).size).toBe(20);
    await w.settle();
    expect(w.smsTo(pat.phone).map((r) => r.at)).toEqual([Date.parse(w.iso(0))]);
    await w.advance(MINUTE);
    await w.advance(MINUTE);

    // Pat: the first text at once, the other 19 incidents in one bundle a minute later; Bob likewise, a minute after level 2 began.
    expect(w.smsTo(pat.phone).map((r) => r.at)).toEqual([Date.parse(w.iso(0)), Date.parse(w.iso(MINUTE))]);
    expect(w.smsTo(pat.phone)[1]!.params['Body']).toContain('+18 more incidents');
    expect(w.smsTo(bob.phone).map((r) => r.at)).toEqual([Date.parse(w.iso(MINUTE)), Date.parse(w.iso(2 * MINUTE))]);
    expect(w.smsTo(bob.phone)[1]!.params['Body']).toContain('+18 more incidents');
    for (const id of ids) {
      const events = await w.timeline(id);
      expect(eventsOf(events, 'escalation.escalated').map((e) => [e.at, e.data['level']])).toEqual([
        [w.iso(0), 1],
        [w.iso(MINUTE), 2],
      ]);
      expect(notified(events).filter(([, , channel]) => channel === 'in-app')).toEqual([
        [w.iso(0), 'Pat', 'in-app', 1],
        [w.iso(MINUTE), 'Bob', 'in-app', 2],
      ]);
      // One page row per decision: the same key is never paged twice.
      const pages = await escalationsRepository.pagesOf(w.handle.db, id);
      expect(new Set(pages.map((page) => page.page_key)).size).toBe(pages.length);
    }
    const rows = await incidentsRepository.findByIds(w.handle.db, ids);
    expect(rows.every((row) => row.first_notified_at === Date.parse(w!.iso(0)) && row.first_escalated_at === Date.parse(w!.iso(MINUTE)))).toBe(true);
    // What is left: level 2's end, once per incident.
    const timers = await w.handle.db.selectFrom('escalation_timers').select(['incident_id', 'due_at']).where('incident_id', 'in', ids).execute();
    expect(timers.map((t) => t.incident_id).sort()).toEqual([...ids].sort());
    expect(new Set(timers.map((t) => Number(t.due_at)))).toEqual(new Set([Date.parse(w.iso(6 * MINUTE))]));
  });

  it('pages an incident opened later in the same transaction as a change made before it: a contact method unverified in between is not paged', async () => {
    w = await createPagingWorld(engine);
    const diego = await w.person({ name: 'Diego', rules: [{ channel: 'email', delay: 0 }] });
    const service = await w.service('Checkout API', [{ after: 5, targets: [{ type: 'user', userId: diego.id }] }]);
    const firstId = await w.alert(service.key, { group: 'first' });
    await w.settle();
    const [template] = await incidentsRepository.findByIds(w.handle.db, [firstId]);
    const at = w.clock.now();
    const copy = (n: number) => ({ ...template!, id: `${template!.id}-${n}`, number: template!.number + n, open_dedup: `${template!.open_dedup}-${n}`, ...NOT_PAGED });
    await w.app.writeQueue.run(
      async (ctx) => {
        const before = copy(1);
        await incidentsRepository.insert(ctx.trx, before);
        await w!.app.escalation.incidentOpened(ctx, before, at);
        await ctx.trx.updateTable('contact_methods').set({ verified: 0 }).where('id', '=', diego.contacts.email).execute();
        const after = copy(2);
        await incidentsRepository.insert(ctx.trx, after);
        await w!.app.escalation.incidentOpened(ctx, after, at);
      },
      { essential: true },
    );
    const channels = async (id: string) => (await escalationsRepository.pagesOf(w!.handle.db, id)).map((page) => page.channel).sort();
    expect(await channels(copy(1).id)).toEqual(['email', 'in-app']);
    expect(await channels(copy(2).id)).toEqual(['in-app']);
    const skipped = await w.handle.db.selectFrom('events').select('data').where('incident_id', '=', copy(2).id).where('kind', '=', 'page.skipped').execute();
    expect(skipped.map((e) => (JSON.parse(e.data) as { reason: string }).reason)).toEqual(['unverified-contact']);
  });

  describe('providers that fail', () => {
    async function oneLevel(world: PagingWorld) {
      const diego = await world.person({ name: 'Diego' });
      const bob = await world.person({ name: 'Bob' });
      const service = await world.service('Checkout API', [
        { after: 5, targets: [{ type: 'user', userId: diego.id }] },
        { after: 5, targets: [{ type: 'user', userId: bob.id }] },
      ]);
      return { diego, bob, service };
    }
    const failures = (events: Awaited<ReturnType<PagingWorld['timeline']>>) => eventsOf(events, 'page.failed').map((e) => [e.at, e.data['retrying'], e.data['error']]);

    it('retries a Twilio 500 three times 15 s apart, then gives up, each attempt on the timeline', async () => {
      w = await createPagingWorld(engine);
      const { diego, service } = await oneLevel(w);
      w.recorder.failNext(3, 'server-error');
      const incidentId = await w.alert(service.key);
      await w.settle();
      await w.advance(15_000);
      await w.advance(15_000);
      await w.advance(60_000);
      const attempts = w.recorder.requests.filter((r) => r.params['To'] === diego.phone);
      expect(attempts.map((r) => [r.at, r.status])).toEqual([
        [Date.parse(w.iso(0)), 500],
        [Date.parse(w.iso(15_000)), 500],
        [Date.parse(w.iso(30_000)), 500],
      ]);
      const error = 'Twilio 20500: An internal server error has occurred';
      expect(failures(await w.timeline(incidentId))).toEqual([
        [w.iso(0), true, error],
        [w.iso(15_000), true, error],
        [w.iso(30_000), false, error],
      ]);
      const page = await w.handle.db.selectFrom('pages').select(['status', 'error']).where('incident_id', '=', incidentId).where('channel', '=', 'sms').executeTakeFirstOrThrow();
      expect(page).toEqual({ status: 'failed', error });
    });

    it('does not retry a number Twilio refuses (21211), and still escalates to the next level on time', async () => {
      w = await createPagingWorld(engine);
      const { diego, bob, service } = await oneLevel(w);
      w.recorder.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
      const incidentId = await w.alert(service.key);
      await w.settle();
      await w.advance(MINUTE);
      expect(w.recorder.requests.filter((r) => r.params['To'] === diego.phone)).toHaveLength(1);
      expect(failures(await w.timeline(incidentId))).toEqual([[w.iso(0), false, "Twilio 21211: The 'To' number is not a valid phone number."]]);
      await w.advance(4 * MINUTE);
      expect(w.smsTo(bob.phone).map((r) => r.at)).toEqual([Date.parse(w.iso(5 * MINUTE))]);
    });

    it('counts a Twilio that never answers as failed after 10 s and tries again 15 s later', async () => {
      w = await createPagingWorld(engine);
      const { diego, service } = await oneLevel(w);
      w.recorder.failNext(1, 'hang');
      const incidentId = await w.alert(service.key);
      await w.recorder.waitFor((r) => r.params['To'] === diego.phone);
      await w.clock.advanceBy(9_999);
      expect(eventsOf(await w.timeline(incidentId), 'page.failed')).toEqual([]);
      await w.advance(1);
      expect(failures(await w.timeline(incidentId))).toEqual([[w.iso(10_000), true, 'no answer within 10 s']]);
      await w.advance(15_000);
      expect(w.smsTo(diego.phone).map((r) => r.at)).toEqual([Date.parse(w.iso(25_000))]);
      expect(w.recorder.requests.filter((r) => r.params['To'] === diego.phone)).toHaveLength(2);
    });
  });

  describe('incidents that page nobody, and why', () => {
    it('opens the incident in a maintenance window and says escalation did not start, sending nothing', async () => {
      w = await createPagingWorld(engine);
      const diego = await w.person({ name: 'Diego' });
      const service = await w.service('Checkout API', [{ after: 5, targets: [{ type: 'user', userId: diego.id }] }]);
      const window = await w.api({ method: 'POST', url: `/api/v1/services/${service.id}/maintenance-windows`, payload: { end: '2026-03-21T04:00:00Z', reason: 'database upgrade' } });
      expect(window.statusCode).toBe(201);
      const incidentId = await w.alert(service.key);
      await w.advance(30 * MINUTE);
      const events = await w.timeline(incidentId);
      expect(eventsOf(events, 'incident.triggered')).toHaveLength(1);
      expect(eventsOf(events, 'escalation.not_started').map((e) => [e.at, e.data])).toEqual([[w.iso(0), { reason: 'maintenance', until: '2026-03-21T04:00:00.000Z' }]]);
      expect(eventsOf(events, 'page.notified')).toEqual([]);
      expect(w.recorder.requests).toHaveLength(0);
      expect(w.inbox.messages).toHaveLength(0);
    });

    it('says no policy when the service has none', async () => {
      w = await createPagingWorld(engine);
      await w.person({ name: 'Diego' });
      const service = await w.service('Checkout API', null);
      const incidentId = await w.alert(service.key);
      await w.advance(MINUTE);
      const events = await w.timeline(incidentId);
      expect(eventsOf(events, 'escalation.not_started').map((e) => e.data)).toEqual([{ reason: 'no-policy', until: null }]);
      expect(eventsOf(events, 'page.notified')).toEqual([]);
      expect(w.recorder.requests).toHaveLength(0);
    });

    it('never pages an unverified number, and says so', async () => {
      w = await createPagingWorld(engine);
      const diego = await w.person({ name: 'Diego', unverified: ['sms'] });
      const service = await w.service('Checkout API', [{ after: 5, targets: [{ type: 'user', userId: diego.id }] }]);
      const incidentId = await w.alert(service.key);
      await w.advance(10 * MINUTE);
      expect(w.recorder.requests).toHaveLength(0);
      const events = await w.timeline(incidentId);
      expect(eventsOf(events, 'page.skipped').map((e) => [e.at, e.data['reason'], e.data['userId']])).toContainEqual([w.iso(0), 'unverified-contact', diego.id]);
      expect(notified(events)).toEqual([[w.iso(0), 'Diego', 'in-app', 1]]);
    });

    it('skips a channel that is not configured, saying so, and still rings in the app', async () => {
      w = await createPagingWorld(engine, { channels: { twilio: false } });
      const diego = await w.person({ name: 'Diego' });
      const service = await w.service('Checkout API', [{ after: 5, targets: [{ type: 'user', userId: diego.id }] }]);
      const incidentId = await w.alert(service.key);
      await w.advance(MINUTE);
      expect(w.recorder.requests).toHaveLength(0);
      const events = await w.timeline(incidentId);
      expect(eventsOf(events, 'page.skipped').map((e) => [e.at, e.data['reason'], e.data['userId']])).toContainEqual([w.iso(0), 'channel-not-configured', diego.id]);
      expect(notified(events)).toEqual([[w.iso(0), 'Diego', 'in-app', 1]]);
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalTime } from '../../domain/people/quiet-hours';
import { epochMs } from '../../domain/time/instant';
import { ENGINES, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';
import { maskAddress } from '../../domain/escalation/mask';
import { loadPagingDirectory, pagingPersonDto } from './paging-directory';

const at = (iso: string) => epochMs(Date.parse(iso));

describe.each(ENGINES)('paging directory on %s', (engine) => {
  let t: TestApp;
  let alice: { id: string };
  let bob: { id: string };
  let carol: { id: string };
  let scheduleId: string;

  beforeEach(async () => {
    t = await createTestApp(engine);
    alice = await t.person('responder', { name: 'Alice' });
    bob = await t.person('responder', { name: 'Bob' });
    carol = await t.person('responder', { name: 'Carol' });
    await t.handle.db
      .insertInto('team_members')
      .values([alice, bob, carol].map((p) => ({ team_id: t.teamId, user_id: p.id, manager: 0 })))
      .execute();
    // Weekly from Monday 2 March 09:00 Los Angeles: Alice, Bob, Carol, Alice…; the backup is the previous week's primary.
    const created = await t.api({
      method: 'POST',
      url: '/api/v1/schedules',
      payload: { name: 'Payments on-call', teamId: t.teamId, zone: 'America/Los_Angeles', backupLag: 1, layers: [{ id: 'weekly', name: 'Weekly', participants: [alice.id, bob.id, carol.id], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-03-02' }] },
    });
    expect(created.statusCode).toBe(201);
    scheduleId = created.json<{ id: string }>().id;
  });
  afterEach(async () => t.close());

  const load = () => loadPagingDirectory(t.handle.db, { now: t.clock.now(), channelConfigured: (c) => c === 'email' });

  it("answers a schedule's primary and backup at an instant, handoffs in the schedule's zone and overrides included", async () => {
    await t.api({ method: 'POST', url: `/api/v1/schedules/${scheduleId}/overrides`, payload: { version: 1, userId: alice.id, start: '2026-03-21T03:00:00Z', end: '2026-03-21T05:00:00Z' } });
    const directory = await load();
    const who = (role: 'primary' | 'backup', iso: string) => directory.onCall(scheduleId, role, at(iso));
    // Friday 20 March 19:30 in Los Angeles: Carol's week, Bob is backup.
    expect(who('primary', '2026-03-21T02:30:00Z')).toEqual({ exists: true, userId: carol.id, scheduleName: 'Payments on-call' });
    expect(who('backup', '2026-03-21T02:30:00Z')).toEqual({ exists: true, userId: bob.id, scheduleName: 'Payments on-call' });
    // Alice's override of the primary leaves the backup lane alone.
    expect(who('primary', '2026-03-21T04:00:00Z')).toMatchObject({ userId: alice.id });
    expect(who('backup', '2026-03-21T04:00:00Z')).toMatchObject({ userId: bob.id });
    // Handoff Monday 23 March 09:00 PDT = 16:00 UTC.
    expect(who('primary', '2026-03-23T15:59:59.999Z')).toMatchObject({ userId: carol.id });
    expect(who('primary', '2026-03-23T16:00:00.000Z')).toMatchObject({ userId: alice.id });
    expect(who('backup', '2026-03-23T16:00:00.000Z')).toMatchObject({ userId: carol.id });
    // The same answers as the schedule's own on-call endpoint.
    const api = (await t.api({ method: 'GET', url: `/api/v1/schedules/${scheduleId}/on-call?at=2026-03-23T16:00:00.000Z` })).json<{ primary: { userId: string }; backup: { userId: string } }>();
    expect([api.primary.userId, api.backup.userId]).toEqual([alice.id, carol.id]);
  });

  it('answers exists false for a deleted schedule, and reports its whole window as a gap', async () => {
    expect((await t.api({ method: 'DELETE', url: `/api/v1/schedules/${scheduleId}?version=1` })).statusCode).toBe(204);
    const directory = await load();
    const window = { start: at('2026-03-21T00:00:00Z'), end: at('2026-04-18T00:00:00Z') };
    expect(directory.onCall(scheduleId, 'primary', at('2026-03-21T02:30:00Z'))).toEqual({ exists: false });
    expect(directory.onCall('never-existed', 'backup', at('2026-03-21T02:30:00Z'))).toEqual({ exists: false });
    expect(directory.gaps(scheduleId, 'primary', window)).toEqual([window]);
  });

  it('reports the gaps of each lane: before a layer starts, and everywhere on a schedule without a backup', async () => {
    const later = await t.api({
      method: 'POST',
      url: '/api/v1/schedules',
      payload: { name: 'From April', teamId: t.teamId, zone: 'Europe/Berlin', backupLag: null, layers: [{ id: 'l', name: 'L', participants: [alice.id], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-04-06' }] },
    });
    const laterId = later.json<{ id: string }>().id;
    const directory = await load();
    const window = { start: at('2026-03-21T00:00:00Z'), end: at('2026-04-18T00:00:00Z') };
    // Monday 6 April 09:00 in Berlin (CEST) = 07:00 UTC.
    expect(directory.gaps(laterId, 'primary', window)).toEqual([{ start: window.start, end: at('2026-04-06T07:00:00Z') }]);
    expect(directory.gaps(laterId, 'backup', window)).toEqual([window]);
    expect(directory.onCall(laterId, 'backup', at('2026-04-10T00:00:00Z'))).toEqual({ exists: true, userId: null, scheduleName: 'From April' });
    expect(directory.gaps(scheduleId, 'primary', window)).toEqual([]);
  });

  it('treats a stored schedule that breaks a rule as existing with nobody on call', async () => {
    await t.handle.db.updateTable('schedules').set({ zone: 'Mars/Olympus_Mons' }).where('id', '=', scheduleId).execute();
    const directory = await load();
    const window = { start: at('2026-03-21T00:00:00Z'), end: at('2026-03-28T00:00:00Z') };
    expect(directory.onCall(scheduleId, 'primary', at('2026-03-21T02:30:00Z'))).toEqual({ exists: true, userId: null, scheduleName: 'Payments on-call' });
    expect(directory.gaps(scheduleId, 'backup', window)).toEqual([window]);
  });

  it('knows each person with their contact methods (verified or not), rules, quiet hours in their zone, and whether they can acknowledge', async () => {
    const watcher = await t.person('viewer', { name: 'Watcher' });
    await t.handle.db.updateTable('users').set({ time_zone: 'America/Los_Angeles', quiet_start: '22:00', quiet_end: '07:00', p1_breaks_quiet: 1 }).where('id', '=', alice.id).execute();
    // Half a pair of quiet hours is none.
    await t.handle.db.updateTable('users').set({ quiet_start: '23:00', quiet_end: null }).where('id', '=', bob.id).execute();
    await t.handle.db
      .insertInto('contact_methods')
      .values([
        { id: 'a-sms', user_id: alice.id, kind: 'sms', address: '+14155550123', verified: 1, position: 0, created_at: 0 },
        { id: 'a-mail', user_id: alice.id, kind: 'email', address: 'alice@example.com', verified: 0, position: 1, created_at: 0 },
      ])
      .execute();
    await t.handle.db
      .insertInto('notification_rules')
      .values([
        { id: 'a-r1', user_id: alice.id, urgency: 'high', contact_method_id: 'a-sms', delay_minutes: 0 },
        { id: 'a-r2', user_id: alice.id, urgency: 'low', contact_method_id: 'a-mail', delay_minutes: 5 },
      ])
      .execute();
    const directory = await load();
    const person = directory.person(alice.id)!;
    expect(person).toEqual({
      id: alice.id,
      name: 'Alice',
      zone: 'America/Los_Angeles',
      quietHours: { start: (22 * 60) as LocalTime, end: (7 * 60) as LocalTime },
      p1BreaksQuietHours: true,
      canAcknowledge: true,
      contacts: [
        { id: 'a-sms', kind: 'sms', address: '+14155550123', verified: true },
        { id: 'a-mail', kind: 'email', address: 'alice@example.com', verified: false },
      ],
      rules: [
        { id: 'a-r1', urgency: 'high', contactMethodId: 'a-sms', delayMinutes: 0 },
        { id: 'a-r2', urgency: 'low', contactMethodId: 'a-mail', delayMinutes: 5 },
      ],
    });
    expect(directory.person(bob.id)).toMatchObject({ quietHours: null, p1BreaksQuietHours: false, contacts: [], rules: [] });
    expect(directory.person(watcher.id)).toMatchObject({ canAcknowledge: false });
    expect(directory.person('nobody')).toBeUndefined();
    expect([directory.channelConfigured('email'), directory.channelConfigured('sms')]).toEqual([true, false]);

    expect(pagingPersonDto(person, maskAddress)).toMatchObject({
      quietHours: { start: '22:00', end: '07:00' },
      contacts: [
        { id: 'a-sms', address: '+1•••••0123', verified: true },
        { id: 'a-mail', address: 'a•••@example.com', verified: false },
      ],
    });
  });
});

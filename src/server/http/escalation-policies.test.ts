import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EscalationPolicyViewDto } from '../../contracts/escalation';
import { epochMs } from '../../domain/time/instant';
import { createEscalationPolicyService } from '../services/escalation-policy-service';
import { ENGINES, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

type Person = { id: string; cookie: string; name: string };

describe.each(ENGINES)('escalation policies API on %s', (engine) => {
  let t: TestApp;
  let serviceId: string;
  let manager: Person;
  let alice: Person;
  let bob: Person;
  let watcher: Person;
  let scheduleId: string;

  beforeEach(async () => {
    t = await createTestApp(engine);
    serviceId = (await createService(t)).id;
    manager = await t.person('manager', { manages: [t.teamId], name: 'Maya Manager' });
    alice = await t.person('responder', { name: 'Alice' });
    bob = await t.person('responder', { name: 'Bob' });
    watcher = await t.person('viewer', { name: 'Watcher' });
    await t.handle.db
      .insertInto('team_members')
      .values([alice, bob, watcher].map((p) => ({ team_id: t.teamId, user_id: p.id, manager: 0 })))
      .execute();
    const schedule = await t.api({
      method: 'POST',
      url: '/api/v1/schedules',
      payload: { name: 'Checkout on-call', teamId: t.teamId, zone: 'America/Los_Angeles', backupLag: 1, layers: [{ id: 'l1', name: 'Primary', participants: [alice.id, bob.id], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-03-02' }] },
    });
    expect(schedule.statusCode).toBe(201);
    scheduleId = schedule.json<{ id: string }>().id;
  });
  afterEach(async () => t.close());

  const url = () => `/api/v1/services/${serviceId}/escalation-policy`;
  /** The guide's policy: the schedule's primary, the backup after 5 minutes, the manager after 10. */
  const guidePolicy = (version: number | null = null) => ({
    version,
    levels: [
      { escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId, role: 'primary' }] },
      { escalateAfterMinutes: 10, targets: [{ type: 'schedule', scheduleId, role: 'backup' }] },
      { escalateAfterMinutes: 10, targets: [{ type: 'user', userId: manager.id }] },
    ],
    repeat: 1,
  });
  const put = (payload: unknown, cookie = manager.cookie) => t.api({ method: 'PUT', url: url(), payload: payload as object, headers: { cookie } });
  const view = async () => (await t.api({ method: 'GET', url: url() })).json<EscalationPolicyViewDto>();
  const storedPolicies = async () => t.handle.db.selectFrom('escalation_policies').selectAll().execute();
  const auditActions = async () => (await t.handle.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action).filter((a) => a.startsWith('escalation_policy.'));
  const policyEvents = async () => t.handle.db.selectFrom('events').selectAll().where('kind', '=', 'escalation_policy.changed').orderBy('seq').execute();

  it('lets a manager of the team create the policy, with level ids made up and urgencies defaulted', async () => {
    const created = await put(guidePolicy());
    expect(created.statusCode).toBe(200);
    const policy = created.json<{ version: number; levels: Array<{ id: string }> }>();
    expect(policy).toMatchObject({
      serviceId,
      version: 1,
      repeat: 1,
      ackTimeoutMinutes: null,
      lowUrgency: 'waking-hours',
      urgencyBySeverity: { P1: 'high', P2: 'high', P3: 'low', P4: 'low' },
      updatedAt: '2026-03-21T02:30:00.000Z',
      levels: [
        { escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId, role: 'primary' }] },
        { escalateAfterMinutes: 10, targets: [{ type: 'schedule', scheduleId, role: 'backup' }] },
        { escalateAfterMinutes: 10, targets: [{ type: 'user', userId: manager.id }] },
      ],
    });
    expect(new Set(policy.levels.map((l) => l.id)).size).toBe(3);
    expect((await view()).policy).toEqual(policy);
  });

  it('replaces the policy at the current version, keeping the level ids it is given, and refuses a stale version with 409 carrying the current one', async () => {
    const first = (await put(guidePolicy())).json<{ levels: Array<{ id: string }> }>();
    const kept = first.levels[0]!.id;
    t.clock.advance(60_000);
    const replaced = await put({ version: 1, levels: [{ id: kept, escalateAfterMinutes: 15, targets: [{ type: 'user', userId: alice.id }] }, { escalateAfterMinutes: 5, targets: [{ type: 'user', userId: bob.id }] }] });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ version: 2, repeat: 0, updatedAt: '2026-03-21T02:31:00.000Z', levels: [{ id: kept, escalateAfterMinutes: 15 }, { escalateAfterMinutes: 5 }] });

    const stale = await put({ ...guidePolicy(1) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'stale_version', fields: [{ field: 'version', problem: 'is 2 now' }] }, current: { version: 2, levels: [{ id: kept }, {}] } });

    const createAgain = await put(guidePolicy(null));
    expect(createAgain.statusCode).toBe(409);
    expect(createAgain.json()).toMatchObject({ current: { version: 2 } });
    expect((await view()).policy).toMatchObject({ version: 2, levels: [{ escalateAfterMinutes: 15 }, { escalateAfterMinutes: 5 }] });
  });

  it('deletes the policy at the current version only; afterwards the service has none', async () => {
    await put(guidePolicy());
    const stale = await t.api({ method: 'DELETE', url: `${url()}?version=7`, headers: { cookie: manager.cookie } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'stale_version' }, current: { version: 1 } });
    const missingVersion = await t.api({ method: 'DELETE', url: url(), headers: { cookie: manager.cookie } });
    expect(missingVersion.statusCode).toBe(400);
    expect(missingVersion.json()).toMatchObject({ error: { fields: [{ field: 'version' }] } });
    expect(await storedPolicies()).toHaveLength(1);

    const deleted = await t.api({ method: 'DELETE', url: `${url()}?version=1`, headers: { cookie: manager.cookie } });
    expect(deleted.statusCode).toBe(204);
    expect((await view()).policy).toBeNull();
    expect((await t.api({ method: 'DELETE', url: `${url()}?version=1`, headers: { cookie: manager.cookie } })).statusCode).toBe(404);
    // Writing on top of the deleted version is stale too: it is gone.
    const onDeleted = await put(guidePolicy(1));
    expect(onDeleted.statusCode).toBe(409);
    expect(onDeleted.json()).toMatchObject({ current: null });
  });

  it('records every change in the audit log with before and after, and on the service timeline', async () => {
    await put(guidePolicy());
    await put({ version: 1, levels: [{ escalateAfterMinutes: 5, targets: [{ type: 'user', userId: alice.id }] }] });
    await t.api({ method: 'DELETE', url: `${url()}?version=2`, headers: { cookie: manager.cookie } });
    expect(await auditActions()).toEqual(['escalation_policy.created', 'escalation_policy.updated', 'escalation_policy.deleted']);
    const entries = await t.handle.db.selectFrom('audit_log').selectAll().where('action', 'like', 'escalation_policy.%').orderBy('seq').execute();
    expect(entries.map((e) => [e.actor_name, e.target_type, e.target_id])).toEqual(Array(3).fill(['Maya Manager', 'service', serviceId]));
    expect(entries[0]!.before).toBeNull();
    expect(JSON.parse(entries[1]!.before!)).toMatchObject({ version: 1, levels: [{}, {}, {}] });
    expect(JSON.parse(entries[1]!.after!)).toMatchObject({ version: 2, levels: [{ targets: [{ userId: alice.id }] }] });
    expect(entries[2]!.after).toBeNull();

    const events = await policyEvents();
    expect(events.map((e) => [e.service_id, e.incident_id, e.actor_name, JSON.parse(e.data)])).toEqual([
      [serviceId, null, 'Maya Manager', { version: 1, levels: 3 }],
      [serviceId, null, 'Maya Manager', { version: 2, levels: 1 }],
      [serviceId, null, 'Maya Manager', { version: 2, levels: 0 }],
    ]);
  });

  it('lets admins and managers of the team edit, and nobody else', async () => {
    const otherManager = await t.person('manager', { manages: [] });
    expect((await put(guidePolicy(), otherManager.cookie)).statusCode).toBe(403);
    expect((await put(guidePolicy(), alice.cookie)).statusCode).toBe(403);
    expect((await put(guidePolicy(), watcher.cookie)).statusCode).toBe(403);
    expect((await put(guidePolicy(), '')).statusCode).toBe(401);
    expect(await storedPolicies()).toHaveLength(0);
    expect(await policyEvents()).toHaveLength(0);

    expect((await put(guidePolicy(), t.admin.cookie)).statusCode).toBe(200);
    expect((await t.api({ method: 'DELETE', url: `${url()}?version=1`, headers: { cookie: otherManager.cookie } })).statusCode).toBe(403);
    expect((await put(guidePolicy(1), manager.cookie)).statusCode).toBe(200);
    // Everyone signed in may read it.
    expect((await t.api({ method: 'GET', url: url(), headers: { cookie: watcher.cookie } })).statusCode).toBe(200);
  });

  const level = (targets: unknown[], escalateAfterMinutes: unknown = 5) => ({ escalateAfterMinutes, targets });
  it.each([
    ['a negative delay', () => ({ version: null, levels: [level([{ type: 'user', userId: alice.id }], -5)] }), 'levels.0.escalateAfterMinutes', 'must be at least 1'],
    ['a delay that is not a number', () => ({ version: null, levels: [level([{ type: 'user', userId: alice.id }], '5')] }), 'levels.0.escalateAfterMinutes', 'must be a number'],
    ['a fractional delay', () => ({ version: null, levels: [level([{ type: 'user', userId: alice.id }], 2.5)] }), 'levels.0.escalateAfterMinutes', 'must be a whole number'],
    ['a target who is a viewer', () => ({ version: null, levels: [level([{ type: 'user', userId: alice.id }]), level([{ type: 'user', userId: bob.id }, { type: 'user', userId: watcher.id }])] }), 'levels.1.targets.1.userId', 'is a viewer and cannot acknowledge pages'],
    ['an unknown person', () => ({ version: null, levels: [level([{ type: 'user', userId: 'nobody-at-all' }])] }), 'levels.0.targets.0.userId', 'names nobody'],
    ['an unknown schedule', () => ({ version: null, levels: [level([{ type: 'schedule', scheduleId: 'no-such-schedule' }])] }), 'levels.0.targets.0.scheduleId', 'names no schedule'],
    ['no levels', () => ({ version: null, levels: [] }), 'levels', 'must have at least one level'],
    ['21 levels', () => ({ version: null, levels: Array.from({ length: 21 }, () => level([{ type: 'user', userId: alice.id }])) }), 'levels', 'must have at most 20 levels'],
    ['a level without targets', () => ({ version: null, levels: [level([])] }), 'levels.0.targets', 'must name at least one person or schedule'],
    ['the same target twice in a level', () => ({ version: null, levels: [level([{ type: 'user', userId: alice.id }, { type: 'user', userId: alice.id }])] }), 'levels.0.targets.1', 'is already a target of this level'],
    ['two levels with one id', () => ({ version: null, levels: [{ id: 'x', ...level([{ type: 'user', userId: alice.id }]) }, { id: 'x', ...level([{ type: 'user', userId: bob.id }]) }] }), 'levels.1.id', 'is used by another level'],
    ['a target of an unknown type', () => ({ version: null, levels: [level([{ type: 'team', teamId: 't' }])] }), 'levels.0.targets.0.type', 'must have type user or schedule'],
    ['a schedule lane that does not exist', () => ({ version: null, levels: [level([{ type: 'schedule', scheduleId, role: 'tertiary' }])] }), 'levels.0.targets.0.role', 'must be primary or backup'],
    ['levels that are not a list', () => ({ version: null, levels: 'primary then backup' }), 'levels', 'must be a list of levels'],
    ['a version that is a string', () => ({ version: '1', levels: [level([{ type: 'user', userId: alice.id }])] }), 'version', 'must be a number or null'],
    ['no version at all', () => ({ levels: [level([{ type: 'user', userId: alice.id }])] }), 'version', 'must be a number or null'],
    ['10 repeats', () => ({ version: null, repeat: 10, levels: [level([{ type: 'user', userId: alice.id }])] }), 'repeat', 'must be at most 9'],
    ['an acknowledgement timeout of 0', () => ({ version: null, ackTimeoutMinutes: 0, levels: [level([{ type: 'user', userId: alice.id }])] }), 'ackTimeoutMinutes', 'must be at least 1'],
    ['an unknown urgency', () => ({ version: null, urgencyBySeverity: { P1: 'high', P2: 'urgent', P3: 'low', P4: 'low' }, levels: [level([{ type: 'user', userId: alice.id }])] }), 'urgencyBySeverity.P2', 'must be high or low'],
    ['an extra field', () => ({ version: null, levels: [level([{ type: 'user', userId: alice.id }])], owner: 'me' }), 'owner', 'is not a field of an escalation policy'],
    ['a body that is a list', () => [], '(body)', 'must be a JSON object with version and levels'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_case, body, field, problem) => {
    const response = await put(body());
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string; fields: unknown[] } }>().error).toMatchObject({ code: 'invalid_request' });
    expect(response.json<{ error: { fields: unknown[] } }>().error.fields).toContainEqual({ field, problem });
    expect(await storedPolicies()).toHaveLength(0);
    expect(await auditActions()).toEqual([]);
    expect(await policyEvents()).toHaveLength(0);
  });

  it('refuses a missing body with 400', async () => {
    const response = await t.api({ method: 'PUT', url: url(), headers: { cookie: manager.cookie } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_request', fields: [{ field: '(body)' }] } });
    expect(await storedPolicies()).toHaveLength(0);
  });

  it('refuses a deleted schedule as a target, and a replacement naming one leaves the stored policy as it was', async () => {
    await put(guidePolicy());
    const doomed = (
      await t.api({ method: 'POST', url: '/api/v1/schedules', payload: { name: 'Doomed', teamId: t.teamId, zone: 'Europe/Berlin', layers: [] } })
    ).json<{ id: string }>();
    expect((await t.api({ method: 'DELETE', url: `/api/v1/schedules/${doomed.id}?version=1` })).statusCode).toBe(204);
    const response = await put({ version: 1, levels: [level([{ type: 'user', userId: alice.id }]), level([{ type: 'schedule', scheduleId: doomed.id, role: 'primary' }])] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { fields: [{ field: 'levels.1.targets.0.scheduleId', problem: 'names no schedule' }] } });
    expect((await view()).policy).toMatchObject({ version: 1, levels: [{}, {}, {}] });
    expect(await auditActions()).toEqual(['escalation_policy.created']);
  });

  it('answers 404 for a service that does not exist', async () => {
    expect((await t.api({ method: 'GET', url: '/api/v1/services/no-such-service/escalation-policy' })).statusCode).toBe(404);
    expect((await t.api({ method: 'PUT', url: '/api/v1/services/no-such-service/escalation-policy', payload: guidePolicy() })).statusCode).toBe(404);
  });

  it('shows the editor the people it can page with their addresses masked, and the schedules it can target', async () => {
    const outsider = await t.person('responder', { name: 'Olga Outsider' });
    await t.handle.db
      .insertInto('contact_methods')
      .values([
        { id: 'cm-sms', user_id: alice.id, kind: 'sms', address: '+14155550123', verified: 1, position: 0, created_at: 0 },
        { id: 'cm-mail', user_id: alice.id, kind: 'email', address: 'alice@example.com', verified: 0, position: 1, created_at: 0 },
        { id: 'cm-hook', user_id: outsider.id, kind: 'webhook', address: 'https://hooks.example.com/services/T000/B000/secret', verified: 1, position: 0, created_at: 0 },
      ])
      .execute();
    await t.handle.db.insertInto('notification_rules').values({ id: 'r1', user_id: alice.id, urgency: 'high', contact_method_id: 'cm-sms', delay_minutes: 0 }).execute();
    await t.handle.db.updateTable('users').set({ quiet_start: '22:00', quiet_end: '07:00', p1_breaks_quiet: 1, time_zone: 'America/Los_Angeles' }).where('id', '=', alice.id).execute();
    await put({ version: null, levels: [level([{ type: 'schedule', scheduleId, role: 'primary' }]), level([{ type: 'user', userId: outsider.id }])] });

    const body = await view();
    const alicePerson = body.people.find((p) => p.id === alice.id);
    expect(alicePerson).toEqual({
      id: alice.id,
      name: 'Alice',
      zone: 'America/Los_Angeles',
      quietHours: { start: '22:00', end: '07:00' },
      p1BreaksQuietHours: true,
      canAcknowledge: true,
      contacts: [
        { id: 'cm-sms', kind: 'sms', address: '+1•••••0123', verified: true },
        { id: 'cm-mail', kind: 'email', address: 'a•••@example.com', verified: false },
      ],
      rules: [{ id: 'r1', urgency: 'high', contactMethodId: 'cm-sms', delayMinutes: 0 }],
    });
    expect(body.people.find((p) => p.id === outsider.id)?.contacts).toEqual([{ id: 'cm-hook', kind: 'webhook', address: 'https://hooks.example.com/…', verified: true }]);
    expect(JSON.stringify(body)).not.toContain('5550123');
    expect(JSON.stringify(body)).not.toContain('secret');
    // Direct targets, schedule participants and the team: the viewer too, marked as unable to acknowledge.
    expect(body.people.map((p) => p.name)).toEqual(['Ada Admin', 'Alice', 'Bob', 'Maya Manager', 'Olga Outsider', 'Watcher']);
    expect(body.people.find((p) => p.id === watcher.id)?.canAcknowledge).toBe(false);
    expect(body.schedules.map((s) => s.id)).toEqual([scheduleId]);
    expect(body.schedules[0]).toMatchObject({ name: 'Checkout on-call', backupLag: 1, layers: [{ participants: [alice.id, bob.id] }] });
    // The policy is linted as it is: no channel is configured here and Alice has no rules for low urgency.
    expect(body.lint.map((finding) => finding.code)).toEqual(expect.arrayContaining(['channel-not-configured', 'no-rules-for-urgency']));
    expect(body.lint.find((finding) => finding.code === 'channel-not-configured')).toMatchObject({ levelIndex: 0, userId: alice.id });
    expect(body.channels.map((c) => [c.channel, c.configured])).toEqual([['email', false], ['sms', false], ['voice', false], ['webhook', false]]);
  });

  it('answers the view of a service without a policy with its team, and runs the injected lint on it', async () => {
    const calls: Array<{ policy: unknown; now: number; configured: boolean }> = [];
    const service = createEscalationPolicyService({
      handle: t.handle,
      writes: t.app.writeQueue,
      clock: t.clock,
      channelStates: () => [{ channel: 'email', configured: true, detail: 'smtp.example.com:587' }],
      lint: (policy, directory, now) => {
        calls.push({ policy, now, configured: directory.channelConfigured('email') && !directory.channelConfigured('sms') });
        return [{ code: 'no-policy', levelIndex: null, userId: null, scheduleId: null, message: 'Checkout API has no escalation policy: its incidents page nobody', window: { start: epochMs(Date.parse('2026-03-28T09:00:00Z')), end: epochMs(Date.parse('2026-03-29T09:00:00Z')) } }];
      },
    });
    const body = await service.view(serviceId);
    expect(body.policy).toBeNull();
    expect(calls).toEqual([{ policy: null, now: Date.parse('2026-03-21T02:30:00Z'), configured: true }]);
    expect(body.lint).toEqual([{ code: 'no-policy', levelIndex: null, userId: null, scheduleId: null, message: 'Checkout API has no escalation policy: its incidents page nobody', window: { start: '2026-03-28T09:00:00.000Z', end: '2026-03-29T09:00:00.000Z' } }]);
    expect(body.channels).toEqual([{ channel: 'email', configured: true, detail: 'smtp.example.com:587' }]);
    expect(body.people.map((p) => p.name)).toEqual(['Ada Admin', 'Alice', 'Bob', 'Maya Manager', 'Watcher']);
    expect(body.schedules.map((s) => s.id)).toEqual([scheduleId]);
  });
});

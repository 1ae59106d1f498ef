import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('people, profiles and teams on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const patchMe = (cookie: string, payload: unknown) => t.api({ method: 'PATCH', url: '/api/v1/me', payload: payload as object, headers: { cookie } });
  const fieldsOf = (response: { json<T>(): T }) => response.json<{ error: { fields: Array<{ field: string }> } }>().error.fields.map((f) => f.field);

  it('lets a person set their zone, quiet hours (wrapping midnight), contact methods and notification rules', async () => {
    const alice = await t.person('responder');
    const response = await patchMe(alice.cookie, {
      timeZone: 'America/Los_Angeles',
      quietHours: { start: '22:00', end: '07:00' },
      contactMethods: [
        { kind: 'sms', address: '+1 (415) 555-0123' },
        { kind: 'voice', address: '+14155550123' },
        { kind: 'email', address: 'alice@example.com' },
        { kind: 'webhook', address: 'https://hooks.example/alice' },
      ],
      notificationRules: [
        { urgency: 'high', contactIndex: 0, delayMinutes: 1 },
        { urgency: 'high', contactIndex: 1, delayMinutes: 2 },
        { urgency: 'low', contactIndex: 2, delayMinutes: 0 },
      ],
    });
    expect(response.statusCode).toBe(200);
    const profile = response.json<{ timeZone: string; quietHours: unknown; contactMethods: Array<{ id: string; kind: string; address: string; verified: boolean }>; notificationRules: Array<{ contactMethodId: string; delayMinutes: number; urgency: string }> }>();
    expect(profile.timeZone).toBe('America/Los_Angeles');
    expect(profile.quietHours).toEqual({ start: '22:00', end: '07:00' });
    expect(profile.contactMethods.map((m) => [m.kind, m.address, m.verified])).toEqual([
      ['sms', '+14155550123', false],
      ['voice', '+14155550123', false],
      ['email', 'alice@example.com', false],
      ['webhook', 'https://hooks.example/alice', false],
    ]);
    const sms = profile.contactMethods[0]!.id;
    expect(profile.notificationRules.filter((r) => r.urgency === 'high').map((r) => [r.contactMethodId === sms, r.delayMinutes])).toEqual([[true, 1], [false, 2]]);
    const off = await patchMe(alice.cookie, { quietHours: null });
    expect(off.json()).toMatchObject({ quietHours: null });
  });

  it.each([
    ['an unknown zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['an offset instead of a zone', { timeZone: '+02:00' }, 'timeZone'],
    ['a phone number that is not E.164', { contactMethods: [{ kind: 'sms', address: '0170 1234567' }] }, 'contactMethods[0].address'],
    ['an e-mail that is not one', { contactMethods: [{ kind: 'email', address: 'alice at example' }] }, 'contactMethods[0].address'],
    ['quiet hours that start and end together', { quietHours: { start: '02:00', end: '02:00' } }, 'quietHours.end'],
    ['a quiet hour of 25:00', { quietHours: { start: '25:00', end: '07:00' } }, 'quietHours.start'],
    ['a rule pointing at no contact method', { contactMethods: [], notificationRules: [{ urgency: 'high', contactIndex: 0, delayMinutes: 1 }] }, 'notificationRules[0].contactIndex'],
    ['a role change to oneself', { role: 'admin' }, '(body)'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_case, payload, field) => {
    const alice = await t.person('responder');
    const before = await t.api({ method: 'GET', url: '/api/v1/me', headers: { cookie: alice.cookie } });
    const response = await patchMe(alice.cookie, payload);
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toContain(field);
    expect((await t.api({ method: 'GET', url: '/api/v1/me', headers: { cookie: alice.cookie } })).json()).toEqual(before.json());
  });

  it('lets admins invite people and change roles, but never demote the last admin', async () => {
    const invited = await t.api({ method: 'POST', url: '/api/v1/people', payload: { name: 'Bob', email: 'bob@example.com', timeZone: 'Europe/London', role: 'viewer' } });
    expect(invited.statusCode).toBe(201);
    const { person, inviteUrl } = invited.json<{ person: { id: string; hasPassword: boolean }; inviteUrl: string }>();
    expect(person.hasPassword).toBe(false);
    expect(inviteUrl).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    const duplicate = await t.api({ method: 'POST', url: '/api/v1/people', payload: { name: 'Bobby', email: 'BOB@example.com', timeZone: 'Europe/London', role: 'viewer' } });
    expect(duplicate.statusCode).toBe(409);
    const promoted = await t.api({ method: 'PATCH', url: `/api/v1/people/${person.id}`, payload: { role: 'manager' } });
    expect(promoted.json()).toMatchObject({ role: 'manager' });
    const lastAdmin = await t.api({ method: 'PATCH', url: `/api/v1/people/${t.admin.id}`, payload: { role: 'viewer' } });
    expect(lastAdmin.statusCode).toBe(409);
    const badRole = await t.api({ method: 'PATCH', url: `/api/v1/people/${person.id}`, payload: { role: 'owner' } });
    expect(fieldsOf(badRole)).toEqual(['role']);
  });

  it('keeps teams with members and managers; a manager edits their team\'s services and no other team\'s', async () => {
    const marcus = await t.person('manager');
    const sofia = await t.person('manager');
    const payments = await t.api({ method: 'POST', url: '/api/v1/teams', payload: { name: 'Payments', members: [{ userId: marcus.id, manager: true }, { userId: sofia.id }] } });
    expect(payments.statusCode).toBe(201);
    const paymentsId = payments.json<{ id: string; members: Array<{ manager: boolean; userId: string }> }>().id;
    const search = await t.api({ method: 'POST', url: '/api/v1/teams', payload: { name: 'Search', members: [{ userId: sofia.id, manager: true }] } });
    const searchId = search.json<{ id: string }>().id;
    const unknownMember = await t.api({ method: 'POST', url: '/api/v1/teams', payload: { name: 'Ghosts', members: [{ userId: 'nobody' }] } });
    expect(fieldsOf(unknownMember)).toEqual(['members[0].userId']);

    // Marcus's new cookie: a session learns its teams when it is used.
    const own = await t.api({ method: 'POST', url: '/api/v1/services', payload: { name: 'Checkout API' }, headers: { cookie: marcus.cookie } });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ teamId: paymentsId });
    const ownId = own.json<{ id: string }>().id;
    expect((await t.api({ method: 'PATCH', url: `/api/v1/services/${ownId}`, payload: { name: 'Checkout' }, headers: { cookie: marcus.cookie } })).statusCode).toBe(200);

    const theirs = await t.api({ method: 'POST', url: '/api/v1/services', payload: { name: 'Search API', teamId: searchId }, headers: { cookie: sofia.cookie } });
    const theirsId = theirs.json<{ id: string }>().id;
    const before = await countRows(t.handle);
    const refused = await t.api({ method: 'PATCH', url: `/api/v1/services/${theirsId}`, payload: { name: 'Mine now' }, headers: { cookie: marcus.cookie } });
    expect(refused.statusCode).toBe(403);
    expect((await t.api({ method: 'POST', url: `/api/v1/services/${theirsId}/integration-keys`, payload: {}, headers: { cookie: marcus.cookie } })).statusCode).toBe(403);
    expect((await t.api({ method: 'POST', url: '/api/v1/services', payload: { name: 'Sneaky', teamId: searchId }, headers: { cookie: marcus.cookie } })).statusCode).toBe(403);
    expect(await countRows(t.handle)).toEqual(before);
    // Sofia manages Search but only belongs to Payments: she needs to say which team.
    expect(fieldsOf(await t.api({ method: 'POST', url: '/api/v1/services', payload: { name: 'Ambiguous' }, headers: { cookie: (await t.person('manager')).cookie } }))).toEqual(['teamId']);
  });

  it('refuses a responder who tries to invite or edit a service', async () => {
    const responder = await t.person('responder');
    const service = await createService(t);
    expect((await t.api({ method: 'POST', url: '/api/v1/people', payload: { name: 'X', email: 'x@example.com', timeZone: 'UTC', role: 'admin' }, headers: { cookie: responder.cookie } })).statusCode).toBe(403);
    expect((await t.api({ method: 'PATCH', url: `/api/v1/services/${service.id}`, payload: { name: 'Y' }, headers: { cookie: responder.cookie } })).statusCode).toBe(403);
  });
});

describe.each(ENGINES)('audit log on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it('records who changed what, when, from where, with before and after — secrets redacted', async () => {
    const service = await createService(t);
    const responder = await t.person('responder', { name: 'Rita Responder' });
    const incident = (await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'x', severity: 'P3', serviceId: service.id } })).json<{ id: string }>();
    await t.api({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, payload: { severity: 'P1' }, headers: { cookie: responder.cookie } });
    await t.api({ method: 'POST', url: '/api/v1/session', payload: { email: 'nobody@example.com', password: 'guessing' }, headers: { cookie: '' } });
    const entries = (await t.api({ method: 'GET', url: '/api/v1/audit' })).json<{ items: Array<{ action: string; actor: { name: string }; before: unknown; after: unknown; ip: string | null; target: { id: string | null } }> }>().items;
    expect(entries.map((e) => e.action)).toEqual(['auth.sign_in_failed', 'incident.updated', 'incident.declared', 'service.created']);
    expect(entries[1]).toMatchObject({ actor: { name: 'Rita Responder' }, before: { severity: 'P3' }, after: { severity: 'P1' }, target: { id: incident.id }, ip: '127.0.0.1' });
    expect(JSON.stringify(entries)).not.toContain(service.key);
    const filtered = (await t.api({ method: 'GET', url: '/api/v1/audit?action=incident.&actor=Rita%20Responder' })).json<{ items: unknown[] }>().items;
    expect(filtered).toHaveLength(1);
    const badQuery = await t.api({ method: 'GET', url: '/api/v1/audit?limit=9999' });
    expect(badQuery.statusCode).toBe(400);
  });

  it('is append-only: no route changes it and the database refuses edits', async () => {
    await createService(t);
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/audit'));
    expect(routes.map((r) => r.method)).toEqual(['GET']);
    await expect(sql`update audit_log set action = 'tampered'`.execute(t.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.handle.db)).rejects.toThrow(/append-only/);
  });
});

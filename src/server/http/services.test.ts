import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { teamsRepository } from '../repositories/teams-repository';
import { SseClient } from '../test-support/sse-client';
import { ENGINES, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('services and integration keys on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const trigger = (key: string) =>
    t.api({ method: 'POST', url: '/v2/enqueue', payload: { routing_key: key, event_action: 'trigger', dedup_key: 'disk-full', payload: { summary: 's', source: 's', severity: 'info' } } });

  it('creates a service answering 201 with its first integration key (128 random bits)', async () => {
    const response = await t.api({ method: 'POST', url: '/api/v1/services', payload: { name: '  Checkout API ' } });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ name: string; integrationKey: string; integrationKeys: unknown[] }>();
    expect(body.name).toBe('Checkout API');
    expect(body.integrationKey).toMatch(/^[0-9a-f]{32}$/);
    expect(body.integrationKeys).toHaveLength(1);
    const other = await createService(t, 'Search');
    expect(other.key).not.toBe(body.integrationKey);
  });

  it('lists services by name with their open incident counts, and renames them', async () => {
    const checkout = await createService(t, 'Checkout API');
    await createService(t, 'Accounts');
    await trigger(checkout.key);
    const list = (await t.api({ method: 'GET', url: '/api/v1/services' })).json<{ items: Array<{ name: string; openIncidentCount: number }> }>().items;
    expect(list.map((s) => [s.name, s.openIncidentCount])).toEqual([['Accounts', 0], ['Checkout API', 1]]);
    const renamed = await t.api({ method: 'PATCH', url: `/api/v1/services/${checkout.id}`, payload: { name: 'Checkout' } });
    expect(renamed.json()).toMatchObject({ name: 'Checkout' });
    expect((await t.api({ method: 'GET', url: `/api/v1/services/${checkout.id}` })).json()).toMatchObject({ name: 'Checkout' });
  });

  it('adds a second key, revokes one (its alerts are then refused) and rotates another', async () => {
    const service = await createService(t);
    const added = (await t.api({ method: 'POST', url: `/api/v1/services/${service.id}/integration-keys`, payload: {} })).json<{ integrationKeys: Array<{ id: string; key: string }> }>();
    expect(added.integrationKeys).toHaveLength(2);
    const second = added.integrationKeys.find((k) => k.id !== service.keyId)!;

    const revoked = await t.api({ method: 'DELETE', url: `/api/v1/services/${service.id}/integration-keys/${service.keyId}` });
    expect(revoked.statusCode).toBe(200);
    expect((await trigger(service.key)).statusCode).toBe(404);
    expect((await trigger(second.key)).statusCode).toBe(202);

    const rotated = await t.api({ method: 'POST', url: `/api/v1/services/${service.id}/integration-keys/${second.id}/rotate`, payload: {} });
    expect(rotated.statusCode).toBe(201);
    const body = rotated.json<{ integrationKey: string; integrationKeys: Array<{ id: string; revokedAt: string | null }> }>();
    expect(body.integrationKeys.filter((k) => k.revokedAt === null)).toHaveLength(1);
    expect((await trigger(second.key)).statusCode).toBe(404);
    expect((await trigger(body.integrationKey)).statusCode).toBe(202);
    // Rotation keeps the service's alert stream: the same dedup key still finds its open incident.
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('refuses to revoke a key twice (409) and unknown keys or services (404)', async () => {
    const service = await createService(t);
    await t.api({ method: 'DELETE', url: `/api/v1/services/${service.id}/integration-keys/${service.keyId}` });
    expect((await t.api({ method: 'DELETE', url: `/api/v1/services/${service.id}/integration-keys/${service.keyId}` })).statusCode).toBe(409);
    expect((await t.api({ method: 'DELETE', url: `/api/v1/services/${service.id}/integration-keys/nope` })).statusCode).toBe(404);
    expect((await t.api({ method: 'GET', url: '/api/v1/services/nope' })).statusCode).toBe(404);
    expect((await t.api({ method: 'POST', url: '/api/v1/services/nope/integration-keys', payload: {} })).statusCode).toBe(404);
  });

  it.each([
    ['no name', {}, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a name that is not text', { name: 42 }, 'name'],
    ['a 101-character name', { name: 'x'.repeat(101) }, 'name'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_case, payload, field) => {
    const response = await t.api({ method: 'POST', url: '/api/v1/services', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { fields: Array<{ field: string }> } }>().error.fields[0]!.field).toBe(field);
    expect(await countRows(t.handle)).toMatchObject({ services: 0, keys: 0 });
  });

  it('refuses a duplicate name, ignoring case and spacing, with 409 on create and rename', async () => {
    await createService(t, 'Checkout API');
    const other = await createService(t, 'Search');
    const duplicate = await t.api({ method: 'POST', url: '/api/v1/services', payload: { name: 'checkout   api' } });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ error: { fields: [{ field: 'name' }] } });
    expect((await t.api({ method: 'PATCH', url: `/api/v1/services/${other.id}`, payload: { name: 'CHECKOUT API' } })).statusCode).toBe(409);
    expect(await countRows(t.handle)).toMatchObject({ services: 2 });
  });

  describe('integration keys are shown only to those who may edit the service', () => {
    /** Everyone who reads services: three who may not edit this one, two who may. */
    const readers = async () => {
      await teamsRepository.insert(t.handle.db, { id: 'team-search', name: 'Search', name_key: 'search', created_at: t.clock.now() });
      return {
        viewer: await t.person('viewer'),
        responder: await t.person('responder'),
        otherTeamManager: await t.person('manager', { manages: ['team-search'] }),
        teamManager: await t.person('manager', { manages: [t.teamId] }),
      };
    };

    it('keeps the keys out of the list and the single service for a viewer, a responder and another team\'s manager', async () => {
      const service = await createService(t);
      const { viewer, responder, otherTeamManager, teamManager } = await readers();
      for (const outsider of [viewer, responder, otherTeamManager]) {
        const list = await t.api({ method: 'GET', url: '/api/v1/services', headers: { cookie: outsider.cookie } });
        const one = await t.api({ method: 'GET', url: `/api/v1/services/${service.id}`, headers: { cookie: outsider.cookie } });
        expect(list.statusCode).toBe(200);
        expect(one.statusCode).toBe(200);
        for (const body of [list.body, one.body]) {
          expect(body).not.toContain(service.key);
          expect(body).not.toContain('integrationKey');
        }
        expect(one.json()).toMatchObject({ id: service.id, name: 'Checkout API', teamId: t.teamId, openIncidentCount: 0 });
      }
      for (const editor of [teamManager, t.admin]) {
        const list = (await t.api({ method: 'GET', url: '/api/v1/services', headers: { cookie: editor.cookie } })).json<{ items: Array<{ integrationKey: string }> }>();
        expect(list.items[0]!.integrationKey).toBe(service.key);
        const one = (await t.api({ method: 'GET', url: `/api/v1/services/${service.id}`, headers: { cookie: editor.cookie } })).json<{ integrationKeys: Array<{ key: string }> }>();
        expect(one.integrationKeys.map((k) => k.key)).toEqual([service.key]);
      }
    });

    it('sends service events on the live stream without keys, live and on replay, to every reader', async () => {
      const { viewer, teamManager } = await readers();
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/events`;
      type Event = { kind: string; serviceId: string | null; service?: unknown };
      const streams = await Promise.all([viewer, teamManager, t.admin].map((who) => SseClient.connect(url, { cookie: who.cookie })));
      try {
        await Promise.all(streams.map((stream) => stream.waitFor((c) => c.messages.some((m) => m.event === 'ready'))));
        const service = await createService(t);
        const added = (await t.api({ method: 'POST', url: `/api/v1/services/${service.id}/integration-keys`, payload: {} })).json<{ integrationKeys: Array<{ key: string }> }>();
        const rotated = (await t.api({ method: 'POST', url: `/api/v1/services/${service.id}/integration-keys/${service.keyId}/rotate`, payload: {} })).json<{
          integrationKeys: Array<{ key: string }>;
        }>();
        await t.api({ method: 'PATCH', url: `/api/v1/services/${service.id}`, payload: { name: 'Checkout' } });
        const secrets = [...new Set([...added.integrationKeys, ...rotated.integrationKeys].map((k) => k.key))];
        expect(secrets).toHaveLength(3);
        const replay = await SseClient.connect(url, { cookie: viewer.cookie, 'last-event-id': '0' });
        streams.push(replay);
        for (const stream of streams) {
          await stream.waitFor((c) => c.events<Event>().some((e) => e.kind === 'service.renamed'));
          const serviceEvents = stream.events<Event>().filter((e) => e.serviceId === service.id);
          expect(serviceEvents.map((e) => e.kind)).toEqual(['service.created', 'integration_key.created', 'integration_key.created', 'integration_key.revoked', 'service.renamed']);
          expect(serviceEvents.filter((e) => e.service).at(-1)!.service).toEqual({ id: service.id, name: 'Checkout', teamId: t.teamId, createdAt: expect.any(String), openIncidentCount: 0 });
          const wire = stream.messages.map((m) => m.data).join('\n');
          for (const secret of secrets) expect(wire).not.toContain(secret);
        }
      } finally {
        streams.forEach((stream) => stream.close());
      }
    });
  });
});

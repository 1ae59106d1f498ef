import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';
import { SseClient } from '../test-support/sse-client';

describe.each(ENGINES)('live streams end with the access they were opened with, on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let key: string;
  const clients: SseClient[] = [];

  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    ({ key } = await createService(t));
  });
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await t.close();
  });

  const connect = async (headers: Record<string, string>) => {
    const client = await SseClient.connect(`${base}/api/v1/events`, headers);
    clients.push(client);
    await client.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
    return client;
  };
  const tokenOf = async (cookie: string, role: string) => {
    const created = await t.api({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: `${role} bot`, role }, headers: { cookie } });
    expect(created.statusCode).toBe(201);
    return created.json<{ token: string; id: string }>();
  };
  /** The incidents a stream saw open (each trigger also commits "nobody was paged": the service has no policy). */
  const triggered = (client: SseClient) => client.events().filter((event) => event.kind === 'incident.triggered');
  const trigger = (dedup: string) =>
    t.api({ method: 'POST', url: '/v2/enqueue', payload: { routing_key: key, event_action: 'trigger', dedup_key: dedup, payload: { summary: `alert ${dedup}`, source: 's', severity: 'critical' } } });

  it('ends an API token\'s stream the moment the token is revoked, and the token cannot reconnect', async () => {
    const responder = await t.person('responder');
    const { token, id } = await tokenOf(responder.cookie, 'viewer');
    const bearer = { authorization: `Bearer ${token}` };
    const tokenStream = await connect(bearer);
    const adminStream = await connect({ cookie: t.admin.cookie });
    await trigger('before');
    await tokenStream.waitFor((c) => triggered(c).length === 1);

    expect((await t.api({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: { cookie: responder.cookie } })).statusCode).toBe(204);
    await tokenStream.waitFor((c) => c.ended, 3000);
    await expect(SseClient.connect(`${base}/api/v1/events`, bearer)).rejects.toThrow(/401/);
    // Other streams are untouched.
    await trigger('after');
    await adminStream.waitFor((c) => triggered(c).length === 2);
    expect(adminStream.ended).toBe(false);
    expect(triggered(tokenStream)).toHaveLength(1);
  });

  it('ends the streams of a person\'s sessions and tokens when their role changes; they reconnect with the new role', async () => {
    const responder = await t.person('responder');
    const { token } = await tokenOf(responder.cookie, 'responder');
    const sessionStream = await connect({ cookie: responder.cookie });
    const tokenStream = await connect({ authorization: `Bearer ${token}` });
    const other = await t.person('responder');
    const otherStream = await connect({ cookie: other.cookie });

    const lowered = await t.api({ method: 'PATCH', url: `/api/v1/people/${responder.id}`, payload: { role: 'viewer' } });
    expect(lowered.statusCode).toBe(200);
    await sessionStream.waitFor((c) => c.ended, 3000);
    await tokenStream.waitFor((c) => c.ended, 3000);
    await trigger('after');
    await otherStream.waitFor((c) => triggered(c).length === 1);
    expect(triggered(sessionStream)).toHaveLength(0);
    expect(triggered(tokenStream)).toHaveLength(0);

    // The same session reconnects and is now judged as a viewer.
    const again = await connect({ cookie: responder.cookie });
    expect(again.ended).toBe(false);
    expect((await t.api({ method: 'GET', url: '/api/v1/session', headers: { cookie: responder.cookie } })).json()).toMatchObject({ user: { role: 'viewer' } });
    // A name change alone leaves streams open.
    expect((await t.api({ method: 'PATCH', url: `/api/v1/people/${other.id}`, payload: { name: 'Renamed' } })).statusCode).toBe(200);
    await trigger('renamed');
    await otherStream.waitFor((c) => triggered(c).length === 2);
    expect(otherStream.ended).toBe(false);
  });
});

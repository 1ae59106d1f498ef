import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';
import { SseClient } from '../test-support/sse-client';

describe.each(ENGINES)('live event stream on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let key: string;
  const clients: SseClient[] = [];

  beforeEach(async () => {
    t = await createTestApp(engine, { live: { heartbeatMs: 200, coalesceMs: 50, maxBufferedBytes: 256 * 1024 } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    ({ key } = await createService(t));
  });
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await t.close();
  });

  const connect = async (headers: Record<string, string> = {}, query = '') => {
    const client = await SseClient.connect(`${base}/api/v1/events${query}`, { cookie: t.admin.cookie, ...headers });
    clients.push(client);
    await client.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
    return client;
  };
  const trigger = (dedup: string) =>
    t.api({ method: 'POST', url: '/v2/enqueue', payload: { routing_key: key, event_action: 'trigger', dedup_key: dedup, payload: { summary: `alert ${dedup}`, source: 's', severity: 'critical' } } });

  // The service has no escalation policy, so each trigger commits two events: the incident and
  // "nobody was paged" (escalation.not_started).
  const PER_TRIGGER = 2;

  it('tells a new client where the log stands, then streams each committed event with its sequence as id', async () => {
    const client = await connect();
    const ready = client.messages.find((m) => m.event === 'ready')!;
    expect(Number(ready.id)).toBe(1);
    await trigger('a');
    await client.waitFor((c) => c.events().length === PER_TRIGGER);
    const [event, notStarted] = client.events();
    expect(event).toMatchObject({ seq: 2, kind: 'incident.triggered', incidentId: 'INC-2026-0001', incident: { state: 'triggered', severity: 'P1' } });
    expect(notStarted).toMatchObject({ seq: 3, kind: 'escalation.not_started', incidentId: 'INC-2026-0001' });
    expect(client.messages.at(-1)!.id).toBe('3');
  });

  it('resumes from Last-Event-ID with exactly the missed events, nothing twice', async () => {
    const first = await connect();
    await trigger('a');
    await first.waitFor((c) => c.events().length === PER_TRIGGER);
    const lastSeen = first.messages.at(-1)!.id!;
    first.close();
    await trigger('b');
    await trigger('c');
    const resumed = await connect({ 'last-event-id': lastSeen });
    await trigger('d');
    await resumed.waitFor((c) => c.events().length === 3 * PER_TRIGGER);
    const seqs = resumed.events().map((e) => e.seq);
    expect(seqs).toEqual([4, 5, 6, 7, 8, 9]);
    expect(resumed.events().filter((e) => e.kind === 'incident.triggered').map((e) => e.incidentId)).toEqual(['INC-2026-0002', 'INC-2026-0003', 'INC-2026-0004']);
    // The same resume point also works as a query parameter (for a brand-new EventSource).
    const viaQuery = await connect({}, `?lastEventId=${lastSeen}`);
    await viaQuery.waitFor((c) => c.events().length === 3 * PER_TRIGGER);
    expect(viaQuery.events().map((e) => e.seq)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('loses nothing when events are committed while a reconnecting client is being replayed to', async () => {
    for (let i = 0; i < 30; i++) await trigger(`before-${i}`);
    const writes = Array.from({ length: 30 }, (_, i) => trigger(`during-${i}`));
    const client = await SseClient.connect(`${base}/api/v1/events`, { 'last-event-id': '1', cookie: t.admin.cookie });
    clients.push(client);
    await Promise.all(writes);
    await client.waitFor((c) => c.events().length === 60 * PER_TRIGGER);
    const seqs = client.events().map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 60 * PER_TRIGGER }, (_, i) => i + 2));
  });

  it('sends a comment heartbeat while idle', async () => {
    const client = await connect();
    await client.waitFor((c) => c.comments.includes('heartbeat'), 2000);
    expect(client.comments).toContain('heartbeat');
  });

  it('coalesces a burst into frames instead of one write per event', async () => {
    const client = await connect();
    await Promise.all(Array.from({ length: 100 }, (_, i) => trigger(`burst-${i}`)));
    await client.waitFor((c) => c.events().length === 100 * PER_TRIGGER);
    expect(client.chunksWithMessages).toBeLessThan(50);
  });

  it('drops a client that stops reading without holding up the others', async () => {
    const reader = await connect();
    const port = (t.app.server.address() as AddressInfo).port;
    const stalled = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => stalled.once('connect', () => resolve()));
    stalled.write(`GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nCookie: ${t.admin.cookie}\r\n\r\n`);
    stalled.on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stalled.pause();
    expect(t.app.liveHub.size).toBe(2);
    // Large events fill the stalled socket's buffers until the server gives up on it.
    const long = 'x'.repeat(1024);
    for (let batch = 0; batch < 400 && t.app.liveHub.size > 1; batch++) {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          t.api({ method: 'POST', url: '/v2/enqueue', payload: { routing_key: key, event_action: 'trigger', dedup_key: `big-${batch}-${i}`, payload: { summary: long, source: 's', severity: 'info' } } }),
        ),
      );
    }
    await reader.waitFor(() => t.app.liveHub.size === 1, 5000);
    expect(t.app.liveHub.size).toBe(1);
    const total = reader.events().length;
    await reader.waitFor((c) => c.events().length === total);
    expect(reader.events().map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 2));
    stalled.destroy();
  });

  it('ends open streams when the server shuts down', async () => {
    const client = await connect();
    await t.app.close();
    await client.waitFor((c) => c.ended, 3000);
    expect(client.ended).toBe(true);
  });
});

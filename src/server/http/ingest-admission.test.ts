import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES, alertmanagerPayload, createService, createTestApp, fakeClock } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

/**
 * Each batch appears to take this long (the writer's clock advances by it). A unit's expected
 * wait is one cycle already spent before its request was read, plus 100 ms for itself and for
 * each unit queued before it: 19 units fit the 2 s budget.
 */
const BATCH_MS = 100;
const BUDGET_MS = 2_000;

/**
 * A writer that can be held back: the queue awaits `gate` before each batch, and every batch
 * advances the queue's clock by BATCH_MS, so the measured throughput is exactly one unit per
 * 100 ms while batches hold one unit. Nothing here depends on real time.
 */
function heldWriter() {
  const clock = fakeClock();
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  return {
    clock,
    writes: {
      waitBudgetMs: BUDGET_MS,
      now: () => clock.now(),
      beforeBatch: async () => {
        await gate;
        clock.advance(BATCH_MS);
      },
    },
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open();
      gate = Promise.resolve();
    },
  };
}

type Route = {
  name: string;
  /** The status an overloaded sender must get: Alertmanager retries only on 5xx. */
  refusal: 429 | 503;
  send(t: TestApp, key: string, n: number): Promise<LightMyRequestResponse>;
  /** Whether the request numbered n was stored. */
  stored(t: TestApp, n: number): Promise<boolean>;
};

const incidentWithDedup = async (t: TestApp, dedupKey: string) =>
  (await t.handle.db.selectFrom('incidents').select('id').where('dedup_key', '=', dedupKey).executeTakeFirst()) !== undefined;

const ROUTES: Route[] = [
  {
    name: 'PagerDuty /v2/enqueue',
    refusal: 429,
    send: (t, key, n) =>
      t.api({ method: 'POST', url: '/v2/enqueue', headers: { cookie: '' }, payload: { routing_key: key, event_action: 'trigger', dedup_key: `pd-${n}`, payload: { summary: `event ${n}`, source: 's', severity: 'error' } } }),
    stored: (t, n) => incidentWithDedup(t, `pd-${n}`),
  },
  {
    name: 'Alertmanager webhook',
    refusal: 503,
    send: (t, key, n) => t.api({ method: 'POST', url: `/api/v1/integrations/${key}/alertmanager`, headers: { cookie: '' }, payload: alertmanagerPayload({ groupKey: `am-${n}` }) }),
    stored: (t, n) => incidentWithDedup(t, `am-${n}`),
  },
  {
    name: 'generic webhook',
    refusal: 429,
    send: (t, key, n) => t.api({ method: 'POST', url: `/api/v1/integrations/${key}/events`, headers: { cookie: '' }, payload: { title: `event ${n}`, dedupKey: `gen-${n}` } }),
    stored: (t, n) => incidentWithDedup(t, `gen-${n}`),
  },
  {
    name: 'creating a service (API)',
    refusal: 429,
    send: (t, _key, n) => t.api({ method: 'POST', url: '/api/v1/services', payload: { name: `Service ${n}` } }),
    stored: async (t, n) => (await t.handle.db.selectFrom('services').select('id').where('name', '=', `Service ${n}`).executeTakeFirst()) !== undefined,
  },
];

describe.each(ENGINES)('admission by expected wait on %s', (engine) => {
  let t: TestApp;
  let key: string;
  let writer: ReturnType<typeof heldWriter>;
  beforeEach(async () => {
    writer = heldWriter();
    t = await createTestApp(engine, { clock: writer.clock, writes: writer.writes, ingestRatePerKey: 0 });
    // Creating the service is the first measured batch: one unit in 100 ms.
    ({ key } = await createService(t));
  });
  afterEach(async () => {
    writer.release();
    await t.close();
  });

  describe.each(ROUTES)('$name', (route) => {
    it('refuses at once, with Retry-After, what cannot be committed within the budget, and stores every 2xx and no refusal', async () => {
      writer.hold();
      const answers: Array<{ n: number; response: LightMyRequestResponse }> = [];
      const sent = Array.from({ length: 30 }, (_, n) => route.send(t, key, n).then((response) => answers.push({ n, response })));
      // 19 units fit the 2 s budget; the other 11 are answered while the writer is still held.
      await vi.waitFor(() => expect(answers).toHaveLength(11), { timeout: 10_000 });
      for (const { response } of answers) {
        expect(response.statusCode).toBe(route.refusal);
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      writer.release();
      await Promise.all(sent);
      const committed = answers.filter(({ response }) => response.statusCode < 300);
      expect(committed).toHaveLength(19);
      for (const { n, response } of answers) {
        expect(await route.stored(t, n)).toBe(response.statusCode < 300);
      }
      // Once the writer has caught up, the next request is taken again.
      expect((await route.send(t, key, 99)).statusCode).toBeLessThan(300);
    });
  });

  it('refuses units that waited past the budget before their turn, and never commits them later', async () => {
    writer.hold();
    const send = ROUTES[0]!.send;
    const early = [0, 1, 2].map((n) => send(t, key, n));
    await vi.waitFor(() => expect(t.app.writeQueue.depth).toBe(3), { timeout: 10_000 });
    writer.clock.advance(1_500);
    const late = [3, 4, 5].map((n) => send(t, key, n));
    await vi.waitFor(() => expect(t.app.writeQueue.depth).toBe(6), { timeout: 10_000 });
    // The writer stays stuck: the first three have now waited 2.1 s when the batch starts.
    writer.clock.advance(500);
    writer.release();
    const earlyAnswers = await Promise.all(early);
    const lateAnswers = await Promise.all(late);
    for (const response of earlyAnswers) {
      expect(response.statusCode).toBe(429);
      expect(response.json()).toMatchObject({ status: 'throttle event' });
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(lateAnswers.map((response) => response.statusCode)).toEqual([202, 202, 202]);
    for (const n of [0, 1, 2]) expect(await ROUTES[0]!.stored(t, n)).toBe(false);
    for (const n of [3, 4, 5]) expect(await ROUTES[0]!.stored(t, n)).toBe(true);
  });
});

describe.each(ENGINES)('shutdown on %s', (engine) => {
  it('answers requests that arrive while closing with 503 and Retry-After', async () => {
    const writer = heldWriter();
    const t = await createTestApp(engine, { clock: writer.clock, writes: writer.writes });
    const { key } = await createService(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as net.AddressInfo;
    const body = JSON.stringify({ routing_key: key, event_action: 'trigger', payload: { summary: 's', source: 's', severity: 'info' } });
    const request = `POST /v2/enqueue HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    let arrived = 0;
    t.app.server.on('request', () => arrived++);
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    try {
      // One request is in flight (its commit held back), so closing waits for it; a second
      // request arrives on the same connection meanwhile.
      writer.hold();
      socket.write(request);
      await vi.waitFor(() => expect(t.app.writeQueue.depth).toBe(1), { timeout: 10_000 });
      const closed = t.close();
      socket.write(request);
      await vi.waitFor(() => expect(arrived).toBe(2), { timeout: 10_000 });
      writer.release();
      await closed;
      await vi.waitFor(() => expect(received).toMatch(/HTTP\/1\.1 503[\s\S]*\r\n\r\n\{.*\}/), { timeout: 10_000 });
      const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
      expect(first).toMatch(/^HTTP\/1\.1 202/);
      expect(second).toMatch(/^HTTP\/1\.1 503/);
      expect(second).toMatch(/\r\nretry-after: 5\r\n/i);
      expect(second).toContain('"code":"shutting_down"');
    } finally {
      socket.destroy();
    }
  });
});

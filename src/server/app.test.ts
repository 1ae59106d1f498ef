import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, alertmanagerPayload, createService, createTestApp } from './test-support/test-app';
import type { TestApp } from './test-support/test-app';

describe.each(ENGINES)('the application on %s', (engine) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('answers /healthz and /readyz', async () => {
    t = await createTestApp(engine);
    expect((await t.api({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.api({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('publishes every API route in its OpenAPI document', async () => {
    t = await createTestApp(engine);
    const doc = (await t.api({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.1.0');
    const routes = t.app.routeTable;
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const published = routes
      .filter((r) => (r.url.startsWith('/api/v1/') || r.url.startsWith('/v2/')) && !['HEAD', 'OPTIONS'].includes(r.method))
      .filter((r) => r.url !== '/api/v1/openapi.json')
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(published.length).toBeGreaterThan(10);
    expect(published.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('refuses edits and deletes of the event log at the database itself', async () => {
    t = await createTestApp(engine);
    await createService(t);
    await expect(sql`update events set kind = 'tampered'`.execute(t.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from events`.execute(t.handle.db)).rejects.toThrow(/append-only/);
  });

  it('commits concurrent writes together and rolls back only the one that fails', async () => {
    t = await createTestApp(engine);
    const { key } = await createService(t);
    const requests = Array.from({ length: 20 }, (_, i) =>
      t!.api({ method: 'POST', url: '/v2/enqueue', payload: { routing_key: key, event_action: 'trigger', dedup_key: `k${i}`, payload: { summary: `s${i}`, source: 's', severity: 'info' } } }),
    );
    const failing = t.app.writeQueue.run(async (ctx) => {
      await ctx.trx.insertInto('settings').values({ key: 'half-written', value: 'x' }).execute();
      throw new Error('this unit of work fails');
    });
    const [responses, failure] = await Promise.all([Promise.all(requests), failing.then(() => 'resolved', (error: Error) => error.message)]);
    expect(failure).toBe('this unit of work fails');
    expect(responses.every((r) => r.statusCode === 202)).toBe(true);
    const incidents = (await t.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: unknown[] }>().items;
    expect(incidents).toHaveLength(20);
    const leftover = await t.handle.db.selectFrom('settings').selectAll().where('key', '=', 'half-written').execute();
    expect(leftover).toEqual([]);
  });

  it('finishes in-flight ingestion before closing the database on shutdown', async () => {
    t = await createTestApp(engine);
    const { key } = await createService(t);
    const inflight = Array.from({ length: 10 }, (_, i) =>
      t!.api({ method: 'POST', url: `/api/v1/integrations/${key}/alertmanager`, payload: alertmanagerPayload({ groupKey: `g${i}` }) }),
    );
    const drained = t.app.writeQueue.drain();
    const responses = await Promise.all(inflight);
    await drained;
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    const rows = await t.handle.db.selectFrom('incidents').select('id').execute();
    expect(rows).toHaveLength(10);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    t = await createTestApp(engine);
    const response = await t.api({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('logging', () => {
  it('never writes an integration key to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const t = await createTestApp('sqlite', {
      logger: {
        level: 'info',
        stream,
        redact: { paths: ['routing_key', '*.routing_key'], censor: '[redacted]' },
        serializers: { req: (request: { method: string; url: string }) => ({ method: request.method, url: request.url.replace(/\/integrations\/[^/?#]+/g, '/integrations/[redacted]') }) },
      },
    });
    try {
      const { key } = await createService(t);
      await t.api({ method: 'POST', url: `/api/v1/integrations/${key}/alertmanager`, payload: alertmanagerPayload() });
      await t.api({ method: 'POST', url: `/api/v1/integrations/${key}/events`, payload: { title: 'x' } });
      expect(lines.join('').length).toBeGreaterThan(0);
      expect(lines.join('')).toContain('/integrations/[redacted]/alertmanager');
      expect(lines.join('')).not.toContain(key);
    } finally {
      await t.close();
    }
  });
});

describe.each(ENGINES)('demo organisation on %s', (engine) => {
  it('loads into an empty database once, with the connection-pool incident and its timeline', async () => {
    const t = await createTestApp(engine);
    try {
      expect((await t.api({ method: 'GET', url: '/api/v1/setup' })).json()).toMatchObject({ needsAdmin: false, empty: true, demoLoaded: false, demoMode: false, demoAccounts: [] });
      expect((await t.api({ method: 'POST', url: '/api/v1/setup/demo' })).statusCode).toBe(201);
      expect((await t.api({ method: 'GET', url: '/api/v1/setup' })).json()).toMatchObject({ empty: false, demoLoaded: true });
      const people = (await t.api({ method: 'GET', url: '/api/v1/people' })).json<{ items: Array<{ timeZone: string; name: string; hasPassword: boolean; teams: Array<{ name: string }> }> }>().items;
      const engineers = people.filter((p) => p.name !== 'Ada Admin');
      expect(engineers).toHaveLength(6);
      expect(new Set(engineers.map((p) => p.timeZone.split('/')[0]))).toEqual(new Set(['America', 'Europe']));
      // Loaded into a real installation (not demo mode), demo people have no passwords.
      expect(engineers.every((p) => !p.hasPassword && p.teams.some((team) => team.name === 'Payments'))).toBe(true);
      const open = (await t.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: Array<{ id: string; title: string; severity: string }> }>().items;
      const pool = open.find((i) => i.title.includes('connection pool'))!;
      expect(pool.severity).toBe('P1');
      const timeline = (await t.api({ method: 'GET', url: `/api/v1/incidents/${pool.id}/timeline` })).json<{ items: unknown[] }>().items;
      expect(timeline.length).toBeGreaterThanOrEqual(10);
      const schedules = (await t.api({ method: 'GET', url: '/api/v1/schedules' })).json<{ items: Array<{ name: string; backupLag: number | null }> }>().items;
      expect(schedules.map((s) => [s.name, s.backupLag])).toEqual([['Follow the sun', null], ['Payments primary / backup', 1]]);
      const onCall = (await t.api({ method: 'GET', url: '/api/v1/on-call' })).json<{ items: Array<{ primary: { name: string } | null }> }>().items;
      expect(onCall.every((item) => item.primary !== null)).toBe(true);
      const again = await t.api({ method: 'POST', url: '/api/v1/setup/demo' });
      expect(again.statusCode).toBe(409);
    } finally {
      await t.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EffectOutcome } from '../engine/outbox-runner';
import { SYSTEM_ACTOR, appendEvent } from '../services/event-log';
import type { TestApp } from './test-app';

/** One request a recording server received. */
export type Recorded = { path: string; headers: http.IncomingHttpHeaders; body: unknown };

/** An HTTP server on 127.0.0.1 that keeps every request and answers each path with the status set for it (200 by default). */
export async function startRecorder(): Promise<{ url: (path: string) => string; requests: Recorded[]; answer(path: string, status: number): void; waitFor(path: string, count?: number): Promise<Recorded[]>; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const statuses = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text.
      }
      requests.push({ path: request.url ?? '', headers: request.headers, body });
      response.statusCode = statuses.get(request.url ?? '') ?? 200;
      response.end(response.statusCode === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    answer: (path, status) => statuses.set(path, status),
    async waitFor(path, count = 1) {
      for (let i = 0; i < 500; i += 1) {
        const hits = requests.filter((r) => r.path === path);
        if (hits.length >= count) return hits;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`${path} received ${requests.filter((r) => r.path === path).length} of ${count} requests`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits (real time, at most 5 s) until an outcome that `predicate` accepts was recorded. */
export async function waitForOutcome(outcomes: EffectOutcome[], predicate: (outcome: EffectOutcome) => boolean): Promise<EffectOutcome> {
  for (let i = 0; i < 500; i += 1) {
    const found = outcomes.find(predicate);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no such outcome was recorded');
}

/** A status component, stored directly (the components API is built elsewhere). */
export async function insertComponent(t: TestApp, name: string): Promise<string> {
  const id = randomUUID();
  const at = t.clock.now();
  await t.handle.db.insertInto('status_components').values({ id, name, name_key: name.toLowerCase(), group_name: null, position: 0, description: null, status: 'operational', created_at: at, updated_at: at }).execute();
  return id;
}

/**
 * What publishing does to the public tables, then the `status.published` event appended through
 * the app's write queue, as the publishing service does (the effects are decided by that append).
 */
export async function publishIncident(t: TestApp, input: { incidentId: string | null; title: string; componentIds: string[]; message: string }): Promise<{ publicIncidentId: string; updateId: string }> {
  const publicIncidentId = randomUUID();
  const updateId = randomUUID();
  await t.app.writeQueue.run(async (ctx) => {
    const at = t.clock.now();
    await ctx.trx
      .insertInto('public_incidents')
      .values({ id: publicIncidentId, incident_id: input.incidentId, title: input.title, impact: 'major', phase: 'investigating', created_at: at, updated_at: at, identified_at: null, monitoring_at: null, resolved_at: null, next_update_due_at: null, summary: null, version: 1 })
      .execute();
    for (const componentId of input.componentIds) await ctx.trx.insertInto('public_incident_components').values({ public_incident_id: publicIncidentId, component_id: componentId, status: 'partial_outage' }).execute();
    await ctx.trx
      .insertInto('public_updates')
      .values({ id: updateId, public_incident_id: publicIncidentId, phase: 'investigating', body: input.message, components: JSON.stringify(input.componentIds.map((componentId) => ({ componentId, status: 'partial_outage' }))), created_at: at, author_id: null })
      .execute();
    await appendEvent(ctx, { at, incidentId: input.incidentId, serviceId: null, actor: SYSTEM_ACTOR, kind: 'status.published', data: { publicIncidentId, title: input.title, phase: 'investigating', components: [] } });
  });
  return { publicIncidentId, updateId };
}

/** A later public update: its row, the incident's phase, then `status.public_update`. */
export async function postPublicUpdate(t: TestApp, input: { incidentId: string | null; publicIncidentId: string; phase: 'identified' | 'monitoring' | 'resolved'; message: string }): Promise<string> {
  const updateId = randomUUID();
  await t.app.writeQueue.run(async (ctx) => {
    const at = t.clock.now();
    await ctx.trx.updateTable('public_incidents').set({ phase: input.phase, updated_at: at, ...(input.phase === 'resolved' ? { resolved_at: at } : {}) }).where('id', '=', input.publicIncidentId).execute();
    await ctx.trx.insertInto('public_updates').values({ id: updateId, public_incident_id: input.publicIncidentId, phase: input.phase, body: input.message, components: '[]', created_at: at, author_id: null }).execute();
    await appendEvent(ctx, { at, incidentId: input.incidentId, serviceId: null, actor: SYSTEM_ACTOR, kind: 'status.public_update', data: { publicIncidentId: input.publicIncidentId, updateId, phase: input.phase, text: input.message } });
  });
  return updateId;
}

/** A component's status change as the components service records it: the row, then `status.component_changed`. */
export async function changeComponent(t: TestApp, componentId: string, name: string, from: string, to: string): Promise<void> {
  await t.app.writeQueue.run(async (ctx) => {
    const at = t.clock.now();
    await ctx.trx.updateTable('status_components').set({ status: to, updated_at: at }).where('id', '=', componentId).execute();
    await appendEvent(ctx, { at, incidentId: null, serviceId: null, actor: SYSTEM_ACTOR, kind: 'status.component_changed', data: { componentId, name, from, to } });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('generic JSON events on %s', (engine) => {
  let t: TestApp;
  let key: string;
  beforeEach(async () => {
    t = await createTestApp(engine);
    ({ key } = await createService(t));
  });
  afterEach(async () => t.close());

  const send = (body: unknown) => t.api({ method: 'POST', url: `/api/v1/integrations/${key}/events`, payload: body as object });

  it('triggers with title, severity, details and links, then resolves by dedup key', async () => {
    const triggered = await send({ title: 'Nightly backup failed', severity: 'error', dedupKey: 'backup-2026-03-21', details: { exitCode: 2 }, links: [{ href: 'https://ci.example/job/1', text: 'Job log' }] });
    expect(triggered.statusCode).toBe(202);
    expect(triggered.json()).toEqual({ status: 'accepted', dedupKey: 'backup-2026-03-21', incidentId: 'INC-2026-0001' });
    const incident = (await t.api({ method: 'GET', url: '/api/v1/incidents/INC-2026-0001' })).json();
    expect(incident).toMatchObject({ title: 'Nightly backup failed', severity: 'P2', source: 'generic', links: [{ href: 'https://ci.example/job/1', text: 'Job log' }] });
    const resolved = await send({ action: 'resolve', dedupKey: 'backup-2026-03-21' });
    expect(resolved.json()).toMatchObject({ status: 'accepted', incidentId: 'INC-2026-0001' });
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents/INC-2026-0001' })).json()).toMatchObject({ state: 'resolved' });
  });

  it('accepts P1–P4 directly and answers "ignored" for resolving something not open', async () => {
    const p1 = await send({ title: 'Checkout down', severity: 'P1' });
    const id = p1.json<{ incidentId: string }>().incidentId;
    expect((await t.api({ method: 'GET', url: `/api/v1/incidents/${id}` })).json()).toMatchObject({ severity: 'P1' });
    expect((await send({ action: 'resolve', dedupKey: 'nothing-open' })).json()).toMatchObject({ status: 'ignored', incidentId: null });
  });

  it.each([
    ['a trigger without title', { severity: 'error' }, 'title'],
    ['an unknown severity', { title: 't', severity: 'sev0' }, 'severity'],
    ['a resolve without dedupKey', { action: 'resolve' }, 'dedupKey'],
    ['an unknown action', { action: 'explode', title: 't' }, 'action'],
  ])('refuses %s with 400 naming the field and stores nothing', async (_name, body, field) => {
    const response = await send(body);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { fields: Array<{ field: string }> } }>().error.fields.map((f) => f.field)).toContain(field);
    expect((await countRows(t.handle)).incidents).toBe(0);
  });

  it('refuses an unknown key with 404', async () => {
    const response = await t.api({ method: 'POST', url: '/api/v1/integrations/nope/events', payload: { title: 't' } });
    expect(response.statusCode).toBe(404);
  });
});

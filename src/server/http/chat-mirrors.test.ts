import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EffectOutcome } from '../engine/outbox-runner';
import { OUTBOX_POLICY } from '../engine/outbox-runner';
import { readChannelConfig } from '../notify/channel-config';
import { startRecorder, waitForOutcome } from '../test-support/status-notify-fixtures';
import type { Recorded } from '../test-support/status-notify-fixtures';
import { ENGINES, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';
import { timelineEventSchema } from '../../contracts/timeline-events';

const PUBLIC = 'https://firewatch.example.test';

describe.each(ENGINES)('chat mirrors (%s)', (engine) => {
  let t: TestApp;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  const outcomes: EffectOutcome[] = [];
  let serviceId: string;
  let quietServiceId: string;
  const ids: Record<string, string> = {};

  const mirror = async (body: Record<string, unknown>) => t.api({ method: 'POST', url: '/api/v1/status/chat-mirrors', payload: body });
  const bodies = (path: string): Array<Record<string, unknown>> => recorder.requests.filter((r: Recorded) => r.path === path).map((r) => r.body as Record<string, unknown>);

  beforeAll(async () => {
    recorder = await startRecorder();
    // The recorder listens on loopback, which only FIREWATCH_ALLOW_PRIVATE_WEBHOOKS lets a webhook reach.
    t = await createTestApp(engine, { channelConfig: readChannelConfig({ FIREWATCH_PUBLIC_URL: PUBLIC }), allowPrivateWebhooks: true, onEffectOutcome: (outcome) => outcomes.push(outcome) });
    serviceId = (await createService(t, 'Checkout API')).id;
    quietServiceId = (await createService(t, 'Quiet API')).id;
    await t.handle.db.updateTable('services').set({ team_id: null }).where('id', '=', quietServiceId).execute();
  });
  afterAll(async () => {
    await t.close();
    await recorder.close();
  });

  it('creates mirrors per team or service and never shows their URL again', async () => {
    for (const [name, body] of Object.entries({
      slack: { scope: 'service', scopeId: serviceId, kind: 'slack', name: '#incidents', url: recorder.url('/slack/T000/B000/secret-slack') },
      teams: { scope: 'team', scopeId: t.teamId, kind: 'teams', name: 'Ops channel', url: recorder.url('/teams/workflows/secret-teams') },
      mattermost: { scope: 'service', scopeId: serviceId, kind: 'slack-compatible', name: 'Mattermost', url: recorder.url('/hooks/secret-mattermost') },
    })) {
      const created = await mirror(body);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.body).not.toContain('secret-');
      expect(created.json()).toMatchObject({ scope: body.scope, scopeId: body.scopeId, kind: body.kind, host: new URL(body.url).host });
      ids[name] = created.json<{ id: string }>().id;
    }
    const list = await t.api({ method: 'GET', url: '/api/v1/status/chat-mirrors' });
    expect(list.json().items).toHaveLength(3);
    expect(list.body).not.toContain('secret-');
    const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'chat_mirror.created').execute();
    expect(JSON.stringify(audit)).not.toContain('secret-');
  });

  it('mirrors declare, status update, role and severity changes and resolve in each chat shape', async () => {
    const declared = await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'Checkout <b>errors</b> & timeouts', serviceId, severity: 'P2' } });
    expect(declared.statusCode, declared.body).toBe(201);
    const incidentId = declared.json<{ id: string }>().id;
    const link = `${PUBLIC}/incidents/${incidentId}`;

    const [slack] = await recorder.waitFor('/slack/T000/B000/secret-slack');
    const s = slack!.body as { text: string; blocks: Array<{ type: string; text?: { type: string; text: string }; fields?: Array<{ text: string }>; elements?: Array<{ url: string }> }> };
    expect(s.text).toContain(incidentId);
    expect(s.text).toContain('P2');
    expect(s.text).toContain('&lt;b&gt;errors&lt;/b&gt; &amp; timeouts');
    expect(s.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(s.blocks.find((b) => b.fields)!.fields!.map((f) => f.text)).toEqual(['*Severity*\nP2', '*Phase*\ninvestigating', '*Service*\nCheckout API']);
    expect(s.blocks.find((b) => b.type === 'actions')!.elements![0]!.url).toBe(link);

    const [teams] = await recorder.waitFor('/teams/workflows/secret-teams');
    const card = teams!.body as { type: string; attachments: Array<{ contentType: string; content: { type: string; version: string; body: Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }>; actions: Array<{ type: string; url: string }> } }> };
    expect(card.type).toBe('message');
    expect(card.attachments).toHaveLength(1);
    expect(card.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.attachments[0]!.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4', actions: [{ type: 'Action.OpenUrl', url: link }] });
    expect(card.attachments[0]!.content.body.find((b) => b.type === 'FactSet')!.facts).toContainEqual({ title: 'Severity', value: 'P2' });

    const [mattermost] = await recorder.waitFor('/hooks/secret-mattermost');
    const m = mattermost!.body as { text: string; attachments: Array<{ title: string; title_link: string; color: string; fields: Array<{ title: string; value: string; short: boolean }> }> };
    expect(m.text).toContain(incidentId);
    expect(m.attachments[0]).toMatchObject({ title_link: link, color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    expect(m.attachments[0]!.fields).toContainEqual({ title: 'Phase', value: 'investigating', short: true });

    expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/notes`, payload: { text: 'Rolling back the deploy', statusUpdate: true } })).statusCode).toBe(201);
    expect((await t.api({ method: 'PATCH', url: `/api/v1/incidents/${incidentId}`, payload: { severity: 'P1' } })).statusCode).toBe(200);
    expect((await t.api({ method: 'PATCH', url: `/api/v1/incidents/${incidentId}`, payload: { commander: 'Ada Admin' } })).statusCode).toBe(200);
    expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/notes`, payload: { text: 'A plain note stays inside', statusUpdate: false } })).statusCode).toBe(201);
    expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/resolve` })).statusCode).toBe(200);
    await recorder.waitFor('/hooks/secret-mattermost', 5);
    const texts = bodies('/hooks/secret-mattermost').map((b) => b['text'] as string);
    expect(texts[1]).toContain('Rolling back the deploy');
    expect(texts[2]).toContain('P2 → P1');
    expect(texts[3]).toContain('Commander: Ada Admin');
    expect(texts[4]).toContain('Resolved');
    expect(texts.join('\n')).not.toContain('plain note');
    expect(await recorder.waitFor('/teams/workflows/secret-teams', 5)).toHaveLength(5);
  });

  it('leaves incidents of services without mirrors alone', async () => {
    const before = recorder.requests.length;
    const declared = await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'Quiet trouble', serviceId: quietServiceId, severity: 'P3' } });
    expect(declared.statusCode).toBe(201);
    const rows = await t.handle.db.selectFrom('outbox').select('payload').where('kind', '=', 'chat').execute();
    expect(rows.some((r) => r.payload.includes('Quiet trouble'))).toBe(false);
    expect(recorder.requests.length).toBe(before);
  });

  it('retries a failing chat and shows each failure on the incident timeline as chat.failed', async () => {
    recorder.answer('/broken', 500);
    const created = await mirror({ scope: 'service', scopeId: quietServiceId, kind: 'slack', name: 'Broken chat', url: recorder.url('/broken') });
    expect(created.statusCode).toBe(201);
    const declared = await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'Noisy trouble', serviceId: quietServiceId, severity: 'P3' } });
    const incidentId = declared.json<{ id: string }>().id;
    await waitForOutcome(outcomes, (o) => o.kind === 'chat' && o.result === 'retrying' && o.attempt === 1);
    await t.clock.advanceBy(OUTBOX_POLICY.retryDelayMs);
    await waitForOutcome(outcomes, (o) => o.kind === 'chat' && o.result === 'retrying' && o.attempt === 2);
    await t.clock.advanceBy(OUTBOX_POLICY.retryDelayMs);
    await waitForOutcome(outcomes, (o) => o.kind === 'chat' && o.result === 'failed');
    let failed: Array<{ data: { name: string; error: string; retrying: boolean; chat: string } }> = [];
    for (let i = 0; i < 200 && failed.length < 3; i += 1) {
      const timeline = await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
      failed = timeline.json<{ items: Array<{ kind: string; data: never }> }>().items.filter((e) => e.kind === 'chat.failed');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(failed.map((e) => e.data.retrying)).toEqual([true, true, false]);
    for (const event of failed) expect(timelineEventSchema.parse(event).kind).toBe('chat.failed');
    expect(failed[0]!.data).toMatchObject({ name: 'Broken chat', chat: 'slack', error: expect.stringContaining('HTTP 500') });
    expect(JSON.stringify(failed)).not.toContain('/broken');
    expect(recorder.requests.filter((r) => r.path === '/broken')).toHaveLength(3);

    const test = await t.api({ method: 'POST', url: `/api/v1/status/chat-mirrors/${created.json<{ id: string }>().id}/test` });
    expect(test.json()).toEqual({ ok: false, error: expect.stringContaining('HTTP 500') });
  });

  it('sends a sample message from the test button', async () => {
    const answer = await t.api({ method: 'POST', url: `/api/v1/status/chat-mirrors/${ids['teams']}/test` });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ ok: true, error: null });
    const last = bodies('/teams/workflows/secret-teams').at(-1) as { attachments: Array<{ content: { body: Array<{ text?: string }> } }> };
    expect(last.attachments[0]!.content.body[0]!.text).toContain('[test]');
  });

  it('refuses bad input naming the field, unknown mirrors and people without status:edit', async () => {
    const unknownScope = await mirror({ scope: 'service', scopeId: 'nope', kind: 'slack', name: 'x', url: recorder.url('/x') });
    expect(unknownScope.statusCode).toBe(400);
    expect(unknownScope.json().error.fields).toEqual([{ field: 'scopeId', problem: 'names no service' }]);
    const badKind = await mirror({ scope: 'team', scopeId: t.teamId, kind: 'irc', name: 'x', url: recorder.url('/x') });
    expect(badKind.json().error.fields).toEqual([expect.objectContaining({ field: 'kind' })]);
    const badUrl = await mirror({ scope: 'team', scopeId: t.teamId, kind: 'slack', name: 'x', url: 'ftp://example.com/x' });
    expect(badUrl.json().error.fields).toEqual([expect.objectContaining({ field: 'url' })]);
    expect((await t.api({ method: 'DELETE', url: '/api/v1/status/chat-mirrors/nope' })).statusCode).toBe(404);
    expect((await t.api({ method: 'POST', url: '/api/v1/status/chat-mirrors/nope/test' })).statusCode).toBe(404);
    const responder = await t.person('responder');
    expect((await t.api({ method: 'GET', url: '/api/v1/status/chat-mirrors', headers: { cookie: responder.cookie } })).statusCode).toBe(403);
    expect((await t.api({ method: 'DELETE', url: `/api/v1/status/chat-mirrors/${ids['slack']}` })).statusCode).toBe(204);
    expect((await t.api({ method: 'GET', url: '/api/v1/status/chat-mirrors' })).json().items.map((i: { id: string }) => i.id)).not.toContain(ids['slack']);
  });
});

describe.each(ENGINES)('chat mirrors without private webhooks (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('refuses loopback and link-local chat URLs', async () => {
    for (const url of ['http://127.0.0.1:9/hook', 'http://169.254.169.254/x', 'http://localhost/x']) {
      const answer = await t.api({ method: 'POST', url: '/api/v1/status/chat-mirrors', payload: { scope: 'team', scopeId: t.teamId, kind: 'slack', name: 'x', url } });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.json().error.fields).toEqual([expect.objectContaining({ field: 'url' })]);
    }
    expect(await t.handle.db.selectFrom('chat_mirrors').selectAll().execute()).toEqual([]);
  });
});

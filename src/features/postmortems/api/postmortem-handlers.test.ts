import { describe, expect, it } from 'vitest';
import type { PostmortemDto } from '../../../contracts/postmortems';
import { appendEvent, db, signInAs } from '../../../testing/db';
import { USERS, makeIncident } from '../../../testing/fixtures';
import { makePostmortem } from '../../../testing/postmortem-samples';

const call = (path: string, init: RequestInit = {}) => fetch(new URL(`/api/v1${path}`, window.location.origin), { ...init, headers: { 'content-type': 'application/json' } });

describe('post-mortem msw handlers', () => {
  it('creates one per incident with the timeline drafted from its log and the impact pre-filled, and answers the same one again', async () => {
    signInAs('responder');
    const incident = makeIncident({ id: 'INC-2026-0042', state: 'resolved', alertCount: 2, triggeredAt: '2026-03-03T02:31:00.000Z', acknowledgedAt: '2026-03-03T02:33:00.000Z', resolvedAt: '2026-03-03T03:14:00.000Z' });
    db.incidents = [incident];
    appendEvent(incident, { type: 'person', name: USERS.responder.name }, { kind: 'incident.acknowledged', data: { how: 'web' } });
    const created = await call('/incidents/INC-2026-0042/postmortem', { method: 'POST', body: '{}' });
    expect(created.status).toBe(201);
    const postmortem = (await created.json()) as PostmortemDto;
    expect(postmortem.sections.find((s) => s.key === 'timeline')!.body).toContain('Diego Alvarez acknowledged');
    expect(postmortem.sections.find((s) => s.key === 'impact')!.body).toContain('**Alerts:** 2');
    expect(postmortem).toMatchObject({ owner: { id: USERS.responder.id }, dueAt: '2026-03-05T03:14:00.000Z', timelineThroughSeq: db.seq });
    const again = await call('/incidents/INC-2026-0042/postmortem', { method: 'POST', body: '{}' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as PostmortemDto).id).toBe(postmortem.id);
    expect(db.postmortems).toHaveLength(1);
  });

  it('refuses an owner who is not a person, and a leftover field, naming the field and storing nothing', async () => {
    db.incidents = [makeIncident({ id: 'INC-2026-0043' })];
    const owner = await call('/incidents/INC-2026-0043/postmortem', { method: 'POST', body: JSON.stringify({ ownerId: 'team-payments' }) });
    expect(owner.status).toBe(400);
    expect(await owner.json()).toMatchObject({ error: { fields: [{ field: 'ownerId' }] } });
    const extra = await call('/incidents/INC-2026-0043/postmortem', { method: 'POST', body: JSON.stringify({ title: 'x' }) });
    expect(extra.status).toBe(400);
    expect(db.postmortems).toHaveLength(0);
  });

  it('refuses an unknown section by its key and a move the model does not allow', async () => {
    db.postmortems = [makePostmortem()];
    const key = await call('/postmortems/pm-1/sections/summary', { method: 'PUT', body: JSON.stringify({ body: 'x', version: 0 }) });
    expect(key.status).toBe(400);
    expect(await key.json()).toMatchObject({ error: { fields: [{ field: 'key' }] } });
    const move = await call('/postmortems/pm-1/status', { method: 'POST', body: JSON.stringify({ status: 'published' }) });
    expect(move.status).toBe(409);
    expect(await move.json()).toMatchObject({ error: { code: 'invalid_transition' } });
    expect(db.postmortems[0]!.status).toBe('draft');
  });

  it('exports the markdown as an attachment', async () => {
    db.postmortems = [makePostmortem()];
    const answer = await fetch(new URL('/api/v1/postmortems/pm-1/export.md', window.location.origin));
    expect(answer.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(await answer.text()).toMatch(/^# Checkout: connection pool exhausted\n/);
  });
});

import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveEventSchema } from '../../contracts/live';
import type { PostmortemDto } from '../../contracts/postmortems';
import { actionItemSchema, actionItemWriteResultSchema, postmortemSchema, postmortemSectionSchema, postmortemSummarySchema, presenceSchema, recurrenceSchema, staleSectionDetailsSchema, timelineDraftSchema } from '../../contracts/postmortems';
import { POSTMORTEM_LIMITS } from '../../domain/postmortem/model';
import { SseClient } from '../test-support/sse-client';
import { ENGINES, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

type Person = { id: string; cookie: string; name: string };
const MINUTE = 60_000;

describe.each(ENGINES)('post-mortem API on %s', (engine) => {
  let t: TestApp;
  let serviceId: string;
  let responder: Person;
  let viewer: Person;

  beforeEach(async () => {
    t = await createTestApp(engine);
    serviceId = (await createService(t, 'Checkout API')).id;
    responder = await t.person('responder', { name: 'Diego Alvarez' });
    viewer = await t.person('viewer', { name: 'Vera Viewer' });
  });
  afterEach(async () => t.close());

  /**
   * Moves the clock without awaiting each timer on the way: these tests page nobody, and stepping
   * through an hour of the outbox's 5-second polls one by one only makes them slow.
   */
  const later = async (ms: number) => t.clock.set(new Date(t.clock.now() + ms).toISOString());
  const as = (person: Person | undefined) => (person ? { cookie: person.cookie } : {});
  const declare = async (title = 'Checkout: connection pool exhausted', service = serviceId) => {
    const response = await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title, severity: 'P2', serviceId: service } });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  };
  /** An incident with a little history: declared, acknowledged, a status update, a note, resolved. */
  const workedIncident = async () => {
    const id = await declare();
    await later(3 * MINUTE);
    expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${id}/acknowledge`, headers: as(responder) })).statusCode).toBe(200);
    await later(5 * MINUTE);
    await t.api({ method: 'POST', url: `/api/v1/incidents/${id}/notes`, payload: { text: 'Checkout is slow;\nwe are looking at the database.', statusUpdate: true }, headers: as(responder) });
    await t.api({ method: 'POST', url: `/api/v1/incidents/${id}/notes`, payload: { text: 'Pool at 500 of 500.' }, headers: as(responder) });
    await later(30 * MINUTE);
    expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${id}/resolve`, headers: as(responder) })).statusCode).toBe(200);
    return id;
  };
  const start = async (incidentId: string, person: Person | undefined = responder, payload: object = {}) => t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/postmortem`, payload, headers: as(person) });
  const started = async (incidentId?: string): Promise<PostmortemDto> => {
    const response = await start(incidentId ?? (await workedIncident()));
    expect(response.statusCode).toBe(201);
    return postmortemSchema.parse(response.json());
  };
  const save = (id: string, key: string, payload: unknown, person: Person | undefined = responder) =>
    t.api({ method: 'PUT', url: `/api/v1/postmortems/${id}/sections/${key}`, payload: payload as object, headers: as(person) });
  const status = (id: string, payload: object, person: Person | undefined = responder) => t.api({ method: 'POST', url: `/api/v1/postmortems/${id}/status`, payload, headers: as(person) });
  const addItem = (id: string, payload: object, person: Person | undefined = responder) => t.api({ method: 'POST', url: `/api/v1/postmortems/${id}/action-items`, payload, headers: as(person) });
  const counts = async () => ({
    postmortems: (await t.handle.db.selectFrom('postmortems').selectAll().execute()).length,
    sections: (await t.handle.db.selectFrom('postmortem_sections').select(['key', 'version', 'body']).execute()).map((row) => `${row.key}:${row.version}:${row.body.length}`).sort(),
    items: (await t.handle.db.selectFrom('action_items').select(['id', 'version']).execute()).map((row) => `${row.id}:${row.version}`).sort(),
    audit: (await t.handle.db.selectFrom('audit_log').select('seq').execute()).length,
    events: (await t.handle.db.selectFrom('events').select('seq').execute()).length,
  });
  const errorOf = (response: { json(): unknown }) => (response.json() as { error: { code: string; fields?: Array<{ field: string; problem: string }>; details?: unknown } }).error;

  describe('starting one', () => {
    it('drafts the Timeline from the event log and Impact from the numbers, owned by the caller, reviewed a week later', async () => {
      const incidentId = await workedIncident();
      const postmortem = await started(incidentId);
      expect(postmortem).toMatchObject({
        title: 'Checkout: connection pool exhausted',
        status: 'draft',
        owner: { id: responder.id, name: 'Diego Alvarez' },
        createdBy: { id: responder.id, name: 'Diego Alvarez' },
        // Triggered 02:30 UTC, resolved 38 minutes later; due 48 hours after that.
        dueAt: '2026-03-23T03:08:00.000Z',
        // Started 03:08 UTC = 04:08 in Berlin on 21 March: the review is 28 March there.
        followUpOn: '2026-03-28',
        incident: { id: incidentId, severity: 'P2', serviceName: 'Checkout API', teamId: t.teamId, resolvedAt: '2026-03-21T03:08:00.000Z' },
        openActionItems: 0,
        canEdit: true,
        canChangeStatus: true,
      });
      expect(postmortem.sections.map((section) => [section.key, section.version])).toEqual([
        ['timeline', 0],
        ['impact', 0],
        ['root-cause', 0],
        ['detection', 0],
        ['lessons', 0],
        ['follow-up', 0],
      ]);
      const timeline = postmortem.sections[0]!.body.split('\n');
      expect(timeline).toEqual([
        '- **2026-03-21 02:30 UTC** — Ada Admin declared the incident as P2',
        '- **02:30 UTC** — Nobody was paged: the service had no escalation policy',
        '- **02:33 UTC** — Diego Alvarez acknowledged in Firewatch',
        '- **02:38 UTC** — Diego Alvarez posted a status update (Investigating): “Checkout is slow; we are looking at the database.”',
        '- **02:38 UTC** — Diego Alvarez noted: “Pool at 500 of 500.”',
        '- **03:08 UTC** — Diego Alvarez resolved the incident',
      ]);
      const impact = postmortem.sections[1]!.body;
      expect(impact).toContain('- **Duration:** 38m (2026-03-21 02:30 UTC to 2026-03-21 03:08 UTC)');
      expect(impact).toContain('- **Time to acknowledge:** 3m');
      expect(impact).toContain('- **Affected services:** Checkout API');
      expect(postmortem.timelineThroughSeq).toBeGreaterThan(0);

      const events = (await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` })).json<{ items: Array<{ kind: string; data: { postmortemId?: string } }> }>().items;
      expect(events.filter((event) => event.kind === 'postmortem.created').map((event) => event.data.postmortemId)).toEqual([postmortem.id]);
      const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'postmortem.created').execute();
      expect(audit.map((entry) => [entry.actor_id, entry.target_id])).toEqual([[responder.id, postmortem.id]]);
    });

    it('answers the existing one with 200 the second time, and finds it by incident and in the list', async () => {
      const first = await started();
      const again = await start(first.incident.id, t.admin as Person);
      expect(again.statusCode).toBe(200);
      expect(postmortemSchema.parse(again.json()).id).toBe(first.id);
      expect((await t.handle.db.selectFrom('postmortems').selectAll().execute()).length).toBe(1);
      const byIncident = await t.api({ method: 'GET', url: `/api/v1/incidents/${first.incident.id}/postmortem`, headers: as(viewer) });
      expect(byIncident.statusCode).toBe(200);
      const read = postmortemSchema.parse(byIncident.json());
      expect(read.id).toBe(first.id);
      expect(read.canEdit).toBe(false);
      const list = await t.api({ method: 'GET', url: '/api/v1/postmortems?status=draft', headers: as(viewer) });
      expect(list.json<{ items: unknown[] }>().items.map((item) => postmortemSummarySchema.parse(item).id)).toEqual([first.id]);
      expect((await t.api({ method: 'GET', url: '/api/v1/postmortems?status=published' })).json<{ items: unknown[] }>().items).toEqual([]);
      expect((await t.api({ method: 'GET', url: `/api/v1/postmortems?incidentId=${first.incident.id}` })).json<{ items: unknown[] }>().items).toHaveLength(1);
    });

    it('takes another owner by person id, and refuses a team, an unknown id, an unknown field, a viewer and nonsense, storing nothing', async () => {
      const incidentId = await workedIncident();
      const before = await counts();
      const team = await start(incidentId, responder, { ownerId: t.teamId });
      expect(team.statusCode).toBe(400);
      expect(errorOf(team).fields).toEqual([{ field: 'ownerId', problem: 'names no person' }]);
      const extra = await start(incidentId, responder, { owner: responder.id });
      expect(extra.statusCode).toBe(400);
      expect(errorOf(extra).fields?.[0]?.field).toBe('owner');
      expect((await start(incidentId, viewer)).statusCode).toBe(403);
      expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/postmortem`, payload: {}, headers: { cookie: '' } })).statusCode).toBe(401);
      const malformed = await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/postmortem`, payload: '{"ownerId":', headers: { 'content-type': 'application/json', cookie: responder.cookie } });
      expect(malformed.statusCode).toBe(400);
      expect(errorOf(malformed).code).toBe('invalid_json');
      const notObject = await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/postmortem`, payload: '[1]', headers: { 'content-type': 'application/json', cookie: responder.cookie } });
      expect(notObject.statusCode).toBe(400);
      const after = await counts();
      expect(after.sections).toEqual(before.sections);
      expect(after.events).toBe(before.events);

      const other = await start(incidentId, responder, { ownerId: viewer.id });
      expect(other.statusCode).toBe(201);
      expect(postmortemSchema.parse(other.json()).owner.id).toBe(viewer.id);
    });

    it('answers 404 for unknown incidents and post-mortems, never a 500 for odd ids', async () => {
      expect((await start('INC-2099-9999')).statusCode).toBe(404);
      expect((await t.api({ method: 'GET', url: '/api/v1/incidents/INC-2099-9999/postmortem' })).statusCode).toBe(404);
      const incidentId = await declare();
      expect((await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/postmortem` })).statusCode).toBe(404);
      // Longer than Fastify's parameter limit: refused before routing, as JSON.
      const tooLong = await t.api({ method: 'GET', url: `/api/v1/postmortems/${'x'.repeat(300)}` });
      expect(tooLong.statusCode).toBe(414);
      for (const id of ['no-such', '%27%3B--', 'x'.repeat(90), '%F0%9F%94%A5']) {
        for (const url of [`/api/v1/postmortems/${id}`, `/api/v1/postmortems/${id}/timeline-draft`, `/api/v1/postmortems/${id}/export.md`, `/api/v1/incidents/${id}/recurrence`]) {
          expect((await t.api({ method: 'GET', url })).statusCode, url).toBe(404);
        }
        expect((await save(id, 'impact', { body: 'x', version: 0 })).statusCode).toBe(404);
        expect((await status(id, { status: 'in_review' })).statusCode).toBe(404);
        expect((await addItem(id, { title: 'x', ownerId: responder.id })).statusCode).toBe(404);
        expect((await t.api({ method: 'PATCH', url: `/api/v1/action-items/${id}`, payload: { version: 1 } })).statusCode).toBe(404);
        expect((await t.api({ method: 'DELETE', url: `/api/v1/action-items/${id}` })).statusCode).toBe(404);
        expect((await t.api({ method: 'PUT', url: `/api/v1/postmortems/${id}/presence`, payload: { section: null } })).statusCode).toBe(404);
      }
      expect((await t.api({ method: 'GET', url: '/api/v1/postmortems?status=done' })).statusCode).toBe(400);
      expect(errorOf(await t.api({ method: 'GET', url: '/api/v1/postmortems?sort=new' })).fields).toEqual([{ field: 'sort', problem: 'is not a field of the post-mortem list' }]);
    });
  });

  describe('saving sections', () => {
    it('saves on top of the version, one section at a time; two people on two sections both keep their words', async () => {
      const postmortem = await started();
      const other = await t.person('responder', { name: 'Mei Tanaka' });
      const [rootCause, lessons] = await Promise.all([
        save(postmortem.id, 'root-cause', { body: 'The pool was sized for last year’s traffic.', version: 0 }),
        save(postmortem.id, 'lessons', { body: 'Pool saturation needs an alert of its own.', version: 0 }, other),
      ]);
      expect(rootCause.statusCode).toBe(200);
      expect(lessons.statusCode).toBe(200);
      expect(postmortemSectionSchema.parse(rootCause.json())).toMatchObject({ key: 'root-cause', version: 1, updatedBy: { id: responder.id, name: 'Diego Alvarez' }, updatedAt: '2026-03-21T03:08:00.000Z' });
      expect(postmortemSectionSchema.parse(lessons.json())).toMatchObject({ key: 'lessons', version: 1, updatedBy: { id: other.id, name: 'Mei Tanaka' } });
      const read = postmortemSchema.parse((await t.api({ method: 'GET', url: `/api/v1/postmortems/${postmortem.id}` })).json());
      expect(read.sections.find((s) => s.key === 'root-cause')!.body).toBe('The pool was sized for last year’s traffic.');
      expect(read.sections.find((s) => s.key === 'lessons')!.body).toBe('Pool saturation needs an alert of its own.');
      const again = await save(postmortem.id, 'root-cause', { body: 'The pool was sized for last year’s peak.', version: 1 });
      expect(postmortemSectionSchema.parse(again.json()).version).toBe(2);
      const saved = await t.handle.db.selectFrom('events').selectAll().where('kind', '=', 'postmortem.section_saved').orderBy('seq').execute();
      const written = saved.map((event) => [event.incident_id, JSON.parse(event.data).section, JSON.parse(event.data).version]);
      // The two first saves were sent at once and may commit in either order; the third came after both.
      expect(written.slice(0, 2).sort()).toEqual([
        [null, 'lessons', 1],
        [null, 'root-cause', 1],
      ]);
      expect(written[2]).toEqual([null, 'root-cause', 2]);
      expect((await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'postmortem.section_saved').execute()).length).toBe(3);
    });

    it('refuses a stale save with 409 carrying both texts, and stores nothing', async () => {
      const postmortem = await started();
      expect((await save(postmortem.id, 'root-cause', { body: 'Theirs: the pool limit.', version: 0 })).statusCode).toBe(200);
      const before = await counts();
      const stale = await save(postmortem.id, 'root-cause', { body: 'Mine: the retry storm.', version: 0 });
      expect(stale.statusCode).toBe(409);
      const error = errorOf(stale);
      expect(error.code).toBe('stale_version');
      const details = staleSectionDetailsSchema.parse(error.details);
      expect(details.current).toMatchObject({ key: 'root-cause', body: 'Theirs: the pool limit.', version: 1 });
      expect(details.yours).toEqual({ body: 'Mine: the retry storm.', version: 0 });
      expect(stale.json<{ current: { body: string } }>().current.body).toBe('Theirs: the pool limit.');
      expect(await counts()).toEqual(before);
      // A version from the future is as stale as one from the past.
      expect((await save(postmortem.id, 'root-cause', { body: 'x', version: 7 })).statusCode).toBe(409);
    });

    it('answers 413 naming body for a section over the limit and for a 5 MB request, in the API shape', async () => {
      const postmortem = await started();
      const before = await counts();
      const long = await save(postmortem.id, 'root-cause', { body: 'a'.repeat(POSTMORTEM_LIMITS.sectionChars + 1), version: 0 });
      expect(long.statusCode).toBe(413);
      expect(errorOf(long).code).toBe('payload_too_large');
      expect(errorOf(long).fields?.map((f) => f.field)).toEqual(['body']);
      const huge = await save(postmortem.id, 'root-cause', { body: 'a'.repeat(5 * 1024 * 1024), version: 0 });
      expect(huge.statusCode).toBe(413);
      expect(errorOf(huge).code).toBe('payload_too_large');
      expect(errorOf(huge).fields?.map((f) => f.field)).toEqual(['body']);
      expect(await counts()).toEqual(before);
      const exact = await save(postmortem.id, 'root-cause', { body: 'a'.repeat(POSTMORTEM_LIMITS.sectionChars), version: 0 });
      expect(exact.statusCode).toBe(200);
    });

    it('refuses an unknown key, a missing version, a wrong type, unknown fields and a viewer, naming the field', async () => {
      const postmortem = await started();
      const before = await counts();
      const cases: Array<[string, unknown, string]> = [
        ['action-items', { body: 'x', version: 0 }, 'key'],
        ['summary', { body: 'x', version: 0 }, 'key'],
        ['impact', { body: 'x' }, 'version'],
        ['impact', { body: 42, version: 0 }, 'body'],
        ['impact', { body: 'x', version: 0, title: 'Impact' }, 'title'],
        ['impact', { body: 'x', version: 0, timelineThroughSeq: 3 }, 'timelineThroughSeq'],
        ['timeline', { body: 'x', version: 0, timelineThroughSeq: -1 }, 'timelineThroughSeq'],
      ];
      for (const [key, payload, field] of cases) {
        const response = await save(postmortem.id, key, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(errorOf(response).fields?.map((f) => f.field)).toContain(field);
      }
      expect((await save(postmortem.id, 'impact', { body: 'x', version: 0 }, viewer)).statusCode).toBe(403);
      expect((await t.api({ method: 'PUT', url: `/api/v1/postmortems/${postmortem.id}/sections/impact`, payload: { body: 'x', version: 0 }, headers: { cookie: '' } })).statusCode).toBe(401);
      expect(await counts()).toEqual(before);
    });
  });

  describe('statuses', () => {
    it('moves draft → in review → published with events and audit; published is read-only; reopening needs a reason', async () => {
      const postmortem = await started();
      const skip = await status(postmortem.id, { status: 'published' });
      expect(skip.statusCode).toBe(409);
      expect(errorOf(skip).code).toBe('invalid_transition');
      expect(postmortemSchema.parse((await status(postmortem.id, { status: 'in_review' })).json()).status).toBe('in_review');
      const published = postmortemSchema.parse((await status(postmortem.id, { status: 'published' })).json());
      expect(published).toMatchObject({ status: 'published', publishedAt: '2026-03-21T03:08:00.000Z', canEdit: false, canChangeStatus: true });

      const before = await counts();
      const locked = await save(postmortem.id, 'lessons', { body: 'x', version: 0 });
      expect(locked.statusCode).toBe(409);
      expect(errorOf(locked).code).toBe('postmortem_published');
      const patch = await t.api({ method: 'PATCH', url: `/api/v1/postmortems/${postmortem.id}`, payload: { title: 'New' }, headers: as(responder) });
      expect(errorOf(patch).code).toBe('postmortem_published');
      expect(errorOf(await addItem(postmortem.id, { title: 'x', ownerId: responder.id })).code).toBe('postmortem_published');
      // Read-only answers first, as on every other write: an owner who names nobody is not looked up.
      const strangerOwned = await addItem(postmortem.id, { title: 'x', ownerId: 'user-nobody' });
      expect(strangerOwned.statusCode).toBe(409);
      expect(errorOf(strangerOwned).code).toBe('postmortem_published');
      const noReason = await status(postmortem.id, { status: 'draft' });
      expect(noReason.statusCode).toBe(400);
      expect(errorOf(noReason).fields).toEqual([{ field: 'reason', problem: 'is required to reopen a published post-mortem' }]);
      expect((await status(postmortem.id, { status: 'draft', reason: '   ' })).statusCode).toBe(400);
      expect((await status(postmortem.id, { status: 'in_review' })).statusCode).toBe(409);
      expect((await status(postmortem.id, { status: 'archived' })).statusCode).toBe(400);
      expect((await status(postmortem.id, { status: 'draft', reason: 'x' }, viewer)).statusCode).toBe(403);
      expect(await counts()).toEqual(before);

      const reopened = postmortemSchema.parse((await status(postmortem.id, { status: 'draft', reason: 'The root cause missed the retry storm' })).json());
      expect(reopened).toMatchObject({ status: 'draft', publishedAt: null, canEdit: true });
      const events = (await t.api({ method: 'GET', url: `/api/v1/incidents/${postmortem.incident.id}/timeline` })).json<{ items: Array<{ kind: string; data: Record<string, unknown> }> }>().items;
      expect(events.filter((event) => event.kind === 'postmortem.status_changed').map((event) => [event.data['from'], event.data['to'], event.data['reason']])).toEqual([
        ['draft', 'in_review', null],
        ['in_review', 'published', null],
        ['published', 'draft', 'The root cause missed the retry storm'],
      ]);
      const reopenAudit = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'postmortem.reopened').execute();
      expect(reopenAudit.map((entry) => JSON.parse(entry.after!))).toEqual([{ status: 'draft', reason: 'The root cause missed the retry storm' }]);
    });

    it('changes title, owner and follow-up date, refusing a non-person owner and a date that does not exist', async () => {
      const postmortem = await started();
      const patch = (payload: object) => t.api({ method: 'PATCH', url: `/api/v1/postmortems/${postmortem.id}`, payload, headers: as(responder) });
      const changed = postmortemSchema.parse((await patch({ title: 'Checkout slowed: the pool ran out', ownerId: t.admin.id, followUpOn: '2026-04-02' })).json());
      expect(changed).toMatchObject({ title: 'Checkout slowed: the pool ran out', owner: { id: t.admin.id, name: 'Ada Admin' }, followUpOn: '2026-04-02' });
      expect(errorOf(await patch({ ownerId: 'Ada Admin' })).fields).toEqual([{ field: 'ownerId', problem: 'names no person' }]);
      expect(errorOf(await patch({ followUpOn: '2026-02-30' })).fields?.[0]?.field).toBe('followUpOn');
      expect(errorOf(await patch({ title: '' })).fields?.[0]?.field).toBe('title');
      expect(errorOf(await patch({ status: 'published' })).fields?.[0]?.field).toBe('status');
      expect((await t.api({ method: 'PATCH', url: `/api/v1/postmortems/${postmortem.id}`, payload: { title: 'x' }, headers: as(viewer) })).statusCode).toBe(403);
    });

    it('writes a details change on the incident timeline, naming only what changed, and streams it live', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const postmortem = await started();
      const client = await SseClient.connect(`${base}/api/v1/events`, { cookie: viewer.cookie });
      try {
        await client.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
        const patch = (payload: object) => t.api({ method: 'PATCH', url: `/api/v1/postmortems/${postmortem.id}`, payload, headers: as(responder) });
        expect((await patch({ title: 'Checkout slowed: the pool ran out', ownerId: t.admin.id })).statusCode).toBe(200);
        // Nothing changes: nobody is told.
        expect((await patch({ title: 'Checkout slowed: the pool ran out' })).statusCode).toBe(200);
        expect((await patch({ followUpOn: '2026-04-02' })).statusCode).toBe(200);

        const written = (await t.api({ method: 'GET', url: `/api/v1/incidents/${postmortem.incident.id}/timeline` }))
          .json<{ items: Array<{ seq: number; kind: string; incidentId: string; actor: { name: string }; data: Record<string, unknown> }> }>()
          .items.filter((event) => event.kind === 'postmortem.details_changed');
        expect(written.map((event) => [event.incidentId, event.actor.name, event.data])).toEqual([
          [postmortem.incident.id, 'Diego Alvarez', { postmortemId: postmortem.id, title: 'Checkout slowed: the pool ran out', owner: { id: t.admin.id, name: 'Ada Admin' } }],
          [postmortem.incident.id, 'Diego Alvarez', { postmortemId: postmortem.id, followUpOn: '2026-04-02' }],
        ]);
        const audited = await t.handle.db.selectFrom('audit_log').select('seq').where('action', '=', 'postmortem.updated').execute();
        expect(audited.length).toBe(3);

        await client.waitFor((c) => c.events().filter((event) => (event as { kind: string }).kind === 'postmortem.details_changed').length === 2);
        const live = client.events().map((event) => liveEventSchema.parse(event)).filter((event) => event.kind === 'postmortem.details_changed');
        expect(live.map((event) => [event.seq, event.incidentId, event.data])).toEqual(written.map((event) => [event.seq, event.incidentId, event.data]));
      } finally {
        client.close();
      }
    });
  });

  describe('the timeline draft', () => {
    it('offers what happened after the timeline was drafted, and saving the timeline with throughSeq takes it in', async () => {
      const postmortem = await started();
      const empty = timelineDraftSchema.parse((await t.api({ method: 'GET', url: `/api/v1/postmortems/${postmortem.id}/timeline-draft` })).json());
      // Only its own "post-mortem started" came after the draft, and that makes no line.
      expect(empty.entries).toEqual([]);
      expect(empty.throughSeq).toBe(postmortem.timelineThroughSeq + 1);
      await later(60 * MINUTE);
      await t.api({ method: 'POST', url: `/api/v1/incidents/${postmortem.incident.id}/notes`, payload: { text: 'Raised the pool to 800 for good.' }, headers: as(responder) });
      const draft = timelineDraftSchema.parse((await t.api({ method: 'GET', url: `/api/v1/postmortems/${postmortem.id}/timeline-draft`, headers: as(viewer) })).json());
      expect(draft.entries.map((entry) => entry.line)).toEqual(['- **04:08 UTC** — Diego Alvarez noted: “Raised the pool to 800 for good.”']);
      expect(draft.throughSeq).toBe(draft.entries[0]!.seq);
      const timeline = postmortem.sections.find((section) => section.key === 'timeline')!;
      const saved = await save(postmortem.id, 'timeline', { body: `${timeline.body}\n${draft.entries[0]!.line}`, version: 0, timelineThroughSeq: draft.throughSeq });
      expect(saved.statusCode).toBe(200);
      const after = postmortemSchema.parse((await t.api({ method: 'GET', url: `/api/v1/postmortems/${postmortem.id}` })).json());
      expect(after.timelineThroughSeq).toBe(draft.throughSeq);
      expect(timelineDraftSchema.parse((await t.api({ method: 'GET', url: `/api/v1/postmortems/${postmortem.id}/timeline-draft` })).json()).entries).toEqual([]);
    });
  });

  describe('presence', () => {
    it('lists who has it open and where, for 30 seconds after their last heartbeat', async () => {
      const postmortem = await started();
      const beat = (person: Person, section: string | null) => t.api({ method: 'PUT', url: `/api/v1/postmortems/${postmortem.id}/presence`, payload: { section }, headers: as(person) });
      expect((await beat(responder, 'root-cause')).statusCode).toBe(200);
      await later(20_000);
      const both = presenceSchema.parse((await beat(viewer, null)).json());
      expect(both.editors.map((editor) => [editor.name, editor.section])).toEqual([
        ['Vera Viewer', null],
        ['Diego Alvarez', 'root-cause'],
      ]);
      await later(11_000);
      expect(presenceSchema.parse((await beat(viewer, 'lessons')).json()).editors.map((editor) => [editor.name, editor.section])).toEqual([['Vera Viewer', 'lessons']]);
      expect(errorOf(await beat(viewer, 'summary')).fields?.[0]?.field).toBe('section');
      expect(errorOf(await t.api({ method: 'PUT', url: `/api/v1/postmortems/${postmortem.id}/presence`, payload: {} })).fields?.[0]?.field).toBe('section');
      expect((await t.api({ method: 'PUT', url: `/api/v1/postmortems/${postmortem.id}/presence`, payload: { section: null }, headers: { cookie: '' } })).statusCode).toBe(401);
    });
  });

  describe('export', () => {
    it('answers the whole post-mortem as a markdown attachment', async () => {
      const postmortem = await started();
      await save(postmortem.id, 'root-cause', { body: 'The pool was sized for last year.', version: 0 });
      await addItem(postmortem.id, { title: 'Alert at 80 % of the pool', ownerId: responder.id, dueOn: '2026-03-28', link: 'https://tracker.example/OPS-12' });
      const response = await t.api({ method: 'GET', url: `/api/v1/postmortems/${postmortem.id}/export.md`, headers: as(viewer) });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${postmortem.incident.id}-postmortem.md"`);
      expect(response.body).toContain('# Checkout: connection pool exhausted');
      expect(response.body).toContain('## Root cause\n\nThe pool was sized for last year.');
      expect(response.body).toContain('| Alert at 80 % of the pool | Diego Alvarez | 2026-03-28 | Open | <https://tracker.example/OPS-12> |');
      expect(response.body).toContain('Diego Alvarez acknowledged in Firewatch');
    });
  });

  describe('action items', () => {
    it('adds, changes and deletes an item with events and audit; a past due date is stored with a warning', async () => {
      const postmortem = await started();
      const created = await addItem(postmortem.id, { title: 'Alert at 80 % of the pool', ownerId: responder.id, dueOn: '2026-03-28' });
      expect(created.statusCode).toBe(201);
      const { item, warnings } = actionItemWriteResultSchema.parse(created.json());
      expect(warnings).toEqual([]);
      expect(item).toMatchObject({
        postmortemId: postmortem.id,
        incidentId: postmortem.incident.id,
        serviceName: 'Checkout API',
        owner: { id: responder.id, name: 'Diego Alvarez', timeZone: 'Europe/Berlin' },
        dueOn: '2026-03-28',
        status: 'open',
        overdue: false,
        closedAt: null,
        version: 1,
      });
      const late = await addItem(postmortem.id, { title: 'Write down the pool sizing', ownerId: responder.id, dueOn: '2026-03-20', status: 'done' });
      expect(late.statusCode).toBe(201);
      const lateResult = actionItemWriteResultSchema.parse(late.json());
      expect(lateResult.warnings).toEqual([{ field: 'dueOn', problem: 'is in the past' }]);
      expect(lateResult.item.closedAt).toBe('2026-03-21T03:08:00.000Z');

      await later(MINUTE);
      const patched = await t.api({ method: 'PATCH', url: `/api/v1/action-items/${item.id}`, payload: { status: 'done', version: 1 }, headers: as(responder) });
      expect(patched.statusCode).toBe(200);
      expect(actionItemWriteResultSchema.parse(patched.json()).item).toMatchObject({ status: 'done', version: 2, closedAt: '2026-03-21T03:09:00.000Z' });
      const reopened = actionItemWriteResultSchema.parse((await t.api({ method: 'PATCH', url: `/api/v1/action-items/${item.id}`, payload: { status: 'in_progress', version: 2, link: 'https://tracker.example/OPS-12' } })).json());
      expect(reopened.item).toMatchObject({ status: 'in_progress', closedAt: null, link: 'https://tracker.example/OPS-12', version: 3 });

      const before = await counts();
      const stale = await t.api({ method: 'PATCH', url: `/api/v1/action-items/${item.id}`, payload: { title: 'Mine', version: 2 } });
      expect(stale.statusCode).toBe(409);
      expect(errorOf(stale).code).toBe('stale_version');
      const details = errorOf(stale).details as { current: unknown; yours: unknown };
      expect(actionItemSchema.parse(details.current).version).toBe(3);
      expect(details.yours).toEqual({ title: 'Mine', version: 2 });
      expect(await counts()).toEqual(before);

      expect((await t.api({ method: 'DELETE', url: `/api/v1/action-items/${item.id}`, headers: as(viewer) })).statusCode).toBe(403);
      expect((await t.api({ method: 'DELETE', url: `/api/v1/action-items/${item.id}`, headers: as(responder) })).statusCode).toBe(204);
      expect((await t.api({ method: 'DELETE', url: `/api/v1/action-items/${item.id}`, headers: as(responder) })).statusCode).toBe(404);
      const changes = await t.handle.db.selectFrom('events').selectAll().where('kind', '=', 'action_item.changed').orderBy('seq').execute();
      expect(changes.map((event) => [event.incident_id, JSON.parse(event.data).change])).toEqual([
        [null, 'created'],
        [null, 'created'],
        [null, 'updated'],
        [null, 'updated'],
        [null, 'deleted'],
      ]);
      expect((await t.handle.db.selectFrom('audit_log').selectAll().where('action', 'like', 'action_item.%').execute()).length).toBe(5);
    });

    it('refuses an owner who is not a person, bad dates, links and fields, naming each, storing nothing', async () => {
      const postmortem = await started();
      const before = await counts();
      const cases: Array<[object, string]> = [
        [{ title: 'x', ownerId: t.teamId }, 'ownerId'],
        [{ title: 'x', ownerId: 'diego@example.com' }, 'ownerId'],
        [{ title: 'x' }, 'ownerId'],
        [{ title: '  ', ownerId: responder.id }, 'title'],
        [{ title: 'x'.repeat(301), ownerId: responder.id }, 'title'],
        [{ title: 'x', ownerId: responder.id, dueOn: '2026-02-30' }, 'dueOn'],
        [{ title: 'x', ownerId: responder.id, dueOn: '28/03/2026' }, 'dueOn'],
        [{ title: 'x', ownerId: responder.id, link: 'javascript:alert(1)' }, 'link'],
        [{ title: 'x', ownerId: responder.id, status: 'closed' }, 'status'],
        [{ title: 'x', ownerId: responder.id, priority: 'high' }, 'priority'],
      ];
      for (const [payload, field] of cases) {
        const response = await addItem(postmortem.id, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(errorOf(response).fields?.map((f) => f.field)).toContain(field);
      }
      expect((await addItem(postmortem.id, { title: 'x', ownerId: responder.id }, viewer)).statusCode).toBe(403);
      expect(await counts()).toEqual(before);

      const { item } = actionItemWriteResultSchema.parse((await addItem(postmortem.id, { title: 'Alert on the pool', ownerId: responder.id })).json());
      const patch = (payload: object) => t.api({ method: 'PATCH', url: `/api/v1/action-items/${item.id}`, payload });
      expect(errorOf(await patch({ ownerId: t.teamId, version: 1 })).fields).toEqual([{ field: 'ownerId', problem: 'names no person (an action item is owned by one person, not a team or a name)' }]);
      expect(errorOf(await patch({ status: 'done' })).fields?.[0]?.field).toBe('version');
      expect(errorOf(await patch({ version: '1' })).fields?.[0]?.field).toBe('version');
      const pastDue = actionItemWriteResultSchema.parse((await patch({ dueOn: '2026-03-01', version: 1 })).json());
      expect(pastDue.warnings).toEqual([{ field: 'dueOn', problem: 'is in the past' }]);
      expect(pastDue.item.overdue).toBe(true);
    });

    it('lists across post-mortems: mine, overdue in each owner’s own zone, closed, by team and service, by due date', async () => {
      const postmortem = await started();
      const auckland = await t.person('responder', { name: 'Aroha Ngata' });
      const losAngeles = await t.person('responder', { name: 'Luis Ortega' });
      await t.handle.db.updateTable('users').set({ time_zone: 'Pacific/Auckland' }).where('id', '=', auckland.id).execute();
      await t.handle.db.updateTable('users').set({ time_zone: 'America/Los_Angeles' }).where('id', '=', losAngeles.id).execute();
      const item = async (title: string, ownerId: string, dueOn: string | null, extra: object = {}) => {
        // A second apart, so items due the same day list in the order they were added.
        await later(1000);
        return actionItemWriteResultSchema.parse((await addItem(postmortem.id, { title, ownerId, dueOn, ...extra })).json()).item;
      };
      // Both due on 21 March. It is just after 03:08 UTC: 16:08 on 21 March in Auckland, 20:08 on 20 March in Los Angeles.
      await item('Auckland item', auckland.id, '2026-03-21');
      await item('Los Angeles item', losAngeles.id, '2026-03-21');
      await item('Undated item', responder.id, null);
      await item('Earlier item', responder.id, '2026-03-19');
      await item('Done item', responder.id, '2026-03-10', { status: 'done' });
      const list = async (query: string, person: Person = responder) => {
        const response = await t.api({ method: 'GET', url: `/api/v1/action-items${query}`, headers: as(person) });
        expect(response.statusCode, query).toBe(200);
        return response.json<{ items: unknown[] }>().items.map((entry) => actionItemSchema.parse(entry));
      };
      expect((await list('')).map((entry) => entry.title)).toEqual(['Earlier item', 'Auckland item', 'Los Angeles item', 'Undated item']);
      expect((await list('?owner=me')).map((entry) => entry.title)).toEqual(['Earlier item', 'Undated item']);
      expect((await list(`?owner=${auckland.id}`)).map((entry) => entry.title)).toEqual(['Auckland item']);
      expect((await list('?status=closed')).map((entry) => entry.title)).toEqual(['Done item']);
      expect((await list('?status=all')).map((entry) => entry.title)).toEqual(['Done item', 'Earlier item', 'Auckland item', 'Los Angeles item', 'Undated item']);
      // Neither date has ended anywhere yet except the earlier one.
      expect((await list('?status=overdue')).map((entry) => entry.title)).toEqual(['Earlier item']);
      // 12:00 UTC: midnight passed in Auckland (00:00 on 22 March there), not in Los Angeles (05:00 on 21 March).
      t.clock.set('2026-03-21T12:00:00.000Z');
      expect((await list('?status=overdue', viewer)).map((entry) => entry.title)).toEqual(['Earlier item', 'Auckland item']);
      expect((await list(`?teamId=${t.teamId}`)).length).toBe(4);
      expect(await list('?teamId=team-nobody')).toEqual([]);
      expect((await list(`?serviceId=${serviceId}&owner=me`)).length).toBe(2);
      const otherService = (await createService(t, 'Payments')).id;
      expect(await list(`?serviceId=${otherService}`)).toEqual([]);

      expect(errorOf(await t.api({ method: 'GET', url: '/api/v1/action-items?status=late' })).fields?.[0]?.field).toBe('status');
      expect(errorOf(await t.api({ method: 'GET', url: '/api/v1/action-items?mine=1' })).fields?.[0]?.field).toBe('mine');
      expect((await t.api({ method: 'GET', url: '/api/v1/action-items', headers: { cookie: '' } })).statusCode).toBe(401);
    });
  });

  describe('recurrence', () => {
    it('shows earlier incidents of the same service whose post-mortems still have open items', async () => {
      const first = await started(await declare('Checkout: pool exhausted (March)'));
      await addItem(first.id, { title: 'Add pool monitoring', ownerId: responder.id, dueOn: '2026-03-28' });
      await addItem(first.id, { title: 'Resize the pool', ownerId: responder.id, status: 'done' });
      const closedOnly = await started(await declare('Checkout: slow deploy'));
      await addItem(closedOnly.id, { title: 'Faster rollbacks', ownerId: responder.id, status: 'wont_do' });
      const otherService = (await createService(t, 'Payments')).id;
      const elsewhere = await started(await declare('Payments: pool exhausted', otherService));
      await addItem(elsewhere.id, { title: 'Payments pool alert', ownerId: responder.id });
      await later(2 * 60 * MINUTE);
      const again = await declare('Checkout: pool exhausted again');
      const recurrence = recurrenceSchema.parse((await t.api({ method: 'GET', url: `/api/v1/incidents/${again}/recurrence`, headers: as(viewer) })).json());
      expect(recurrence.earlier.map((entry) => [entry.incidentId, entry.incidentTitle, entry.postmortemId, entry.openItems.map((item) => item.title)])).toEqual([
        [first.incident.id, 'Checkout: pool exhausted (March)', first.id, ['Add pool monitoring']],
      ]);
      // An incident never looks forward: the first one has nothing earlier.
      expect(recurrenceSchema.parse((await t.api({ method: 'GET', url: `/api/v1/incidents/${first.incident.id}/recurrence` })).json()).earlier).toEqual([]);
    });
  });
});

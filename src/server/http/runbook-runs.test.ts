import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentDto } from '../../contracts/incidents';
import { incidentSchema } from '../../contracts/incidents';
import { liveEventSchema } from '../../contracts/live';
import type { RunbookRunDto, RunbookSummaryDto } from '../../contracts/runbooks';
import { incidentRunbooksSchema, runbookRunSchema } from '../../contracts/runbooks';
import { EVENT_KINDS, timelineEventSchema } from '../../contracts/timeline-events';
import type { TimelineEventDto } from '../../contracts/timeline-events';
import { createRunbookRunService } from '../services/runbook-run-service';
import { eventsAfter } from '../services/live-replay';
import type { PagingWorld } from '../test-support/paging-world';
import { createPagingWorld } from '../test-support/paging-world';
import { POOL_RUNBOOK, criterionId, sectionId, stepId } from '../test-support/runbook-fixtures';
import { SseClient } from '../test-support/sse-client';
import { ENGINES, alertmanagerPayload, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

type Person = { id: string; cookie: string; name: string };
const MINUTE = 60_000;
const CHECK = stepId(POOL_RUNBOOK, 'Check active connections');
const LOOK = stepId(POOL_RUNBOOK, 'Look for long-running');
const PAUSE = stepId(POOL_RUNBOOK, 'Pause the nightly');
const RESTART = stepId(POOL_RUNBOOK, 'Restart the pool');
const DIAGNOSIS = sectionId(POOL_RUNBOOK, 'Diagnosis');
const QUICK_FIX = sectionId(POOL_RUNBOOK, 'Quick fix');
const isRunbookKind = (kind: string) => kind.startsWith('runbook.');

describe.each(ENGINES)('runbooks on incidents on %s', (engine) => {
  let t: TestApp;
  let service: { id: string; key: string };
  let bob: Person;
  let runbookId: string;
  let incidentId: string;

  const createRunbook = async (payload: Record<string, unknown>) => {
    const response = await t.api({
      method: 'POST',
      url: '/api/v1/runbooks',
      payload: { title: 'Database connection pool exhausted', body: POOL_RUNBOOK, serviceIds: [], selectors: [], owner: { type: 'team', teamId: t.teamId }, ...payload },
    });
    if (response.statusCode !== 201) throw new Error(`runbook: ${response.statusCode} ${response.body}`);
    return response.json<{ id: string }>().id;
  };
  const alert = async (groupKey = '{}:{alertname="PostgresConnectionsNearLimit"}', labels: Record<string, string> = { alertname: 'PostgresConnectionsNearLimit', instance: 'db-1', severity: 'critical' }) => {
    const payload = alertmanagerPayload({ groupKey, alerts: [{ labels, annotations: { summary: 'db-1: 482 of 500 connections in use' } }], commonLabels: labels });
    const response = await t.api({ method: 'POST', url: `/api/v1/integrations/${service.key}/alertmanager`, payload, headers: { cookie: '' } });
    return response.json<{ incidentId: string }>().incidentId;
  };

  beforeEach(async () => {
    t = await createTestApp(engine);
    service = await createService(t, 'Orders Database');
    bob = await t.person('responder', { name: 'Bob' });
    runbookId = await createRunbook({ selectors: ['alertname="PostgresConnectionsNearLimit", severity=~"critical|error"'] });
    incidentId = await alert();
  });
  afterEach(async () => t.close());

  const startRun = (incident = incidentId, id = runbookId, cookie = bob.cookie) => t.api({ method: 'POST', url: `/api/v1/incidents/${incident}/runbook-runs`, payload: { runbookId: id }, headers: { cookie } });
  const started = async () => {
    const response = await startRun();
    expect(response.statusCode).toBe(201);
    return runbookRunSchema.parse(response.json());
  };
  const tick = (runId: string, step: string, checked = true, cookie = bob.cookie) => t.api({ method: 'POST', url: `/api/v1/runbook-runs/${runId}/steps/${step}`, payload: { checked }, headers: { cookie } });
  const timeline = async (id = incidentId) => (await t.api({ method: 'GET', url: `/api/v1/incidents/${id}/timeline?limit=200` })).json<{ items: TimelineEventDto[] }>().items.map((event) => timelineEventSchema.parse(event));
  const runbookEvents = async (id = incidentId) => (await timeline(id)).filter((event) => isRunbookKind(event.kind));
  const eventCount = async () => Number((await t.handle.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const incidentRow = async (id = incidentId) => {
    const list = (await t.api({ method: 'GET', url: '/api/v1/incidents?state=all' })).json<{ items: IncidentDto[] }>().items;
    return incidentSchema.parse(list.find((incident) => incident.id === id));
  };

  it("shows the runbooks matching the incident's alert labels and its service, best first, and leaves others out", async () => {
    const byService = await createRunbook({ title: 'Orders Database: general checks', serviceIds: [service.id] });
    await createRunbook({ title: 'Disk space', selectors: ['alertname="DiskAlmostFull"'] });
    const response = await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/runbooks`, headers: { cookie: (await t.person('viewer')).cookie } });
    expect(response.statusCode).toBe(200);
    const body = incidentRunbooksSchema.parse(response.json());
    expect(body.matches.map((match) => [match.runbook.id, match.reasons, match.selector])).toEqual([
      [runbookId, ['alert'], 'alertname="PostgresConnectionsNearLimit", severity=~"critical|error"'],
      [byService, ['service'], null],
    ]);
    expect(body.runs).toEqual([]);
    // A warning from the same alert does not fit the selector's severities.
    const warning = await alert('{}:{alertname="warn"}', { alertname: 'PostgresConnectionsNearLimit', severity: 'warning' });
    const forWarning = incidentRunbooksSchema.parse((await t.api({ method: 'GET', url: `/api/v1/incidents/${warning}/runbooks` })).json());
    expect(forWarning.matches.map((match) => match.runbook.id)).toEqual([byService]);
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents/INC-1999-0001/runbooks' })).statusCode).toBe(404);
  });

  it('starts a run once per incident and runbook, pinned to the version current then', async () => {
    const run = await started();
    expect(run).toMatchObject({ incidentId, runbookId, version: 1, title: 'Database connection pool exhausted', body: POOL_RUNBOOK, startedBy: { id: bob.id, name: 'Bob' }, closedAt: null, steps: [], sections: [], helped: null });
    expect(run.progress).toEqual({ done: 0, total: 5, section: { id: DIAGNOSIS, title: 'Diagnosis', done: 0, total: 2 } });
    const again = await startRun();
    expect(again.statusCode).toBe(200);
    expect(again.json<RunbookRunDto>().id).toBe(run.id);
    // A later edit leaves the run on its version.
    const edit = await t.api({ method: 'PUT', url: `/api/v1/runbooks/${runbookId}`, payload: { title: 'Pool v2', body: '# Pool\n\n- [ ] One step\n', serviceIds: [], selectors: [], owner: { type: 'team', teamId: t.teamId }, version: 1 } });
    expect(edit.statusCode).toBe(200);
    const runs = incidentRunbooksSchema.parse((await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/runbooks` })).json()).runs;
    expect(runs.map((r) => [r.id, r.version, r.title, r.body])).toEqual([[run.id, 1, 'Database connection pool exhausted', POOL_RUNBOOK]]);
    expect((await tick(run.id, CHECK)).statusCode).toBe(200);
    const events = await runbookEvents();
    expect(events.map((event) => event.kind)).toEqual(['runbook.run_started', 'runbook.section_started', 'runbook.step_checked']);
    expect(events[0]).toMatchObject({ actor: { name: 'Bob' }, data: { runId: run.id, runbookId, title: 'Database connection pool exhausted', version: 1 } });
  });

  it('records each tick on the timeline and streams it live with the progress, and shows the progress on the dashboard row; unticking too', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const viewer = await t.person('viewer', { name: 'Vera' });
    const client = await SseClient.connect(`${base}/api/v1/events`, { cookie: viewer.cookie });
    try {
      await client.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
      const run = await started();
      expect((await incidentRow()).runbookProgress).toBeNull();
      const ticked = await tick(run.id, CHECK);
      expect(ticked.statusCode).toBe(200);
      const afterTick = runbookRunSchema.parse(ticked.json());
      expect(afterTick.steps).toEqual([{ stepId: CHECK, checked: true, by: { id: bob.id, name: 'Bob' }, at: '2026-03-21T02:30:00.000Z' }]);
      const progress = { done: 1, total: 5, section: { id: DIAGNOSIS, title: 'Diagnosis', done: 1, total: 2 } };
      expect(afterTick.progress).toEqual(progress);

      await client.waitFor((c) => c.events().some((event) => (event as { kind: string }).kind === 'runbook.step_checked'));
      const live = client.events().map((event) => liveEventSchema.parse(event)).filter((event) => isRunbookKind(event.kind));
      expect(live.map((event) => event.kind)).toEqual(['runbook.run_started', 'runbook.section_started', 'runbook.step_checked']);
      const checkedEvent = live[2]!;
      expect(checkedEvent).toMatchObject({
        incidentId,
        actor: { type: 'person', name: 'Bob' },
        data: { runId: run.id, runbookId, stepId: CHECK, step: 'Check active connections on the primary', section: 'Diagnosis', checked: true, progress },
        incident: { id: incidentId, runbookProgress: { runId: run.id, runbookId, title: 'Database connection pool exhausted', progress } },
      });
      expect(live[1]).toMatchObject({ data: { sectionId: DIAGNOSIS, section: 'Diagnosis', timeBoxMinutes: 2 } });
      expect((await incidentRow()).runbookProgress).toEqual({ runId: run.id, runbookId, title: 'Database connection pool exhausted', progress });
      expect(incidentSchema.parse((await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}` })).json()).runbookProgress).toMatchObject({ progress });

      t.clock.advance(30_000);
      const unticked = runbookRunSchema.parse((await tick(run.id, CHECK, false)).json());
      expect(unticked.steps).toEqual([{ stepId: CHECK, checked: false, by: { id: bob.id, name: 'Bob' }, at: '2026-03-21T02:30:30.000Z' }]);
      expect(unticked.progress).toEqual({ done: 0, total: 5, section: { id: DIAGNOSIS, title: 'Diagnosis', done: 0, total: 2 } });
      expect((await incidentRow()).runbookProgress?.progress.done).toBe(0);
      await client.waitFor((c) => c.events().filter((event) => (event as { kind: string }).kind === 'runbook.step_checked').length === 2);
      // Ticking what is already in that state changes nothing and says nothing.
      const before = await eventCount();
      expect((await tick(run.id, CHECK, false)).statusCode).toBe(200);
      expect(await eventCount()).toBe(before);
      const checks = (await runbookEvents()).filter((event) => event.kind === 'runbook.step_checked').map((event) => (event.data as { checked: boolean }).checked);
      expect(checks).toEqual([true, false]);
    } finally {
      client.close();
    }
  });

  it('shows the most recently ticked run of each incident on the dashboard list', async () => {
    const other = await createRunbook({ title: 'Orders Database: general checks', body: '# Checks\n\n## Look\n- [ ] Read the logs\n- [ ] Read the graphs\n', serviceIds: [service.id] });
    const first = await started();
    const second = runbookRunSchema.parse((await startRun(incidentId, other)).json());
    await tick(first.id, CHECK);
    t.clock.advance(1_000);
    await tick(second.id, 'step-4');
    const secondIncident = await alert('{}:{alertname="other"}', { alertname: 'Other' });
    const list = (await t.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: IncidentDto[] }>().items.map((item) => incidentSchema.parse(item));
    expect(Object.fromEntries(list.map((incident) => [incident.id, incident.runbookProgress]))).toEqual({
      [incidentId]: { runId: second.id, runbookId: other, title: 'Orders Database: general checks', progress: { done: 1, total: 2, section: { id: 'section-3', title: 'Look', done: 1, total: 2 } } },
      [secondIncident]: null,
    });
  });

  it('counts down a time-boxed section from its first tick and posts the overrun to the timeline once', async () => {
    const run = await started();
    await tick(run.id, CHECK);
    const withSection = runbookRunSchema.parse((await tick(run.id, LOOK, false)).json());
    expect(withSection.sections).toEqual([{ sectionId: DIAGNOSIS, startedAt: '2026-03-21T02:30:00.000Z', deadline: '2026-03-21T02:32:00.000Z', overrunPostedAt: null }]);
    await t.clock.advanceBy(2 * MINUTE - 1);
    await t.app.writeQueue.drain();
    expect((await runbookEvents()).map((event) => event.kind)).not.toContain('runbook.time_box_overrun');
    await t.clock.advanceBy(1);
    await t.app.writeQueue.drain();
    await t.clock.advanceBy(30 * MINUTE);
    await t.app.writeQueue.drain();
    const overruns = (await runbookEvents()).filter((event) => event.kind === 'runbook.time_box_overrun');
    expect(overruns).toHaveLength(1);
    expect(overruns[0]).toMatchObject({
      at: '2026-03-21T02:32:00.000Z',
      actor: { type: 'system' },
      data: { runId: run.id, runbookId, title: 'Database connection pool exhausted', sectionId: DIAGNOSIS, section: 'Diagnosis', timeBoxMinutes: 2, startedAt: '2026-03-21T02:30:00.000Z' },
    });
    const after = incidentRunbooksSchema.parse((await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/runbooks`, headers: { cookie: bob.cookie } })).json()).runs[0]!;
    expect(after.sections).toEqual([{ sectionId: DIAGNOSIS, startedAt: '2026-03-21T02:30:00.000Z', deadline: '2026-03-21T02:32:00.000Z', overrunPostedAt: '2026-03-21T02:32:00.000Z' }]);
  });

  it('starts a countdown with "Start" once, and posts no overrun for a section finished inside its time box', async () => {
    const run = await started();
    const start = await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/sections/${QUICK_FIX}/start`, headers: { cookie: bob.cookie } });
    expect(start.statusCode).toBe(200);
    expect(runbookRunSchema.parse(start.json()).sections).toEqual([{ sectionId: QUICK_FIX, startedAt: '2026-03-21T02:30:00.000Z', deadline: '2026-03-21T02:35:00.000Z', overrunPostedAt: null }]);
    await t.clock.advanceBy(MINUTE);
    // Started again (or ticked), the countdown keeps its first start.
    expect(runbookRunSchema.parse((await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/sections/${QUICK_FIX}/start`, headers: { cookie: bob.cookie } })).json()).sections[0]!.startedAt).toBe('2026-03-21T02:30:00.000Z');
    await tick(run.id, PAUSE);
    await tick(run.id, RESTART);
    await t.clock.advanceBy(10 * MINUTE);
    await t.app.writeQueue.drain();
    expect((await runbookEvents()).map((event) => event.kind)).toEqual(['runbook.run_started', 'runbook.section_started', 'runbook.step_checked', 'runbook.step_checked']);
    const unknown = await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/sections/section-999/start`, headers: { cookie: bob.cookie } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { fields: [{ field: 'sectionId' }] } });
  });

  it('posts an overrun whose deadline passed while the server was down once it starts again', async () => {
    const run = await started();
    // A countdown stored before a restart: this process never armed a timer for it.
    await t.handle.db.insertInto('runbook_run_sections').values({ run_id: run.id, section_id: DIAGNOSIS, started_at: t.clock.now(), deadline: t.clock.now() + 2 * MINUTE, overrun_posted_at: null, deadline_checked_at: null }).execute();
    const restarted = createRunbookRunService({ handle: t.handle, writes: t.app.writeQueue, clock: t.clock, paging: t.app.escalation, escalateNow: async () => undefined });
    try {
      await t.clock.advanceBy(5 * MINUTE);
      expect((await runbookEvents()).map((event) => event.kind)).not.toContain('runbook.time_box_overrun');
      await restarted.start();
      await t.clock.advanceBy(0);
      await t.app.writeQueue.drain();
      const overruns = (await runbookEvents()).filter((event) => event.kind === 'runbook.time_box_overrun');
      expect(overruns.map((event) => [event.at, (event.data as { section: string }).section])).toEqual([['2026-03-21T02:35:00.000Z', 'Diagnosis']]);
    } finally {
      restarted.stop();
    }
  });

  it('closes the runs when the incident resolves: ticks, starts, copies and escalations get 409 naming the run and store nothing; feedback is still taken', async () => {
    const run = await started();
    await tick(run.id, CHECK);
    expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/resolve`, headers: { cookie: bob.cookie } })).statusCode).toBe(200);
    const before = await eventCount();
    const attempts = [
      await tick(run.id, LOOK),
      await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/sections/${QUICK_FIX}/start`, headers: { cookie: bob.cookie } }),
      await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/copies`, payload: { command: 'kubectl get pods' }, headers: { cookie: bob.cookie } }),
      await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/escalate`, payload: { criterionId: criterionId(POOL_RUNBOOK, null) }, headers: { cookie: bob.cookie } }),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: { code: 'run_closed', fields: [{ field: 'runId', problem: 'is closed (the incident was resolved)' }] } });
    }
    expect(await eventCount()).toBe(before);
    const steps = await t.handle.db.selectFrom('runbook_run_steps').selectAll().execute();
    expect(steps.map((step) => step.step_id)).toEqual([CHECK]);
    // The countdown stops with the run: no overrun after the resolve.
    await t.clock.advanceBy(10 * MINUTE);
    await t.app.writeQueue.drain();
    expect(await eventCount()).toBe(before);
    const runs = incidentRunbooksSchema.parse((await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/runbooks` })).json()).runs;
    expect(runs[0]!.closedAt).toBe('2026-03-21T02:30:00.000Z');
    expect((await startRun()).statusCode).toBe(200);
    const feedback = await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/feedback`, payload: { helped: true }, headers: { cookie: bob.cookie } });
    expect(feedback.statusCode).toBe(200);
    expect(runbookRunSchema.parse(feedback.json()).helped).toBe(true);
    // A new runbook cannot be started on a resolved incident.
    const other = await createRunbook({ title: 'Another' });
    const late = await startRun(incidentId, other);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { fields: [{ field: 'incidentId', problem: 'is resolved' }] } });
  });

  it('closes the runs when monitoring resolves the incident too', async () => {
    const run = await started();
    const payload = alertmanagerPayload({ status: 'resolved' });
    expect((await t.api({ method: 'POST', url: `/api/v1/integrations/${service.key}/alertmanager`, payload, headers: { cookie: '' } })).statusCode).toBe(200);
    expect((await tick(run.id, CHECK)).statusCode).toBe(409);
  });

  it('answers 404 naming the step for a step that is not in the pinned version, and 404 for an unknown run', async () => {
    const run = await started();
    const unknown = await tick(run.id, 'step-999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { fields: [{ field: 'stepId', problem: 'is not a step of version 1 of this runbook' }] } });
    // Line 3 is a heading in this version, not a step.
    expect((await tick(run.id, 'step-3')).statusCode).toBe(404);
    expect((await tick('no-such-run', CHECK)).statusCode).toBe(404);
    expect(await t.handle.db.selectFrom('runbook_run_steps').selectAll().execute()).toEqual([]);
  });

  it('records a copied command on the timeline as the person who copied it', async () => {
    const run = await started();
    const copied = await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/copies`, payload: { command: 'kubectl rollout restart deployment/checkout-api' }, headers: { cookie: bob.cookie } });
    expect(copied.statusCode).toBe(204);
    expect((await runbookEvents()).at(-1)).toMatchObject({ kind: 'runbook.command_copied', actor: { type: 'person', name: 'Bob' }, data: { runId: run.id, command: 'kubectl rollout restart deployment/checkout-api' } });
  });

  it('stores "did the runbook help?" with the run and shows each runbook\'s record in the library', async () => {
    const run = await started();
    const second = await alert('{}:{alertname="second"}');
    const secondRun = runbookRunSchema.parse((await startRun(second)).json());
    await alert('{}:{alertname="third"}').then((third) => startRun(third));
    expect((await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/feedback`, payload: { helped: true }, headers: { cookie: bob.cookie } })).statusCode).toBe(200);
    expect((await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${secondRun.id}/feedback`, payload: { helped: false }, headers: { cookie: bob.cookie } })).statusCode).toBe(200);
    const summary = (await t.api({ method: 'GET', url: '/api/v1/runbooks' })).json<{ items: RunbookSummaryDto[] }>().items.find((item) => item.id === runbookId)!;
    expect(summary.record).toEqual({ used: 3, helped: 1, didNotHelp: 1 });
    expect((await runbookEvents()).at(-1)).toMatchObject({ kind: 'runbook.feedback', data: { runId: run.id, helped: true } });
    // Changing the answer replaces it.
    await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${secondRun.id}/feedback`, payload: { helped: true }, headers: { cookie: bob.cookie } });
    expect((await t.api({ method: 'GET', url: `/api/v1/runbooks/${runbookId}` })).json<RunbookSummaryDto>().record).toEqual({ used: 3, helped: 2, didNotHelp: 0 });
  });

  it('lets responders and up act on runs, viewers read only, and nobody signed out', async () => {
    const viewer = await t.person('viewer');
    expect((await startRun(incidentId, runbookId, viewer.cookie)).statusCode).toBe(403);
    expect((await startRun(incidentId, runbookId, '')).statusCode).toBe(401);
    const run = await started();
    expect((await tick(run.id, CHECK, true, viewer.cookie)).statusCode).toBe(403);
    expect((await tick(run.id, CHECK, true, '')).statusCode).toBe(401);
    expect((await t.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/feedback`, payload: { helped: true }, headers: { cookie: viewer.cookie } })).statusCode).toBe(403);
    expect((await t.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}/runbooks`, headers: { cookie: viewer.cookie } })).statusCode).toBe(200);
    expect(await t.handle.db.selectFrom('runbook_run_steps').selectAll().execute()).toEqual([]);
  });

  it('refuses malformed JSON, wrong types and unknown fields on every run endpoint with 400 naming the field, never a 500', async () => {
    const run = await started();
    const before = await eventCount();
    const post = (url: string, payload: unknown) => t.api({ method: 'POST', url, payload: payload as object, headers: { cookie: bob.cookie } });
    const raw = (url: string, payload: string) => t.api({ method: 'POST', url, payload, headers: { cookie: bob.cookie, 'content-type': 'application/json' } });
    const endpoints: Array<[string, unknown, string, string]> = [
      [`/api/v1/incidents/${incidentId}/runbook-runs`, { runbookId: 7 }, 'runbookId', 'is required'],
      [`/api/v1/incidents/${incidentId}/runbook-runs`, { runbookId: 'no-such-runbook' }, 'runbookId', 'names no runbook'],
      [`/api/v1/runbook-runs/${run.id}/steps/${CHECK}`, { checked: 'yes' }, 'checked', 'must be true or false'],
      [`/api/v1/runbook-runs/${run.id}/steps/${CHECK}`, {}, 'checked', 'must be true or false'],
      [`/api/v1/runbook-runs/${run.id}/steps/${CHECK}`, { checked: true, by: 'someone else' }, 'by', 'is not a field of a tick'],
      [`/api/v1/runbook-runs/${run.id}/copies`, { command: '   ' }, 'command', 'must not be empty'],
      [`/api/v1/runbook-runs/${run.id}/copies`, { command: 'x'.repeat(2_001) }, 'command', 'must be at most 2000 characters'],
      [`/api/v1/runbook-runs/${run.id}/escalate`, { criterionId: ['criterion-15'] }, 'criterionId', 'is required'],
      [`/api/v1/runbook-runs/${run.id}/escalate`, { criterionId: 'criterion-3' }, 'criterionId', 'names no escalation criterion of version 1 of this runbook'],
      [`/api/v1/runbook-runs/${run.id}/feedback`, { helped: 'maybe' }, 'helped', 'must be true or false'],
    ];
    for (const [url, payload, field, problem] of endpoints) {
      const response = await post(url, payload);
      expect({ url, payload, status: response.statusCode }).toEqual({ url, payload, status: 400 });
      expect(response.json<{ error: { fields: unknown[] } }>().error.fields).toContainEqual({ field, problem });
    }
    for (const url of [`/api/v1/incidents/${incidentId}/runbook-runs`, `/api/v1/runbook-runs/${run.id}/steps/${CHECK}`, `/api/v1/runbook-runs/${run.id}/copies`, `/api/v1/runbook-runs/${run.id}/escalate`, `/api/v1/runbook-runs/${run.id}/feedback`]) {
      const malformed = await raw(url, '{"checked": tru');
      expect({ url, status: malformed.statusCode, code: malformed.json<{ error: { code: string } }>().error.code }).toEqual({ url, status: 400, code: 'invalid_json' });
      const list = await raw(url, '[]');
      expect({ url, status: list.statusCode, field: list.json<{ error: { fields: Array<{ field: string }> } }>().error.fields[0]!.field }).toEqual({ url, status: 400, field: '(body)' });
    }
    expect(await eventCount()).toBe(before);
  });
});

describe.each(ENGINES)('"Escalate now" from a runbook, and every runbook event in its contract shape, on %s', (engine) => {
  let w: PagingWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  const runbook = async (world: PagingWorld, body: string, serviceIds: string[]) => {
    const response = await world.api({ method: 'POST', url: '/api/v1/runbooks', payload: { title: 'Database connection pool exhausted', body, serviceIds, selectors: [], owner: { type: 'team', teamId: world.teamId } } });
    if (response.statusCode !== 201) throw new Error(`runbook: ${response.body}`);
    return response.json<{ id: string }>().id;
  };
  const runOn = async (world: PagingWorld, incidentId: string, runbookId: string, cookie: string) =>
    runbookRunSchema.parse((await world.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/runbook-runs`, payload: { runbookId }, headers: { cookie } })).json());

  /** Alice pages first, Bob ten minutes later. */
  const aliceThenBob = async (world: PagingWorld) => {
    const alice = await world.person({ name: 'Alice' });
    const bob = await world.person({ name: 'Bob' });
    const orders = await world.service('Orders Database', [
      { after: 10, targets: [{ type: 'user', userId: alice.id }] },
      { after: 10, targets: [{ type: 'user', userId: bob.id }] },
    ]);
    return { alice, bob, orders };
  };

  it("moves the incident's escalation to its next level at once (reason manual)", async () => {
    w = await createPagingWorld(engine);
    const { alice, bob, orders } = await aliceThenBob(w);
    const incidentId = await w.alert(orders.key);
    await w.settle();
    const run = await runOn(w, incidentId, await runbook(w, POOL_RUNBOOK, [orders.id]), alice.cookie);
    await w.advance(MINUTE);
    const response = await w.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/escalate`, payload: { criterionId: criterionId(POOL_RUNBOOK, null) }, headers: { cookie: alice.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ escalated: 'next-level', teamId: null, teamName: null, detail: "Moved this incident's escalation to its next level" });
    await w.settle();
    const events = await w.timeline(incidentId);
    expect(events.filter((event) => event.kind === 'escalation.escalated').map((event) => [event.at, event.data['level'], event.data['reason']])).toEqual([
      [w.iso(0), 1, 'triggered'],
      [w.iso(MINUTE), 2, 'manual'],
    ]);
    expect(events.find((event) => event.kind === 'runbook.escalation_requested')).toMatchObject({
      actor: { name: 'Alice' },
      data: { runId: run.id, criterion: 'If the pool is still full after 10 minutes, escalate to the next level.', target: 'next-level', teamId: null, teamName: null },
    });
    expect(w.smsTo(bob.phone).length).toBeGreaterThan(0);
  });

  it('escalates an acknowledged incident too: the next level is paged and the incident is triggered again until they acknowledge', async () => {
    w = await createPagingWorld(engine);
    const { alice, bob, orders } = await aliceThenBob(w);
    const incidentId = await w.alert(orders.key);
    await w.settle();
    expect((await w.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/acknowledge`, headers: { cookie: alice.cookie } })).statusCode).toBe(200);
    const run = await runOn(w, incidentId, await runbook(w, POOL_RUNBOOK, [orders.id]), alice.cookie);
    await w.advance(MINUTE);
    const response = await w.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/escalate`, payload: { criterionId: criterionId(POOL_RUNBOOK, null) }, headers: { cookie: alice.cookie } });
    expect(response.json()).toEqual({ escalated: 'next-level', teamId: null, teamName: null, detail: "Moved this incident's escalation to its next level" });
    await w.settle();
    expect(w.smsTo(bob.phone).length).toBeGreaterThan(0);
    const incident = (await w.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}` })).json<IncidentDto>();
    expect(incident.state).toBe('triggered');
    expect((await w.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/acknowledge`, headers: { cookie: bob.cookie } })).statusCode).toBe(200);
    expect((await w.api({ method: 'GET', url: `/api/v1/incidents/${incidentId}` })).json<IncidentDto>()).toMatchObject({ state: 'acknowledged', acknowledgedAt: w.iso(0) });
  });

  it('opens a linked incident on the named team\'s service, paging its policy; a team that does not exist means the next level', async () => {
    w = await createPagingWorld(engine);
    const alice = await w.person({ name: 'Alice' });
    const dana = await w.person({ name: 'Dana' });
    const checkout = await w.service('Checkout API', [{ after: 10, targets: [{ type: 'user', userId: alice.id }] }]);
    // The Database team's services: the first by name has no policy; the second pages Dana.
    const created = await w.api({ method: 'POST', url: '/api/v1/teams', payload: { name: 'Database', members: [{ userId: dana.id, manager: false }] } });
    expect(created.statusCode).toBe(201);
    const databaseTeam = created.json<{ id: string }>().id;
    const archive = await w.service('Archive DB', null);
    const postgres = await w.service('Postgres Cluster', [{ after: 10, targets: [{ type: 'user', userId: dana.id }] }]);
    await w.handle.db.updateTable('services').set({ team_id: databaseTeam }).where('id', 'in', [archive.id, postgres.id]).execute();

    const incidentId = await w.alert(checkout.key);
    await w.settle();
    const run = await runOn(w, incidentId, await runbook(w, POOL_RUNBOOK, [checkout.id]), alice.cookie);
    const response = await w.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/escalate`, payload: { criterionId: criterionId(POOL_RUNBOOK, 'database') }, headers: { cookie: alice.cookie } });
    expect(response.statusCode).toBe(200);
    const result = response.json<{ escalated: string; teamId: string; teamName: string; detail: string }>();
    expect(result).toMatchObject({ escalated: 'team', teamId: databaseTeam, teamName: 'Database' });
    await w.settle();

    const incidents = (await w.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: IncidentDto[] }>().items;
    const original = incidents.find((incident) => incident.id === incidentId)!;
    const linked = incidents.find((incident) => incident.id !== incidentId)!;
    expect(linked).toMatchObject({ serviceId: postgres.id, severity: original.severity, title: `Escalated from ${incidentId}: ${original.title}` });
    expect(result.detail).toBe(`Opened ${linked.id} on Postgres Cluster, which pages the Database team's escalation policy`);
    const linkedTimeline = await w.timeline(linked.id);
    expect(linkedTimeline.map((event) => event.kind)).toEqual(expect.arrayContaining(['incident.declared', 'incident.note', 'escalation.escalated']));
    expect(linkedTimeline.find((event) => event.kind === 'incident.note')?.data['text']).toContain('If not recovered in 2 minutes, escalate to the database team.');
    expect(w.smsTo(dana.phone).length).toBeGreaterThan(0);
    expect((await w.timeline(incidentId)).find((event) => event.kind === 'runbook.escalation_requested')).toMatchObject({ data: { target: 'team', teamId: databaseTeam, teamName: 'Database' } });

    const storage = '# Disk\n\n## Escalation\nIf the disk is still full after 5 minutes, escalate to the storage team.\n';
    const storageRun = await runOn(w, incidentId, await runbook(w, storage, []), alice.cookie);
    const before = (await w.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: unknown[] }>().items.length;
    const unknown = await w.api({ method: 'POST', url: `/api/v1/runbook-runs/${storageRun.id}/escalate`, payload: { criterionId: criterionId(storage, 'storage') }, headers: { cookie: alice.cookie } });
    // No such team: the sentence means "escalate", so the incident's own policy moves on (here it has no level left).
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual({
      escalated: 'next-level',
      teamId: null,
      teamName: null,
      detail: "No team is called “storage team”: this incident's escalation is escalating with no level left to move to; nobody new was paged",
    });
    expect((await w.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: unknown[] }>().items).toHaveLength(before);
  });

  it('writes every runbook kind with the shape the contract gives it, on the timeline and for a reconnecting client', async () => {
    w = await createPagingWorld(engine);
    const alice = await w.person({ name: 'Alice' });
    const orders = await w.service('Orders Database', [
      { after: 10, targets: [{ type: 'user', userId: alice.id }] },
      { after: 10, targets: [{ type: 'user', userId: alice.id }] },
    ]);
    const incidentId = await w.alert(orders.key);
    const run = await runOn(w, incidentId, await runbook(w, POOL_RUNBOOK, [orders.id]), alice.cookie);
    const as = { cookie: alice.cookie };
    expect((await w.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/steps/${CHECK}`, payload: { checked: true }, headers: as })).statusCode).toBe(200);
    expect((await w.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/copies`, payload: { command: 'psql -c "select count(*) from pg_stat_activity"' }, headers: as })).statusCode).toBe(204);
    await w.advance(3 * MINUTE);
    expect((await w.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/escalate`, payload: { criterionId: criterionId(POOL_RUNBOOK, null) }, headers: as })).statusCode).toBe(200);
    expect((await w.api({ method: 'POST', url: `/api/v1/runbook-runs/${run.id}/feedback`, payload: { helped: true }, headers: as })).statusCode).toBe(200);
    await w.settle();

    const replayed = (await eventsAfter(w.handle, 0)).map((event) => liveEventSchema.parse(event));
    expect(replayed.filter((event) => event.kind === 'unrecognised')).toEqual([]);
    expect(new Set(replayed.map((event) => event.kind).filter(isRunbookKind))).toEqual(new Set(EVENT_KINDS.filter(isRunbookKind)));
    // A reconnecting client gets the incident as it is now, its runbook progress included.
    const last = replayed.filter((event) => isRunbookKind(event.kind)).at(-1)!;
    expect(last.incident?.runbookProgress).toMatchObject({ runId: run.id, progress: { done: 1, total: 5 } });
    const onTimeline = (await w.timeline(incidentId)).map((event) => timelineEventSchema.parse(event));
    expect(new Set(onTimeline.map((event) => event.kind).filter(isRunbookKind))).toEqual(new Set(EVENT_KINDS.filter(isRunbookKind)));
    expect(onTimeline.find((event) => event.kind === 'runbook.time_box_overrun')!.at).toBe(w.iso(2 * MINUTE));
  });
});

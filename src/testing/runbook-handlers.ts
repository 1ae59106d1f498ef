import { HttpResponse, http } from 'msw';
import type { JsonBodyType } from 'msw';
import type { IncidentDto } from '../contracts/incidents';
import type { IncidentRunbooksDto, RunbookDto, RunbookOwner, RunbookRunDto, RunbookSummaryDto, RunbookVersionDto } from '../contracts/runbooks';
import {
  copyCommandBodySchema,
  escalateFromRunBodySchema,
  restoreRunbookBodySchema,
  runbookInputSchema,
  runFeedbackBodySchema,
  saveRunbookBodySchema,
  startRunBodySchema,
  tickStepBodySchema,
} from '../contracts/runbooks';
import { canEditTeamResource } from '../domain/access/roles';
import { analyseRunbook } from '../domain/runbook/document';
import { isReviewOverdue, reviewDueAt } from '../domain/runbook/freshness';
import { lintRunbook } from '../domain/runbook/lint';
import { rankRunbooks } from '../domain/runbook/matching';
import { RUNBOOK_LIMITS } from '../domain/runbook/model';
import { runProgress, timeBoxDeadline } from '../domain/runbook/run';
import { epochMs } from '../domain/time/instant';
import { appendEvent, db, updateIncident } from './db';
import type { TestRunbook } from './db';
import type { TestUser } from './fixtures';
import { API, allow, apiError, body, invalid, principal, reply } from './msw-kit';

/**
 * Runbooks and their runs, as the server answers them: bodies checked by the contract (selectors
 * by the domain's parser), a body over the limit refused with 413, a stale save answered 409 with
 * both texts, the lint by `lintRunbook`, the matching by `rankRunbooks`, progress by `runProgress`
 * over `analyseRunbook`'s outline, and every tick, copy and answer appended to the timeline.
 */

const iso = (ms: number) => new Date(ms).toISOString();
const ref = (user: TestUser) => ({ id: user.id, name: user.name });
const actor = (user: TestUser) => ({ type: 'person' as const, name: user.name });

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${(counter += 1)}`;

function ownerName(owner: RunbookOwner): string {
  if (owner.type === 'team') return db.teams.find((t) => t.id === owner.teamId)?.name ?? owner.teamId;
  return db.users.find((u) => u.id === owner.userId)?.name ?? owner.userId;
}

function mayEdit(user: TestUser, owner: RunbookOwner): boolean {
  if (user.role === 'admin') return true;
  if (owner.type === 'user') return owner.userId === user.id && user.role !== 'viewer';
  return canEditTeamResource(principal(user), owner.teamId);
}

function record(runbookId: string) {
  const runs = db.runbookRuns.filter((r) => r.runbookId === runbookId);
  return { used: runs.length, helped: runs.filter((r) => r.helped === true).length, didNotHelp: runs.filter((r) => r.helped === false).length };
}

export function runbookSummary(runbook: TestRunbook, caller: TestUser): RunbookSummaryDto {
  const lint = lintRunbook(runbook.body);
  const since = epochMs(Date.parse(runbook.lastReviewedAt ?? runbook.createdAt));
  const { versions: _versions, body: _body, createdAt: _createdAt, ...rest } = runbook;
  return {
    ...rest,
    ownerName: ownerName(runbook.owner),
    reviewDueAt: iso(reviewDueAt(since, runbook.reviewIntervalDays)),
    reviewOverdue: isReviewOverdue(since, runbook.reviewIntervalDays, epochMs(Date.now())),
    lintScore: lint.score,
    findingCount: lint.findings.length,
    record: record(runbook.id),
    canEdit: mayEdit(caller, runbook.owner),
  };
}

function runbookDto(runbook: TestRunbook, caller: TestUser): RunbookDto {
  return { ...runbookSummary(runbook, caller), body: runbook.body, findings: [...lintRunbook(runbook.body).findings] };
}

function versionOf(runbook: TestRunbook, by: TestUser | null, restoredFrom: number | null): RunbookVersionDto {
  return { version: runbook.version, title: runbook.title, at: runbook.updatedAt, by: by ? ref(by) : null, restoredFrom, body: runbook.body, serviceIds: [...runbook.serviceIds], selectors: [...runbook.selectors] };
}

/** A test's runbook, stored with its first version (or the versions it is given). */
export function makeRunbook(overrides: Partial<TestRunbook> & Pick<TestRunbook, 'id' | 'title' | 'body'>): TestRunbook {
  const at = overrides.createdAt ?? iso(Date.now() - 24 * 3600_000);
  const runbook: TestRunbook = {
    serviceIds: [],
    selectors: [],
    owner: { type: 'team', teamId: 'team-payments' },
    reviewIntervalDays: 90,
    createdAt: at,
    lastReviewedAt: null,
    lastReviewedBy: null,
    version: 1,
    updatedAt: at,
    updatedBy: null,
    versions: [],
    ...overrides,
  };
  if (runbook.versions.length === 0) runbook.versions = [versionOf(runbook, null, null)];
  return runbook;
}

const tooLarge = () => apiError(413, 'payload_too_large', `The runbook is longer than ${RUNBOOK_LIMITS.bodyChars} characters; nothing was saved`, [{ field: 'body', problem: `must be at most ${RUNBOOK_LIMITS.bodyChars} characters` }]);
const notFound = (what: string) => apiError(404, 'not_found', `${what} not found`);

function bodyTooLong(value: unknown): boolean {
  const text = (value as { body?: unknown } | undefined)?.body;
  return typeof text === 'string' && text.length > RUNBOOK_LIMITS.bodyChars;
}

function forEdit(id: unknown, caller: TestUser): TestRunbook | HttpResponse<JsonBodyType> {
  const runbook = db.runbooks.find((r) => r.id === id);
  if (!runbook) return notFound(`runbook ${String(id)}`);
  if (!mayEdit(caller, runbook.owner)) return apiError(403, 'forbidden', 'Only managers of the owning team, its owner or an admin may change this runbook');
  return runbook;
}

function stale(runbook: TestRunbook, caller: TestUser, yours: unknown): HttpResponse<JsonBodyType> {
  return apiError(409, 'stale_version', `This runbook changed since you loaded it (now version ${runbook.version}); nothing was saved`, [{ field: 'version', problem: `is ${runbook.version} now` }], {
    current: runbookDto(runbook, caller),
    yours: yours as JsonBodyType,
  });
}

function saveVersion(runbook: TestRunbook, caller: TestUser, change: Partial<TestRunbook>, restoredFrom: number | null): TestRunbook {
  const next: TestRunbook = { ...runbook, ...change, version: runbook.version + 1, updatedAt: iso(Date.now()), updatedBy: ref(caller) };
  next.versions = [...runbook.versions, versionOf(next, caller, restoredFrom)];
  db.runbooks = db.runbooks.map((r) => (r.id === runbook.id ? next : r));
  return next;
}

// Runs ------------------------------------------------------------------------------------

function withProgress(run: RunbookRunDto): RunbookRunDto {
  const ticked = new Set(run.steps.filter((s) => s.checked).map((s) => s.stepId));
  return { ...run, progress: runProgress(analyseRunbook(run.body), ticked) };
}

function storeRun(run: RunbookRunDto): RunbookRunDto {
  const next = withProgress(run);
  db.runbookRuns = db.runbookRuns.some((r) => r.id === run.id) ? db.runbookRuns.map((r) => (r.id === run.id ? next : r)) : [...db.runbookRuns, next];
  return next;
}

/** A test's run of `runbook` on `incidentId`, with the steps it is given ticked. */
export function makeRun(runbook: TestRunbook, incidentId: string, overrides: Partial<RunbookRunDto> = {}): RunbookRunDto {
  return withProgress({
    id: nextId('run'),
    incidentId,
    runbookId: runbook.id,
    title: runbook.title,
    version: runbook.version,
    body: runbook.body,
    startedAt: iso(Date.now() - 60_000),
    startedBy: null,
    closedAt: null,
    steps: [],
    sections: [],
    progress: { done: 0, total: 0, section: null },
    helped: null,
    ...overrides,
  });
}

function runFor(id: unknown): { run: RunbookRunDto; incident: IncidentDto } | HttpResponse<JsonBodyType> {
  const run = db.runbookRuns.find((r) => r.id === id);
  if (!run) return notFound(`runbook run ${String(id)}`);
  const incident = db.incidents.find((i) => i.id === run.incidentId);
  if (!incident) return notFound(`incident ${run.incidentId}`);
  return { run, incident };
}

const closed = () => apiError(409, 'run_closed', 'This run closed when its incident resolved; it takes no more changes');
const refs = (run: RunbookRunDto) => ({ runId: run.id, runbookId: run.runbookId, title: run.title });

function startSection(run: RunbookRunDto, incident: IncidentDto, sectionId: string, caller: TestUser): RunbookRunDto {
  if (run.sections.some((s) => s.sectionId === sectionId)) return run;
  const section = analyseRunbook(run.body).sections.find((s) => s.id === sectionId);
  if (!section) return run;
  const startedAt = Date.now();
  const deadline = section.timeBoxMinutes === null ? null : iso(timeBoxDeadline(epochMs(startedAt), section.timeBoxMinutes));
  appendEvent(incident, actor(caller), { kind: 'runbook.section_started', data: { ...refs(run), sectionId, section: section.title, timeBoxMinutes: section.timeBoxMinutes } });
  return { ...run, sections: [...run.sections, { sectionId, startedAt: iso(startedAt), deadline, overrunPostedAt: null }] };
}

export const runbookHandlers = [
  http.get(
    `${API}/runbooks`,
    allow('read', (_args, caller) => reply<{ items: RunbookSummaryDto[] }>({ items: db.runbooks.map((r) => runbookSummary(r, caller)).sort((a, b) => a.title.localeCompare(b.title)) })),
  ),

  http.post(
    `${API}/runbooks`,
    allow('service:edit', async ({ request }, caller) => {
      const raw = await body(request);
      if (bodyTooLong(raw)) return tooLarge();
      const parsed = runbookInputSchema.safeParse(raw);
      if (!parsed.success) return invalid(parsed.error);
      if (!mayEdit(caller, parsed.data.owner)) return apiError(403, 'forbidden', 'You may write runbooks only for teams you manage, or as their owner yourself');
      const runbook = makeRunbook({ id: nextId('rb'), ...parsed.data, createdAt: iso(Date.now()), updatedBy: ref(caller) });
      runbook.versions = [versionOf(runbook, caller, null)];
      db.runbooks = [...db.runbooks, runbook];
      return reply<RunbookDto>(runbookDto(runbook, caller), 201);
    }),
  ),

  http.get(
    `${API}/runbooks/:id`,
    allow('read', ({ params }, caller) => {
      const runbook = db.runbooks.find((r) => r.id === params['id']);
      return runbook ? reply<RunbookDto>(runbookDto(runbook, caller)) : notFound(`runbook ${String(params['id'])}`);
    }),
  ),

  http.put(
    `${API}/runbooks/:id`,
    allow('read', async ({ request, params }, caller) => {
      const runbook = forEdit(params['id'], caller);
      if (runbook instanceof HttpResponse) return runbook;
      const raw = await body(request);
      if (bodyTooLong(raw)) return tooLarge();
      const parsed = saveRunbookBodySchema.safeParse(raw);
      if (!parsed.success) return invalid(parsed.error);
      const { version, ...input } = parsed.data;
      if (version !== runbook.version) return stale(runbook, caller, input);
      return reply<RunbookDto>(runbookDto(saveVersion(runbook, caller, input, null), caller));
    }),
  ),

  http.get(
    `${API}/runbooks/:id/versions`,
    allow('read', ({ params }) => {
      const runbook = db.runbooks.find((r) => r.id === params['id']);
      if (!runbook) return notFound(`runbook ${String(params['id'])}`);
      return reply({ items: [...runbook.versions].reverse().map(({ body: _b, serviceIds: _s, selectors: _x, ...summary }) => summary) });
    }),
  ),

  http.get(
    `${API}/runbooks/:id/versions/:version`,
    allow('read', ({ params }) => {
      const runbook = db.runbooks.find((r) => r.id === params['id']);
      const version = runbook?.versions.find((v) => String(v.version) === params['version']);
      return version ? reply<RunbookVersionDto>(version) : notFound(`version ${String(params['version'])}`);
    }),
  ),

  http.post(
    `${API}/runbooks/:id/restore`,
    allow('read', async ({ request, params }, caller) => {
      const runbook = forEdit(params['id'], caller);
      if (runbook instanceof HttpResponse) return runbook;
      const parsed = restoreRunbookBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const from = runbook.versions.find((v) => v.version === parsed.data.fromVersion);
      if (!from) return apiError(400, 'invalid_request', 'fromVersion names no version of this runbook', [{ field: 'fromVersion', problem: 'names no version of this runbook' }]);
      if (parsed.data.version !== runbook.version) return stale(runbook, caller, parsed.data);
      const restored = saveVersion(runbook, caller, { title: from.title, body: from.body, serviceIds: [...from.serviceIds], selectors: [...from.selectors] }, from.version);
      return reply<RunbookDto>(runbookDto(restored, caller));
    }),
  ),

  http.post(
    `${API}/runbooks/:id/review`,
    allow('read', (_args, caller) => {
      const runbook = forEdit(_args.params['id'], caller);
      if (runbook instanceof HttpResponse) return runbook;
      const next = { ...runbook, lastReviewedAt: iso(Date.now()), lastReviewedBy: ref(caller) };
      db.runbooks = db.runbooks.map((r) => (r.id === runbook.id ? next : r));
      return reply<RunbookDto>(runbookDto(next, caller));
    }),
  ),

  http.get(
    `${API}/incidents/:id/runbooks`,
    allow('read', ({ params }, caller) => {
      const incident = db.incidents.find((i) => i.id === params['id']);
      if (!incident) return notFound(`incident ${String(params['id'])}`);
      const matches = rankRunbooks(db.runbooks, { serviceId: incident.serviceId, alerts: db.incidentAlerts.get(incident.id) ?? [] }).map((match) => ({
        runbook: runbookSummary(db.runbooks.find((r) => r.id === match.id)!, caller),
        score: match.score,
        reasons: [...match.reasons],
        selector: match.selector,
      }));
      return reply<IncidentRunbooksDto>({ matches, runs: db.runbookRuns.filter((r) => r.incidentId === incident.id) });
    }),
  ),

  http.post(
    `${API}/incidents/:id/runbook-runs`,
    allow('incident:act', async ({ request, params }, caller) => {
      const incident = db.incidents.find((i) => i.id === params['id']);
      if (!incident) return notFound(`incident ${String(params['id'])}`);
      const parsed = startRunBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const runbook = db.runbooks.find((r) => r.id === parsed.data.runbookId);
      if (!runbook) return apiError(400, 'invalid_request', 'runbookId names no runbook', [{ field: 'runbookId', problem: 'names no runbook' }]);
      if (incident.state === 'resolved') return apiError(409, 'conflict', 'The incident is resolved: a runbook can no longer be started on it');
      const run = storeRun(makeRun(runbook, incident.id, { startedAt: iso(Date.now()), startedBy: ref(caller) }));
      appendEvent(incident, actor(caller), { kind: 'runbook.run_started', data: { ...refs(run), version: run.version } });
      return reply<RunbookRunDto>(run, 201);
    }),
  ),

  http.post(
    `${API}/runbook-runs/:runId/steps/:stepId`,
    allow('incident:act', async ({ request, params }, caller) => {
      const found = runFor(params['runId']);
      if (found instanceof HttpResponse) return found;
      const parsed = tickStepBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (found.run.closedAt !== null) return closed();
      const outline = analyseRunbook(found.run.body);
      const step = outline.steps.find((s) => s.id === params['stepId']);
      if (!step) return notFound(`step ${String(params['stepId'])} of this run`);
      let run: RunbookRunDto = { ...found.run, steps: [...found.run.steps.filter((s) => s.stepId !== step.id), { stepId: step.id, checked: parsed.data.checked, by: ref(caller), at: iso(Date.now()) }] };
      if (parsed.data.checked && step.sectionId) run = startSection(run, found.incident, step.sectionId, caller);
      run = storeRun(run);
      const section = outline.sections.find((s) => s.id === step.sectionId)?.title ?? null;
      appendEvent(found.incident, actor(caller), { kind: 'runbook.step_checked', data: { ...refs(run), stepId: step.id, step: step.text, section, checked: parsed.data.checked, progress: run.progress } });
      updateIncident(found.incident.id, { runbookProgress: { runId: run.id, runbookId: run.runbookId, title: run.title, progress: run.progress } });
      return reply<RunbookRunDto>(run);
    }),
  ),

  http.post(
    `${API}/runbook-runs/:runId/sections/:sectionId/start`,
    allow('incident:act', ({ params }, caller) => {
      const found = runFor(params['runId']);
      if (found instanceof HttpResponse) return found;
      if (found.run.closedAt !== null) return closed();
      if (!analyseRunbook(found.run.body).sections.some((s) => s.id === params['sectionId'])) return notFound(`section ${String(params['sectionId'])} of this run`);
      return reply<RunbookRunDto>(storeRun(startSection(found.run, found.incident, String(params['sectionId']), caller)));
    }),
  ),

  http.post(
    `${API}/runbook-runs/:runId/copies`,
    allow('incident:act', async ({ request, params }, caller) => {
      const found = runFor(params['runId']);
      if (found instanceof HttpResponse) return found;
      const parsed = copyCommandBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      appendEvent(found.incident, actor(caller), { kind: 'runbook.command_copied', data: { ...refs(found.run), command: parsed.data.command } });
      return new HttpResponse(null, { status: 204 }) as unknown as HttpResponse<JsonBodyType>;
    }),
  ),

  http.post(
    `${API}/runbook-runs/:runId/escalate`,
    allow('incident:act', async ({ request, params }, caller) => {
      const found = runFor(params['runId']);
      if (found instanceof HttpResponse) return found;
      const parsed = escalateFromRunBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (found.run.closedAt !== null) return closed();
      const criterion = analyseRunbook(found.run.body).criteria.find((c) => c.id === parsed.data.criterionId);
      if (!criterion) return apiError(400, 'invalid_request', 'criterionId names no escalation criterion of this run', [{ field: 'criterionId', problem: 'names no escalation criterion of this run' }]);
      const team = criterion.target ? db.teams.find((t) => criterion.target!.toLowerCase().includes(t.name.toLowerCase())) : undefined;
      appendEvent(found.incident, actor(caller), {
        kind: 'runbook.escalation_requested',
        data: { ...refs(found.run), criterion: criterion.text, target: team ? 'team' : 'next-level', teamId: team?.id ?? null, teamName: team?.name ?? null },
      });
      return reply({
        escalated: team ? 'team' : 'next-level',
        teamId: team?.id ?? null,
        teamName: team?.name ?? null,
        detail: team ? `Paged the ${team.name} team's escalation policy.` : "Moved this incident's escalation to its next level.",
      });
    }),
  ),

  http.post(
    `${API}/runbook-runs/:runId/feedback`,
    allow('incident:act', async ({ request, params }, caller) => {
      const found = runFor(params['runId']);
      if (found instanceof HttpResponse) return found;
      const parsed = runFeedbackBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const run = storeRun({ ...found.run, helped: parsed.data.helped });
      appendEvent(found.incident, actor(caller), { kind: 'runbook.feedback', data: { ...refs(run), helped: parsed.data.helped } });
      return reply<RunbookRunDto>(run);
    }),
  ),
];

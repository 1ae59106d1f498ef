import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { IncidentDto } from '../../contracts/incidents';
import type { IncidentRunbooksDto, RunbookRunDto, escalateFromRunResultSchema } from '../../contracts/runbooks';
import { rankRunbooks } from '../../domain/runbook/matching';
import type { RunbookOutline } from '../../domain/runbook/model';
import { runProgress, timeBoxDeadline } from '../../domain/runbook/run';
import type { Severity } from '../../domain/incident/severity';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import { WakeScheduler } from '../engine/wake-scheduler';
import { escalationPoliciesRepository } from '../repositories/escalation-policies-repository';
import { escalationsRepository } from '../repositories/escalations-repository';
import type { IncidentRow } from '../repositories/incidents-repository';
import { incidentsRepository } from '../repositories/incidents-repository';
import type { RunbookRunRow, RunSectionRow, RunStepRow } from '../repositories/runbook-runs-repository';
import { runbookRunsRepository } from '../repositories/runbook-runs-repository';
import type { RunbookVersionRow } from '../repositories/runbooks-repository';
import { runbooksRepository } from '../repositories/runbooks-repository';
import { servicesRepository } from '../repositories/services-repository';
import { teamsRepository } from '../repositories/teams-repository';
import { usersRepository } from '../repositories/users-repository';
import type { Caller } from './caller';
import { audit, timelineActor } from './caller';
import type { Clock } from './clock';
import type { NewEvent } from './event-log';
import { SYSTEM_ACTOR, appendEvent } from './event-log';
import { declareIncident } from './incident-service';
import { toIncidentDto } from './mappers';
import type { PagingHooks } from './paging-hooks';
import { Problem } from './problem';
import { runbookProgressOf } from './runbook-progress';
import { outlineOfVersion } from './runbook-analysis';
import { loadRunbookDirectory, toRunbookSummary } from './runbook-service';

type EscalateResult = z.infer<typeof escalateFromRunResultSchema>;

/** Moves an incident's escalation to its next level (the escalation runner's `escalateNow`). */
export type EscalateNow = (ctx: WriteContext, incident: IncidentRow, at: EpochMs, by: string | null) => Promise<void>;

const iso = (ms: number) => toIsoUtc(epochMs(ms));

/** Deadlines handled per unit of work; more due at once are taken by the next unit straight away. */
const DEADLINES_PER_UNIT = 200;

/** "the Database team", "database team" and the team named "Database" are the same team. */
export function teamNameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word !== '' && word !== 'team' && word !== 'the')
    .join(' ');
}

function closedRun(run: RunbookRunRow): Problem {
  return new Problem(409, 'run_closed', `Run ${run.id} is closed: its incident was resolved, so it takes no more changes`, [{ field: 'runId', problem: 'is closed (the incident was resolved)' }]);
}

export type RunbookRunService = ReturnType<typeof createRunbookRunService>;

export function createRunbookRunService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; paging: PagingHooks; escalateNow: EscalateNow; onError?: (error: unknown) => void }) {
  const { handle, writes, clock, paging } = deps;

  const outlineOf = (version: Pick<RunbookVersionRow, 'runbook_id' | 'version' | 'body'>): RunbookOutline => outlineOfVersion(version.runbook_id, version.version, version.body);

  async function pinnedVersion(db: Kysely<Database>, run: Pick<RunbookRunRow, 'runbook_id' | 'version'>): Promise<RunbookVersionRow> {
    const version = await runbooksRepository.findVersion(db, run.runbook_id, run.version);
    if (!version) throw new Error(`run of runbook ${run.runbook_id} pins version ${run.version}, which is missing`);
    return version;
  }

  async function mustFindRun(db: Kysely<Database>, runId: string): Promise<RunbookRunRow> {
    const run = await runbookRunsRepository.findById(db, runId);
    if (!run) throw Problem.notFound(`runbook run ${runId}`);
    return run;
  }

  async function mustFindIncident(db: Kysely<Database>, id: string): Promise<IncidentRow> {
    const row = await incidentsRepository.findById(db, id);
    if (!row) throw Problem.notFound(`incident ${id}`);
    return row;
  }

  const checkedSet = (steps: readonly RunStepRow[]) => new Set(steps.filter((step) => step.checked === 1).map((step) => step.step_id));

  async function toRunDtos(db: Kysely<Database>, runs: readonly RunbookRunRow[]): Promise<RunbookRunDto[]> {
    if (runs.length === 0) return [];
    const ids = runs.map((run) => run.id);
    const [steps, sections, users] = await Promise.all([runbookRunsRepository.steps(db, ids), runbookRunsRepository.sections(db, ids), usersRepository.list(db)]);
    const names = new Map(users.map((user) => [user.id, user.name]));
    const person = (id: string | null) => (id === null ? null : { id, name: names.get(id) ?? id });
    const dtos: RunbookRunDto[] = [];
    for (const run of runs) {
      const version = await pinnedVersion(db, run);
      const own = steps.filter((step) => step.run_id === run.id);
      dtos.push({
        id: run.id,
        incidentId: run.incident_id,
        runbookId: run.runbook_id,
        title: version.title,
        version: run.version,
        body: version.body,
        startedAt: iso(run.started_at),
        startedBy: person(run.started_by),
        closedAt: run.closed_at === null ? null : iso(run.closed_at),
        steps: own.map((step) => ({ stepId: step.step_id, checked: step.checked === 1, by: person(step.by), at: iso(step.at) })),
        sections: sections
          .filter((section) => section.run_id === run.id)
          .map((section) => ({ sectionId: section.section_id, startedAt: iso(section.started_at), deadline: section.deadline === null ? null : iso(section.deadline), overrunPostedAt: section.overrun_posted_at === null ? null : iso(section.overrun_posted_at) })),
        progress: runProgress(outlineOf(version), checkedSet(own)),
        helped: run.helped === null ? null : run.helped === 1,
      });
    }
    return dtos;
  }

  async function runDto(db: Kysely<Database>, run: RunbookRunRow): Promise<RunbookRunDto> {
    return (await toRunDtos(db, [run]))[0]!;
  }

  /** The incident as live events carry it after a runbook change, its dashboard progress included. */
  async function incidentSnapshot(db: Kysely<Database>, incident: IncidentRow): Promise<IncidentDto> {
    const [service, progress] = await Promise.all([servicesRepository.findById(db, incident.service_id), runbookProgressOf(db, [incident.id])]);
    return toIncidentDto(incident, service?.name ?? incident.service_id, progress.get(incident.id) ?? null);
  }

  /** Appends a runbook event about a run, with the incident as it now is. */
  async function appendRunEvent(ctx: WriteContext, run: RunbookRunRow, title: string, at: number, actor: NewEvent['actor'], body: RunEventBody): Promise<void> {
    const incident = await mustFindIncident(ctx.trx, run.incident_id);
    const ref = { runId: run.id, runbookId: run.runbook_id, title };
    const event = { kind: body.kind, data: { ...ref, ...body.data } } as NewEvent;
    await appendEvent(ctx, { ...event, at, incidentId: run.incident_id, serviceId: incident.service_id, actor }, { incident: await incidentSnapshot(ctx.trx, incident) });
  }

  // The time-box timer: one wake-up for the earliest unchecked deadline of any open run.
  const timeBoxes = new WakeScheduler(clock, () => checkDeadlines().catch((error: unknown) => deps.onError?.(error)));

  function arm(): Promise<void> {
    return timeBoxes.rearm(async () => {
      const next = await runbookRunsRepository.nextDeadline(handle.db);
      return next === undefined ? undefined : epochMs(next);
    });
  }

  /** Posts each passed deadline's overrun once (when steps of the section are left), then waits for the next. */
  async function checkDeadlines(): Promise<void> {
    const now = clock.now();
    await writes.run(async (ctx) => {
      const due = await runbookRunsRepository.dueDeadlines(ctx.trx, now, DEADLINES_PER_UNIT);
      for (const section of due) {
        const version = await pinnedVersion(ctx.trx, section);
        const outline = outlineOf(version);
        const heading = outline.sections.find((candidate) => candidate.id === section.section_id);
        const checked = checkedSet(await runbookRunsRepository.steps(ctx.trx, [section.run_id]));
        const left = heading ? heading.stepIds.filter((id) => !checked.has(id)) : [];
        const overrun = heading !== undefined && heading.timeBoxMinutes !== null && left.length > 0;
        // The conditional update makes the overrun post once, even with several instances looking.
        if (!(await runbookRunsRepository.checkDeadline(ctx.trx, section.run_id, section.section_id, now, overrun)) || !overrun) continue;
        const run = await mustFindRun(ctx.trx, section.run_id);
        await appendRunEvent(ctx, run, version.title, now, SYSTEM_ACTOR, {
          kind: 'runbook.time_box_overrun',
          data: { sectionId: heading.id, section: heading.title, timeBoxMinutes: heading.timeBoxMinutes!, startedAt: iso(section.started_at) },
        });
      }
    });
    await arm();
  }

  /** Starts a section's countdown inside a unit (idempotent); answers whether it started now. */
  async function startSection(ctx: WriteContext, run: RunbookRunRow, version: RunbookVersionRow, sectionId: string, at: number, caller: Caller): Promise<boolean> {
    const section = outlineOf(version).sections.find((candidate) => candidate.id === sectionId);
    if (!section) return false;
    const row: RunSectionRow = {
      run_id: run.id,
      section_id: section.id,
      started_at: at,
      deadline: section.timeBoxMinutes === null ? null : timeBoxDeadline(epochMs(at), section.timeBoxMinutes),
      overrun_posted_at: null,
      deadline_checked_at: null,
    };
    if (!(await runbookRunsRepository.startSection(ctx.trx, row))) return false;
    await appendRunEvent(ctx, run, version.title, at, timelineActor(caller), {
      kind: 'runbook.section_started',
      data: { sectionId: section.id, section: section.title, timeBoxMinutes: section.timeBoxMinutes },
    });
    return true;
  }

  /** Loads an open run and its pinned version inside a unit; a closed run is a 409 and nothing is stored. */
  async function openRun(ctx: WriteContext, runId: string): Promise<{ run: RunbookRunRow; version: RunbookVersionRow }> {
    const run = await mustFindRun(ctx.trx, runId);
    if (run.closed_at !== null) throw closedRun(run);
    return { run, version: await pinnedVersion(ctx.trx, run) };
  }

  return {
    /** Arms the time-box timer for deadlines that were pending when the server stopped. */
    start(): Promise<void> {
      timeBoxes.start();
      return arm();
    },

    stop(): void {
      timeBoxes.stop();
    },

    /** The runbooks that fit the incident (its service, its alerts' labels and summaries), best first, and the runs started. */
    async forIncident(caller: Caller, incidentId: string): Promise<IncidentRunbooksDto> {
      const db = handle.db;
      const incident = await mustFindIncident(db, incidentId);
      const [alerts, runbooks, runs] = await Promise.all([incidentsRepository.alertsFor(db, incidentId), runbooksRepository.list(db), runbookRunsRepository.forIncident(db, incidentId)]);
      const facts = { serviceId: incident.service_id, alerts: alerts.map((alert) => ({ labels: JSON.parse(alert.labels) as Record<string, string>, summary: alert.summary })) };
      const candidates = runbooks.map((row) => ({ id: row.id, serviceIds: JSON.parse(row.service_ids) as string[], selectors: JSON.parse(row.selectors) as string[] }));
      const ranked = rankRunbooks(candidates, facts);
      const byId = new Map(runbooks.map((row) => [row.id, row]));
      const directory = await loadRunbookDirectory(db, ranked.map((match) => match.id));
      const now = clock.now();
      return {
        matches: ranked.flatMap((match) => {
          const row = byId.get(match.id);
          return row ? [{ runbook: toRunbookSummary(row, directory, caller, now), score: match.score, reasons: [...match.reasons], selector: match.selector }] : [];
        }),
        runs: await toRunDtos(db, runs),
      };
    },

    /** Starts the runbook on the incident, pinned to its current version; a second start answers the first run. */
    async startRun(caller: Caller, incidentId: string, runbookId: string): Promise<{ run: RunbookRunDto; created: boolean }> {
      return writes.run(async (ctx) => {
        const incident = await mustFindIncident(ctx.trx, incidentId);
        const existing = await runbookRunsRepository.findByIncidentAndRunbook(ctx.trx, incidentId, runbookId);
        if (existing) return { run: await runDto(ctx.trx, existing), created: false };
        const runbook = await runbooksRepository.findById(ctx.trx, runbookId);
        if (!runbook) throw new Problem(400, 'invalid_request', 'runbookId names no runbook', [{ field: 'runbookId', problem: 'names no runbook' }]);
        if (incident.state === 'resolved') throw new Problem(409, 'incident_resolved', `${incidentId} is resolved: a runbook can no longer be started on it`, [{ field: 'incidentId', problem: 'is resolved' }]);
        const at = clock.now();
        const run: RunbookRunRow = { id: randomUUID(), incident_id: incidentId, runbook_id: runbookId, version: runbook.version, started_at: at, started_by: caller.userId, closed_at: null, helped: null, last_ticked_at: null, progress: null };
        await runbookRunsRepository.insert(ctx.trx, run);
        await appendRunEvent(ctx, run, runbook.title, at, timelineActor(caller), { kind: 'runbook.run_started', data: { version: runbook.version } });
        await audit(ctx.trx, { at, caller, action: 'runbook.run_started', targetType: 'incident', targetId: incidentId, after: { runId: run.id, runbookId, version: runbook.version } });
        return { run: await runDto(ctx.trx, run), created: true };
      });
    },

    /** Ticks or unticks a step of the run's version; the first tick in a section starts its countdown. */
    async tick(caller: Caller, runId: string, stepId: string, checked: boolean): Promise<RunbookRunDto> {
      let sectionStarted = false;
      const answer = await writes.run(async (ctx) => {
        const { run, version } = await openRun(ctx, runId);
        const outline = outlineOf(version);
        const step = outline.steps.find((candidate) => candidate.id === stepId);
        if (!step) throw new Problem(404, 'not_found', `${stepId} is not a step of version ${run.version} of this runbook`, [{ field: 'stepId', problem: `is not a step of version ${run.version} of this runbook` }]);
        const steps = await runbookRunsRepository.steps(ctx.trx, [run.id]);
        const current = steps.find((row) => row.step_id === stepId);
        if ((current?.checked === 1) === checked) return runDto(ctx.trx, run);
        const at = clock.now();
        if (checked && step.sectionId !== null) sectionStarted = await startSection(ctx, run, version, step.sectionId, at, caller);
        await runbookRunsRepository.setStep(ctx.trx, { run_id: run.id, step_id: stepId, checked: checked ? 1 : 0, by: caller.userId, at });
        const ticked = checkedSet(steps);
        if (checked) ticked.add(stepId);
        else ticked.delete(stepId);
        const progress = runProgress(outline, ticked);
        await runbookRunsRepository.recordTick(ctx.trx, run.id, at, JSON.stringify(progress));
        const section = step.sectionId === null ? undefined : outline.sections.find((candidate) => candidate.id === step.sectionId);
        await appendRunEvent(ctx, run, version.title, at, timelineActor(caller), {
          kind: 'runbook.step_checked',
          data: { stepId, step: step.text, section: section?.title ?? null, checked, progress },
        });
        return runDto(ctx.trx, run);
      });
      if (sectionStarted) await arm();
      return answer;
    },

    /** "Start" on a section: its countdown begins now (once; a started section keeps its start). */
    async startSection(caller: Caller, runId: string, sectionId: string): Promise<RunbookRunDto> {
      let started = false;
      const answer = await writes.run(async (ctx) => {
        const { run, version } = await openRun(ctx, runId);
        if (!outlineOf(version).sections.some((section) => section.id === sectionId)) {
          throw new Problem(404, 'not_found', `${sectionId} is not a section of version ${run.version} of this runbook`, [{ field: 'sectionId', problem: `is not a section of version ${run.version} of this runbook` }]);
        }
        started = await startSection(ctx, run, version, sectionId, clock.now(), caller);
        return runDto(ctx.trx, run);
      });
      if (started) await arm();
      return answer;
    },

    /** Records on the timeline that the caller copied a command from the runbook. */
    async copied(caller: Caller, runId: string, command: string): Promise<void> {
      await writes.run(async (ctx) => {
        const { run, version } = await openRun(ctx, runId);
        await appendRunEvent(ctx, run, version.title, clock.now(), timelineActor(caller), { kind: 'runbook.command_copied', data: { command } });
      });
    },

    /**
     * "Escalate now" from a criterion of the run's version: with no one named, this incident's
     * escalation moves to its next level; naming a team, a linked incident opens on that team's
     * first service with an escalation policy, which pages that policy.
     */
    async escalate(caller: Caller, runId: string, criterionId: string): Promise<EscalateResult> {
      return writes.run(async (ctx) => {
        const { run, version } = await openRun(ctx, runId);
        const criterion = outlineOf(version).criteria.find((candidate) => candidate.id === criterionId);
        if (!criterion) throw new Problem(400, 'invalid_request', `criterionId names no escalation criterion of version ${run.version} of this runbook`, [{ field: 'criterionId', problem: `names no escalation criterion of version ${run.version} of this runbook` }]);
        const incident = await mustFindIncident(ctx.trx, run.incident_id);
        const at = clock.now();
        const actor = timelineActor(caller);
        const nextLevel = async (preface: string | null): Promise<EscalateResult> => {
          const before = await escalationsRepository.find(ctx.trx, incident.id);
          await deps.escalateNow(ctx, incident, at, caller.userId);
          const after = await escalationsRepository.find(ctx.trx, incident.id);
          const moved = before !== undefined && after !== undefined && after.state !== before.state;
          const outcome = moved
            ? "moved this incident's escalation to its next level"
            : before
              ? `this incident's escalation is ${before.status} with no level left to move to; nobody new was paged`
              : "this incident's service has no escalation in progress; nobody new was paged";
          const detail = preface ? `${preface}: ${outcome}` : `${outcome.charAt(0).toUpperCase()}${outcome.slice(1)}`;
          return { escalated: 'next-level', teamId: null, teamName: null, detail };
        };
        const wanted = criterion.target === null ? null : teamNameKey(criterion.target);
        const team = wanted === null ? undefined : (await teamsRepository.list(ctx.trx)).find((candidate) => teamNameKey(candidate.name) === wanted);
        let result: EscalateResult;
        if (criterion.target === null) {
          result = await nextLevel(null);
        } else if (!team) {
          // "the engineering manager", "the on-call lead": not a team here, but the policy's next
          // level is what such a sentence means in the guide's primary → backup → manager chain.
          result = await nextLevel(`No team is called “${criterion.target}”`);
        } else {
          const services = (await servicesRepository.list(ctx.trx)).filter((service) => service.team_id === team.id).sort((a, b) => a.name_key.localeCompare(b.name_key));
          let target: (typeof services)[number] | undefined;
          for (const service of services) {
            if (await escalationPoliciesRepository.findByService(ctx.trx, service.id)) {
              target = service;
              break;
            }
          }
          if (!target) throw new Problem(409, 'no_escalation_policy', `The ${team.name} team has no service with an escalation policy to page`, [{ field: 'criterionId', problem: `names the ${team.name} team, which has no service with an escalation policy` }]);
          const linked = await declareIncident(ctx, { title: `Escalated from ${incident.id}: ${incident.title}`, serviceId: target.id, severity: incident.severity as Severity }, caller, at, paging);
          const service = target;
          await appendEvent(
            ctx,
            { at, kind: 'incident.note', incidentId: linked.row.id, serviceId: service.id, actor, data: { text: `${criterion.text} (runbook "${version.title}" on ${incident.id})`, phase: 'investigating' } },
            { incident: linked.dto },
          );
          result = { escalated: 'team', teamId: team.id, teamName: team.name, detail: `Opened ${linked.row.id} on ${service.name}, which pages the ${team.name} team's escalation policy` };
        }
        await appendRunEvent(ctx, run, version.title, at, actor, {
          kind: 'runbook.escalation_requested',
          data: { criterion: criterion.text, target: result.escalated, teamId: result.teamId, teamName: result.teamName },
        });
        await audit(ctx.trx, { at, caller, action: 'runbook.escalated', targetType: 'incident', targetId: incident.id, after: { runId, criterionId, ...result } });
        return result;
      });
    },

    /** "Did the runbook help?": stored with the run (also after the incident resolved) and on the timeline. */
    async feedback(caller: Caller, runId: string, helped: boolean): Promise<RunbookRunDto> {
      return writes.run(async (ctx) => {
        const run = await mustFindRun(ctx.trx, runId);
        const version = await pinnedVersion(ctx.trx, run);
        await runbookRunsRepository.setHelped(ctx.trx, run.id, helped);
        const at = clock.now();
        await appendRunEvent(ctx, run, version.title, at, timelineActor(caller), { kind: 'runbook.feedback', data: { helped } });
        await audit(ctx.trx, { at, caller, action: 'runbook.feedback', targetType: 'incident', targetId: run.incident_id, after: { runId, helped } });
        return runDto(ctx.trx, { ...run, helped: helped ? 1 : 0 });
      });
    },
  };
}

/** The kind-specific part of a runbook event; the run reference is added by `appendRunEvent`. */
type RunEventBody =
  | { kind: 'runbook.run_started'; data: { version: number } }
  | { kind: 'runbook.step_checked'; data: { stepId: string; step: string; section: string | null; checked: boolean; progress: RunbookRunDto['progress'] } }
  | { kind: 'runbook.section_started'; data: { sectionId: string; section: string; timeBoxMinutes: number | null } }
  | { kind: 'runbook.time_box_overrun'; data: { sectionId: string; section: string; timeBoxMinutes: number; startedAt: string } }
  | { kind: 'runbook.command_copied'; data: { command: string } }
  | { kind: 'runbook.escalation_requested'; data: { criterion: string; target: 'next-level' | 'team'; teamId: string | null; teamName: string | null } }
  | { kind: 'runbook.feedback'; data: { helped: boolean } };

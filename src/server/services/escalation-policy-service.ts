import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ChannelStateDto, EscalationPolicyDto, EscalationPolicyViewDto, LintFindingDto, putEscalationPolicyBodySchema } from '../../contracts/escalation';
import { policyFromDto, putPolicyProblems } from '../../contracts/escalation';
import type { ScheduleDto } from '../../contracts/schedules';
import { isRole, roleAllows } from '../../domain/access/roles';
import { CONTACT_CHANNELS } from '../../domain/escalation/model';
import type { ContactChannel, Directory, LintFinding } from '../../domain/escalation/model';
import { DEFAULT_URGENCY_BY_SEVERITY } from '../../domain/escalation/policy';
import type { EscalationLevel, EscalationPolicy, EscalationTarget } from '../../domain/escalation/policy';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import type { EscalationPolicyRow } from '../repositories/escalation-policies-repository';
import { escalationPoliciesRepository } from '../repositories/escalation-policies-repository';
import { schedulesRepository } from '../repositories/schedules-repository';
import { teamsRepository } from '../repositories/teams-repository';
import { usersRepository } from '../repositories/users-repository';
import type { Caller } from './caller';
import { audit, timelineActor } from './caller';
import type { Clock } from './clock';
import { appendEvent } from './event-log';
import { maskAddress } from '../../domain/escalation/mask';
import { loadPagingDirectory, pagingPersonDto } from './paging-directory';
import { Problem } from './problem';
import { mustEditService, mustFindService } from './service-access';
import { toScheduleDto } from './schedule-service';

export type PutEscalationPolicy = z.infer<typeof putEscalationPolicyBodySchema>;

/** The policy lint (domain/escalation), given the policy or null when the service has none. */
export type PolicyLint = (policy: EscalationPolicy | null, directory: Directory, now: EpochMs) => LintFinding[];

/** What a service's policy is stored as: the policy itself; the version and times are columns. */
type StoredPolicy = Pick<EscalationPolicyDto, 'levels' | 'repeat' | 'ackTimeoutMinutes' | 'urgencyBySeverity' | 'lowUrgency'>;

export function toEscalationPolicyDto(row: EscalationPolicyRow): EscalationPolicyDto {
  const stored = JSON.parse(row.body) as Partial<StoredPolicy>;
  return {
    serviceId: row.service_id,
    version: row.version,
    levels: stored.levels ?? [],
    repeat: stored.repeat ?? 0,
    ackTimeoutMinutes: stored.ackTimeoutMinutes ?? null,
    urgencyBySeverity: { ...DEFAULT_URGENCY_BY_SEVERITY, ...stored.urgencyBySeverity },
    lowUrgency: stored.lowUrgency ?? 'waking-hours',
    updatedAt: toIsoUtc(epochMs(row.updated_at)),
  };
}

/** The service's policy as the engine runs it, or undefined when it has none (the runner pages nobody and says so). */
export async function loadEscalationPolicy(db: Kysely<Database>, serviceId: string): Promise<EscalationPolicyDto | undefined> {
  const row = await escalationPoliciesRepository.findByService(db, serviceId);
  return row ? toEscalationPolicyDto(row) : undefined;
}

/**
 * The body as it will be stored: level ids kept where given (the editor keeps them across
 * reorders), made up where missing; urgencies defaulted. Shape problems are a 400 naming the field.
 */
export function normalizePolicyBody(body: PutEscalationPolicy): StoredPolicy {
  const stored: StoredPolicy = {
    levels: body.levels.map((level) => ({ id: level.id ?? randomUUID(), escalateAfterMinutes: level.escalateAfterMinutes, targets: level.targets })),
    repeat: body.repeat,
    ackTimeoutMinutes: body.ackTimeoutMinutes,
    urgencyBySeverity: body.urgencyBySeverity ?? { ...DEFAULT_URGENCY_BY_SEVERITY },
    lowUrgency: body.lowUrgency,
  };
  const problems = putPolicyProblems(policyFromDto(stored));
  if (problems.length > 0) throw invalid(problems);
  return stored;
}

function invalid(fields: Array<{ field: string; problem: string }>): Problem {
  return new Problem(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

/** A stale write: the client's version is not the stored one. The answer carries the current policy (null when there is none). */
function stale(current: EscalationPolicyDto | undefined): Problem {
  const now = current ? `now version ${current.version}` : 'it has been deleted';
  const problem = new Problem(409, 'stale_version', `This escalation policy changed since you loaded it (${now}); nothing was saved`, [
    { field: 'version', problem: current ? `is ${current.version} now` : 'names a policy that no longer exists' },
  ]);
  problem.details = { current: current ?? null };
  return problem;
}

/** Channels as reported until the real channel configuration is wired in: none is claimed to work. */
export function unconfiguredChannels(): ChannelStateDto[] {
  return CONTACT_CHANNELS.map((channel) => ({ channel, configured: false, detail: 'Not configured' }));
}

function toLintDto(finding: LintFinding): LintFindingDto {
  return { ...finding, window: finding.window ? { start: toIsoUtc(finding.window.start), end: toIsoUtc(finding.window.end) } : null };
}

function targetsOf(levels: readonly EscalationLevel[]): EscalationTarget[] {
  return levels.flatMap((level) => level.targets);
}

export type EscalationPolicyService = ReturnType<typeof createEscalationPolicyService>;

export function createEscalationPolicyService(deps: {
  handle: DatabaseHandle;
  writes: WriteQueue;
  clock: Clock;
  channelStates?: () => ChannelStateDto[];
  lint?: PolicyLint;
}) {
  const { handle, writes, clock } = deps;
  const channelStates = deps.channelStates ?? unconfiguredChannels;
  const lint: PolicyLint = deps.lint ?? (() => []);


  /** Every target must name someone who can acknowledge, or a schedule that exists; each refusal names its field. */
  async function checkTargets(db: Kysely<Database>, levels: readonly EscalationLevel[]): Promise<void> {
    const fields: Array<{ field: string; problem: string }> = [];
    for (const [i, level] of levels.entries()) {
      for (const [j, target] of level.targets.entries()) {
        if (target.type === 'user') {
          const user = await usersRepository.findById(db, target.userId);
          if (!user) fields.push({ field: `levels.${i}.targets.${j}.userId`, problem: 'names nobody' });
          else if (!isRole(user.role) || !roleAllows(user.role, 'incident:act')) fields.push({ field: `levels.${i}.targets.${j}.userId`, problem: 'is a viewer and cannot acknowledge pages' });
        } else if (!(await schedulesRepository.findById(db, target.scheduleId))) {
          fields.push({ field: `levels.${i}.targets.${j}.scheduleId`, problem: 'names no schedule' });
        }
      }
    }
    if (fields.length > 0) throw invalid(fields);
  }

  function channelConfigured(channel: ContactChannel): boolean {
    return channelStates().find((state) => state.channel === channel)?.configured ?? false;
  }

  async function record(ctx: WriteContext, caller: Caller, serviceId: string, action: string, at: EpochMs, before: EscalationPolicyDto | null, after: EscalationPolicyDto | null) {
    await audit(ctx.trx, { at, caller, action, targetType: 'service', targetId: serviceId, before: before ?? undefined, after: after ?? undefined });
    await appendEvent(ctx, {
      at,
      kind: 'escalation_policy.changed',
      incidentId: null,
      serviceId,
      actor: timelineActor(caller),
      data: { version: after?.version ?? before?.version ?? 0, levels: after?.levels.length ?? 0 },
    });
  }

  return {
    /**
     * The policy with its lint and what the browser's editor and preview need: the people it can
     * page (targets, participants of the schedules shown, the service's team), addresses masked,
     * the team's and the targeted schedules, and the state of each channel.
     */
    async view(serviceId: string): Promise<EscalationPolicyViewDto> {
      const db = handle.db;
      const service = await mustFindService(db, serviceId);
      const now = clock.now();
      const policy = (await loadEscalationPolicy(db, serviceId)) ?? null;
      const targets = policy ? targetsOf(policy.levels) : [];
      const targetedSchedules = new Set(targets.flatMap((t) => (t.type === 'schedule' ? [t.scheduleId] : [])));
      const scheduleRows = (await schedulesRepository.list(db)).filter((row) => targetedSchedules.has(row.id) || (service.team_id !== null && row.team_id === service.team_id));
      const overrides = await schedulesRepository.overridesOf(db, scheduleRows.map((row) => row.id));
      const schedules: ScheduleDto[] = scheduleRows.map((row) => toScheduleDto(row, overrides));
      const members = service.team_id === null ? [] : await teamsRepository.members(db, [service.team_id]);
      const peopleIds = new Set<string>([
        ...targets.flatMap((t) => (t.type === 'user' ? [t.userId] : [])),
        ...schedules.flatMap((s) => [...s.layers.flatMap((layer) => layer.participants), ...s.overrides.map((o) => o.userId)]),
        ...members.map((m) => m.user_id),
      ]);
      const directory = await loadPagingDirectory(db, { now, channelConfigured });
      const people = [...peopleIds].flatMap((id) => {
        const person = directory.person(id);
        return person ? [pagingPersonDto(person, maskAddress)] : [];
      });
      people.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      return {
        policy,
        lint: lint(policy ? policyFromDto(policy) : null, directory, now).map(toLintDto),
        people,
        schedules,
        channels: channelStates(),
      };
    },

    /** Creates (version null) or replaces (version current) the service's policy. */
    async put(caller: Caller, serviceId: string, body: PutEscalationPolicy): Promise<EscalationPolicyDto> {
      const stored = normalizePolicyBody(body);
      return writes.run(async (ctx) => {
        const service = await mustFindService(ctx.trx, serviceId);
        mustEditService(caller, service, 'change its escalation policy');
        await checkTargets(ctx.trx, stored.levels);
        const existing = await escalationPoliciesRepository.findByService(ctx.trx, serviceId);
        const before = existing ? toEscalationPolicyDto(existing) : undefined;
        const at = clock.now();
        const json = JSON.stringify(stored);
        if (body.version === null) {
          if (before) throw stale(before);
          await escalationPoliciesRepository.insert(ctx.trx, { service_id: serviceId, version: 1, body: json, created_at: at, updated_at: at });
        } else if (!before || before.version !== body.version || !(await escalationPoliciesRepository.updateIfVersion(ctx.trx, serviceId, body.version, json, at))) {
          throw stale(await loadEscalationPolicy(ctx.trx, serviceId));
        }
        const after = (await loadEscalationPolicy(ctx.trx, serviceId))!;
        await record(ctx, caller, serviceId, before ? 'escalation_policy.updated' : 'escalation_policy.created', at, before ?? null, after);
        return after;
      });
    },

    /** Removes the service's policy (naming the version it saw); the service then pages nobody, which the lint flags. */
    async remove(caller: Caller, serviceId: string, version: number): Promise<void> {
      await writes.run(async (ctx) => {
        const service = await mustFindService(ctx.trx, serviceId);
        mustEditService(caller, service, 'change its escalation policy');
        const before = await loadEscalationPolicy(ctx.trx, serviceId);
        if (!before) throw Problem.notFound(`escalation policy of service ${serviceId}`);
        if (before.version !== version || !(await escalationPoliciesRepository.deleteIfVersion(ctx.trx, serviceId, version))) throw stale(before);
        await record(ctx, caller, serviceId, 'escalation_policy.deleted', clock.now(), before, null);
      });
    },
  };
}

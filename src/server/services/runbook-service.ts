import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  RunbookDto,
  RunbookOwner,
  RunbookSummaryDto,
  RunbookVersionDto,
  restoreRunbookBodySchema,
  runbookInputSchema,
  runbookVersionSummarySchema,
} from '../../contracts/runbooks';
import { canEditTeamResource, isRole, roleAllows } from '../../domain/access/roles';
import { isReviewOverdue, reviewDueAt } from '../../domain/runbook/freshness';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteQueue } from '../db/write-queue';
import type { RunbookRecordCounts, RunbookRow, RunbookVersionRow, RunbookVersionSummaryRow } from '../repositories/runbooks-repository';
import { runbooksRepository } from '../repositories/runbooks-repository';
import { servicesRepository } from '../repositories/services-repository';
import type { TeamMemberRow } from '../repositories/teams-repository';
import { teamsRepository } from '../repositories/teams-repository';
import { usersRepository } from '../repositories/users-repository';
import type { Caller } from './caller';
import { audit } from './caller';
import type { Clock } from './clock';
import { Problem } from './problem';
import { lintOfVersion } from './runbook-analysis';

export type RunbookInput = z.output<typeof runbookInputSchema>;
export type RestoreRunbook = z.output<typeof restoreRunbookBodySchema>;
type RunbookVersionSummaryDto = z.infer<typeof runbookVersionSummarySchema>;

const iso = (ms: number) => toIsoUtc(epochMs(ms));

/** Names and memberships the DTOs need: loaded once per answer, whatever the number of runbooks. */
export type RunbookDirectory = {
  teamName(id: string): string | undefined;
  userName(id: string): string | undefined;
  /** Teams the person is a member of (for "managers of the owning person's teams"). */
  teamsOf(userId: string): readonly string[];
  record(runbookId: string): RunbookRecordCounts;
};

export async function loadRunbookDirectory(db: Kysely<Database>, runbookIds?: readonly string[]): Promise<RunbookDirectory> {
  const [teams, users, members, records] = await Promise.all([teamsRepository.list(db), usersRepository.list(db), teamsRepository.members(db), runbooksRepository.records(db, runbookIds)]);
  const teamNames = new Map(teams.map((team) => [team.id, team.name]));
  const userNames = new Map(users.map((user) => [user.id, user.name]));
  const teamsByUser = new Map<string, string[]>();
  for (const member of members as TeamMemberRow[]) teamsByUser.set(member.user_id, [...(teamsByUser.get(member.user_id) ?? []), member.team_id]);
  return {
    teamName: (id) => teamNames.get(id),
    userName: (id) => userNames.get(id),
    teamsOf: (userId) => teamsByUser.get(userId) ?? [],
    record: (id) => records.get(id) ?? { used: 0, helped: 0, didNotHelp: 0 },
  };
}

export function ownerOf(row: Pick<RunbookRow, 'owner_type' | 'owner_id'>): RunbookOwner {
  return row.owner_type === 'team' ? { type: 'team', teamId: row.owner_id } : { type: 'user', userId: row.owner_id };
}

/** What an editor's input sets on the stored runbook (the same on create and on save). */
function contentColumns(input: RunbookInput, serviceIds: readonly string[]) {
  return {
    title: input.title,
    body: input.body,
    service_ids: JSON.stringify(serviceIds),
    selectors: JSON.stringify(input.selectors),
    ...ownerColumns(input.owner),
    review_interval_days: input.reviewIntervalDays,
  };
}

function ownerColumns(owner: RunbookOwner): { owner_type: 'team' | 'user'; owner_id: string } {
  return owner.type === 'team' ? { owner_type: 'team', owner_id: owner.teamId } : { owner_type: 'user', owner_id: owner.userId };
}

/**
 * Who may edit a runbook: admins; for a team's runbook, managers of that team; for a person's,
 * the person (a responder at least: viewers edit nothing) and managers of any team they are in.
 */
export function canEditRunbook(caller: Caller, owner: RunbookOwner, directory: RunbookDirectory): boolean {
  if (!caller.userId || !caller.role || !isRole(caller.role)) return false;
  const principal = { userId: caller.userId, role: caller.role, managedTeamIds: caller.managedTeamIds };
  if (caller.role === 'admin') return true;
  if (owner.type === 'team') return canEditTeamResource(principal, owner.teamId);
  if (owner.userId === caller.userId) return roleAllows(caller.role, 'incident:act');
  return directory.teamsOf(owner.userId).some((teamId) => canEditTeamResource(principal, teamId));
}

const person = (id: string | null, directory: RunbookDirectory) => (id === null ? null : { id, name: directory.userName(id) ?? id });

export function toRunbookSummary(row: RunbookRow, directory: RunbookDirectory, caller: Caller, now: EpochMs): RunbookSummaryDto {
  const owner = ownerOf(row);
  const reviewedFrom = epochMs(row.last_reviewed_at ?? row.created_at);
  const lint = lintOfVersion(row.id, row.version, row.body);
  return {
    id: row.id,
    title: row.title,
    serviceIds: JSON.parse(row.service_ids) as string[],
    selectors: JSON.parse(row.selectors) as string[],
    owner,
    ownerName: (owner.type === 'team' ? directory.teamName(owner.teamId) : directory.userName(owner.userId)) ?? row.owner_id,
    reviewIntervalDays: row.review_interval_days,
    lastReviewedAt: row.last_reviewed_at === null ? null : iso(row.last_reviewed_at),
    lastReviewedBy: person(row.last_reviewed_by, directory),
    reviewDueAt: toIsoUtc(reviewDueAt(reviewedFrom, row.review_interval_days)),
    reviewOverdue: isReviewOverdue(reviewedFrom, row.review_interval_days, now),
    version: row.version,
    updatedAt: iso(row.updated_at),
    updatedBy: person(row.updated_by, directory),
    lintScore: lint.score,
    findingCount: lint.findings.length,
    record: directory.record(row.id),
    canEdit: canEditRunbook(caller, owner, directory),
  };
}

export function toRunbookDto(row: RunbookRow, directory: RunbookDirectory, caller: Caller, now: EpochMs): RunbookDto {
  return { ...toRunbookSummary(row, directory, caller, now), body: row.body, findings: [...lintOfVersion(row.id, row.version, row.body).findings] };
}

function toVersionSummary(row: RunbookVersionSummaryRow, directory: RunbookDirectory): RunbookVersionSummaryDto {
  return { version: row.version, title: row.title, at: iso(row.at), by: person(row.by, directory), restoredFrom: row.restored_from };
}

function invalid(fields: Array<{ field: string; problem: string }>): Problem {
  return new Problem(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

/** Refuses a runbook the caller may not edit; `what` names the change. */
function mustEdit(caller: Caller, owner: RunbookOwner, directory: RunbookDirectory, what: string): void {
  if (!canEditRunbook(caller, owner, directory)) {
    const whose = owner.type === 'team' ? "managers of the runbook's team" : 'the person who owns it and managers of their teams';
    throw new Problem(403, 'forbidden', `Only admins, ${whose} may ${what}`);
  }
}

export async function mustFindRunbook(db: Kysely<Database>, id: string): Promise<RunbookRow> {
  const row = await runbooksRepository.findById(db, id);
  if (!row) throw Problem.notFound(`runbook ${id}`);
  return row;
}

export type RunbookService = ReturnType<typeof createRunbookService>;

export function createRunbookService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock }) {
  const { handle, writes, clock } = deps;

  /** Services and the owner must exist; each refusal names its field. Services are kept once each, in order. */
  async function checkReferences(db: Kysely<Database>, input: RunbookInput): Promise<string[]> {
    const fields: Array<{ field: string; problem: string }> = [];
    const serviceIds = [...new Set(input.serviceIds)];
    for (const [index, serviceId] of input.serviceIds.entries()) {
      if (!(await servicesRepository.findById(db, serviceId))) fields.push({ field: `serviceIds.${index}`, problem: 'names no service' });
    }
    if (input.owner.type === 'team' && !(await teamsRepository.findById(db, input.owner.teamId))) fields.push({ field: 'owner.teamId', problem: 'names no team' });
    if (input.owner.type === 'user' && !(await usersRepository.findById(db, input.owner.userId))) fields.push({ field: 'owner.userId', problem: 'names nobody' });
    if (fields.length > 0) throw invalid(fields);
    return serviceIds;
  }

  /** A stale write: the 409 carries the stored runbook and what was sent, so neither text is lost. */
  async function stale(db: Kysely<Database>, caller: Caller, row: RunbookRow, yours: unknown): Promise<Problem> {
    const directory = await loadRunbookDirectory(db, [row.id]);
    const problem = new Problem(409, 'stale_version', `This runbook changed since you loaded it (now version ${row.version}); nothing was saved`, [{ field: 'version', problem: `is ${row.version} now` }]);
    problem.details = { current: toRunbookDto(row, directory, caller, clock.now()), yours };
    return problem;
  }

  const auditView = (row: RunbookRow) => ({
    version: row.version,
    title: row.title,
    serviceIds: JSON.parse(row.service_ids) as unknown,
    selectors: JSON.parse(row.selectors) as unknown,
    owner: ownerOf(row),
    reviewIntervalDays: row.review_interval_days,
    bodyChars: row.body.length,
  });

  const versionRow = (row: RunbookRow, restoredFrom: number | null): RunbookVersionRow => ({
    runbook_id: row.id,
    version: row.version,
    title: row.title,
    body: row.body,
    service_ids: row.service_ids,
    selectors: row.selectors,
    owner_type: row.owner_type,
    owner_id: row.owner_id,
    review_interval_days: row.review_interval_days,
    at: row.updated_at,
    by: row.updated_by,
    restored_from: restoredFrom,
  });

  async function answer(db: Kysely<Database>, caller: Caller, row: RunbookRow): Promise<RunbookDto> {
    return toRunbookDto(row, await loadRunbookDirectory(db, [row.id]), caller, clock.now());
  }

  return {
    async list(caller: Caller): Promise<RunbookSummaryDto[]> {
      const rows = await runbooksRepository.list(handle.db);
      const directory = await loadRunbookDirectory(handle.db);
      const now = clock.now();
      return rows.map((row) => toRunbookSummary(row, directory, caller, now));
    },

    async get(caller: Caller, id: string): Promise<RunbookDto> {
      return answer(handle.db, caller, await mustFindRunbook(handle.db, id));
    },

    async create(caller: Caller, input: RunbookInput): Promise<RunbookDto> {
      return writes.run(async (ctx) => {
        const serviceIds = await checkReferences(ctx.trx, input);
        mustEdit(caller, input.owner, await loadRunbookDirectory(ctx.trx, []), 'own a runbook this way');
        const at = clock.now();
        const row: RunbookRow = {
          id: randomUUID(),
          ...contentColumns(input, serviceIds),
          last_reviewed_at: null,
          last_reviewed_by: null,
          version: 1,
          created_at: at,
          created_by: caller.userId,
          updated_at: at,
          updated_by: caller.userId,
        };
        await runbooksRepository.insert(ctx.trx, row);
        await runbooksRepository.insertVersion(ctx.trx, versionRow(row, null));
        await audit(ctx.trx, { at, caller, action: 'runbook.created', targetType: 'runbook', targetId: row.id, after: auditView(row) });
        return answer(ctx.trx, caller, row);
      });
    },

    /** Saves a new version on top of `version`; a stale one is a 409 keeping both texts. */
    async save(caller: Caller, id: string, input: RunbookInput, version: number): Promise<RunbookDto> {
      return writes.run(async (ctx) => {
        const before = await mustFindRunbook(ctx.trx, id);
        const directory = await loadRunbookDirectory(ctx.trx, []);
        mustEdit(caller, ownerOf(before), directory, 'edit it');
        if (before.version !== version) throw await stale(ctx.trx, caller, before, input);
        const serviceIds = await checkReferences(ctx.trx, input);
        // Handing it to another owner needs the right to edit theirs too, or it could be given away unseen.
        mustEdit(caller, input.owner, directory, 'hand it to that owner');
        const at = clock.now();
        const after: RunbookRow = {
          ...before,
          ...contentColumns(input, serviceIds),
          version: before.version + 1,
          updated_at: at,
          updated_by: caller.userId,
        };
        const { id: _id, created_at: _created, created_by: _createdBy, ...patch } = after;
        if (!(await runbooksRepository.updateIfVersion(ctx.trx, id, version, patch))) throw await stale(ctx.trx, caller, await mustFindRunbook(ctx.trx, id), input);
        await runbooksRepository.insertVersion(ctx.trx, versionRow(after, null));
        await audit(ctx.trx, { at, caller, action: 'runbook.updated', targetType: 'runbook', targetId: id, before: auditView(before), after: auditView(after) });
        return answer(ctx.trx, caller, after);
      });
    },

    async versions(id: string): Promise<RunbookVersionSummaryDto[]> {
      await mustFindRunbook(handle.db, id);
      const [rows, directory] = await Promise.all([runbooksRepository.versions(handle.db, id), loadRunbookDirectory(handle.db, [])]);
      return rows.map((row) => toVersionSummary(row, directory));
    },

    async version(id: string, version: number): Promise<RunbookVersionDto> {
      await mustFindRunbook(handle.db, id);
      const row = await runbooksRepository.findVersion(handle.db, id, version);
      if (!row) throw Problem.notFound(`version ${version} of runbook ${id}`);
      const directory = await loadRunbookDirectory(handle.db, []);
      return { ...toVersionSummary(row, directory), body: row.body, serviceIds: JSON.parse(row.service_ids) as string[], selectors: JSON.parse(row.selectors) as string[] };
    },

    /**
     * Makes an old version's title, text, services and selectors the newest version (the owner
     * and review interval stay as they are now: restoring text never hands the runbook away).
     */
    async restore(caller: Caller, id: string, body: RestoreRunbook): Promise<RunbookDto> {
      return writes.run(async (ctx) => {
        const before = await mustFindRunbook(ctx.trx, id);
        mustEdit(caller, ownerOf(before), await loadRunbookDirectory(ctx.trx, []), 'restore a version of it');
        if (before.version !== body.version) throw await stale(ctx.trx, caller, before, body);
        const source = await runbooksRepository.findVersion(ctx.trx, id, body.fromVersion);
        if (!source) throw invalid([{ field: 'fromVersion', problem: `names no version of this runbook (it has 1 to ${before.version})` }]);
        const at = clock.now();
        const after: RunbookRow = { ...before, title: source.title, body: source.body, service_ids: source.service_ids, selectors: source.selectors, version: before.version + 1, updated_at: at, updated_by: caller.userId };
        const { id: _id, created_at: _created, created_by: _createdBy, ...patch } = after;
        if (!(await runbooksRepository.updateIfVersion(ctx.trx, id, body.version, patch))) throw await stale(ctx.trx, caller, await mustFindRunbook(ctx.trx, id), body);
        await runbooksRepository.insertVersion(ctx.trx, versionRow(after, body.fromVersion));
        await audit(ctx.trx, { at, caller, action: 'runbook.restored', targetType: 'runbook', targetId: id, before: auditView(before), after: { ...auditView(after), restoredFrom: body.fromVersion } });
        return answer(ctx.trx, caller, after);
      });
    },

    /** "Mark reviewed": who and when; the text and version stay as they are. */
    async review(caller: Caller, id: string): Promise<RunbookDto> {
      return writes.run(async (ctx) => {
        const before = await mustFindRunbook(ctx.trx, id);
        mustEdit(caller, ownerOf(before), await loadRunbookDirectory(ctx.trx, []), 'mark it reviewed');
        const at = clock.now();
        await runbooksRepository.markReviewed(ctx.trx, id, at, caller.userId);
        const after: RunbookRow = { ...before, last_reviewed_at: at, last_reviewed_by: caller.userId };
        const dueAt = reviewDueAt(epochMs(at), after.review_interval_days);
        await audit(ctx.trx, {
          at,
          caller,
          action: 'runbook.reviewed',
          targetType: 'runbook',
          targetId: id,
          before: { lastReviewedAt: before.last_reviewed_at === null ? null : iso(before.last_reviewed_at) },
          after: { lastReviewedAt: iso(at), reviewDueAt: toIsoUtc(dueAt) },
        });
        return answer(ctx.trx, caller, after);
      });
    },
  };
}


import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { CalendarFeedDto, CreatedFeedDto } from '../../contracts/feeds';
import type { LayerDto, OverrideDto, ScheduleDto, createScheduleBodySchema, updateScheduleBodySchema } from '../../contracts/schedules';
import { canEditTeamResource, isRole, roleAllows } from '../../domain/access/roles';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteQueue } from '../db/write-queue';
import type { OverrideRow, ScheduleRow } from '../repositories/schedules-repository';
import { schedulesRepository } from '../repositories/schedules-repository';
import { teamsRepository } from '../repositories/teams-repository';
import type { Caller } from './caller';
import { audit, principalOf } from './caller';
import type { Clock } from './clock';
import { Problem } from './problem';
import { scheduleProblems, toDomainSchedule } from '../../contracts/schedules';
import type { OnCallEntryDto } from '../../contracts/schedules';
import { backupSchedule } from '../../domain/schedule/backup';
import { fairness } from '../../domain/schedule/fairness';
import { isInQuietHours } from '../../domain/schedule/quiet-instants';
import { onCallAt, resolveSegments } from '../../domain/schedule/resolve';
import type { Schedule } from '../../domain/schedule/schedule';
import type { EpochMs } from '../../domain/time/instant';
import { parseLocalTime } from '../../domain/people/quiet-hours';
import { usersRepository } from '../repositories/users-repository';
import { hashSecret, newSecret } from './access-service';
import { renderCalendar } from './ical';
import type { CalendarEvent } from './ical';
import type { UserRow } from '../repositories/users-repository';

function toOverrideDto(row: OverrideRow): OverrideDto {
  return { id: row.id, userId: row.user_id, start: toIsoUtc(epochMs(row.start_at)), end: toIsoUtc(epochMs(row.end_at)), createdBy: row.created_by };
}

export function toScheduleDto(row: ScheduleRow, overrides: readonly OverrideRow[]): ScheduleDto {
  return {
    id: row.id,
    name: row.name,
    teamId: row.team_id,
    zone: row.zone,
    version: row.version,
    layers: JSON.parse(row.layers) as LayerDto[],
    overrides: overrides.filter((o) => o.schedule_id === row.id).map(toOverrideDto),
    backupLag: row.backup_lag,
  };
}

/** A stale write: the client's version is behind. The answer carries the current schedule. */
function stale(current: ScheduleDto): Problem {
  const problem = new Problem(409, 'stale_version', `This schedule changed since you loaded it (now version ${current.version}); nothing was saved`, [
    { field: 'version', problem: `is ${current.version} now` },
  ]);
  problem.details = { current };
  return problem;
}

const iso = (ms: number) => toIsoUtc(epochMs(ms));
const span = <T extends { start: number; end: number }>(item: T) => ({ ...item, start: iso(item.start), end: iso(item.end) });

/**
 * A stored schedule that the rules refuse (written before a rule existed, or by hand) cannot be
 * resolved; its reads answer this 409 naming the fields to repair instead of failing deep in the
 * engine. The schedule itself still loads, so the calendar can show the problems and edit it.
 */
function unresolvable(fields: Array<{ field: string; problem: string }>): Problem {
  return new Problem(409, 'invalid_schedule', `This schedule cannot be resolved until it is repaired: ${fields.map((f) => `${f.field} ${f.problem}`).join('; ')}`, fields);
}

/** The primary lane and, when the schedule has one, the backup lane; 409 `invalid_schedule` when the stored schedule breaks a rule. */
export function lanes(dto: ScheduleDto): { primary: Schedule; backup: Schedule | null } {
  const problems = scheduleProblems(dto);
  if (problems.length > 0) throw unresolvable(problems);
  const primary = toDomainSchedule(dto);
  return { primary, backup: dto.backupLag === null ? null : backupSchedule(primary, dto.backupLag) };
}

/** The first instant after `at` when the person on call changes (bounded look-ahead of 35 days). */
function onCallUntil(schedule: Schedule, at: EpochMs): string | null {
  const window = { start: at, end: epochMs(at + 35 * 86_400_000) };
  const first = resolveSegments(schedule, window).segments[0];
  return first && first.start <= at && first.end < window.end ? iso(first.end) : null;
}

function quietOf(user: UserRow | undefined) {
  const start = user?.quiet_start ? parseLocalTime(user.quiet_start) : undefined;
  const end = user?.quiet_end ? parseLocalTime(user.quiet_end) : undefined;
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}

export type ScheduleService = ReturnType<typeof createScheduleService>;

export function createScheduleService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock }) {
  const { handle, writes, clock } = deps;

  async function load(db: Kysely<Database>, id: string): Promise<{ row: ScheduleRow; dto: ScheduleDto }> {
    const row = await schedulesRepository.findById(db, id);
    if (!row) throw Problem.notFound(`schedule ${id}`);
    return { row, dto: toScheduleDto(row, await schedulesRepository.overridesOf(db, [id])) };
  }

  async function teamMembers(db: Kysely<Database>, teamId: string): Promise<Set<string>> {
    return new Set((await teamsRepository.members(db, [teamId])).map((m) => m.user_id));
  }

  function mayEdit(caller: Caller, teamId: string): void {
    const principal = principalOf(caller);
    if (!principal || !canEditTeamResource(principal, teamId)) throw new Problem(403, 'forbidden', "Only an admin or a manager of this schedule's team may change it");
  }

  /**
   * Who may be put on call: members of the team whose role lets them act on incidents. A viewer
   * cannot acknowledge a page, so a shift of theirs would only ever escalate past them.
   */
  async function onCallProblem(db: Kysely<Database>, teamId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    const roles = new Map((await teamsRepository.membersWithRoles(db, teamId)).map((m) => [m.userId, m.role]));
    const problems = new Map<string, string>();
    for (const userId of userIds) {
      const role = roles.get(userId);
      if (role === undefined) problems.set(userId, "is not a member of the schedule's team");
      else if (!isRole(role) || !roleAllows(role, 'incident:act')) problems.set(userId, 'is a viewer, who cannot acknowledge pages: give them the responder role first');
    }
    return problems;
  }

  async function checkParticipants(db: Kysely<Database>, teamId: string, layers: readonly LayerDto[]): Promise<void> {
    const problems = await onCallProblem(db, teamId, layers.flatMap((layer) => layer.participants));
    const fields = layers.flatMap((layer, l) =>
      layer.participants.flatMap((userId, p) => {
        const problem = problems.get(userId);
        return problem ? [{ field: `layers[${l}].participants[${p}]`, problem }] : [];
      }),
    );
    if (fields.length > 0) throw new Problem(400, 'invalid_request', `${fields[0]!.field} ${fields[0]!.problem}`, fields);
  }

  /**
   * Who may place, move or remove an override for whom: managers of the team (and admins) for
   * anyone; a responder only for themselves (covering a shift). Who can be put on call at all is
   * `checkAssignee`'s question; an override of someone who has since left the team can still go.
   */
  function checkOverride(caller: Caller, row: ScheduleRow, userId: string): void {
    const principal = principalOf(caller);
    if (!principal) throw new Problem(401, 'unauthenticated', 'Sign in first');
    if (!canEditTeamResource(principal, row.team_id) && userId !== principal.userId) {
      throw new Problem(403, 'forbidden', 'You may only put yourself on call; ask a manager of the team to override someone else', [{ field: 'userId', problem: 'is not you' }]);
    }
  }

  /** The person an override puts on call must be a member of the team who can answer (see `onCallProblem`). */
  async function checkAssignee(db: Kysely<Database>, row: ScheduleRow, userId: string): Promise<void> {
    const problem = (await onCallProblem(db, row.team_id, [userId])).get(userId);
    if (problem) throw new Problem(400, 'invalid_request', `userId ${problem}`, [{ field: 'userId', problem }]);
  }

  /** Bumps the version or fails with 409 carrying the fresh state. */
  async function bump(db: Kysely<Database>, row: ScheduleRow, expected: number, patch: Partial<ScheduleRow>): Promise<void> {
    if (row.version !== expected || !(await schedulesRepository.updateIfVersion(db, row.id, expected, { ...patch, updated_at: clock.now() }))) {
      throw stale((await load(db, row.id)).dto);
    }
  }

  return {
    async list(): Promise<ScheduleDto[]> {
      const rows = await schedulesRepository.list(handle.db);
      const overrides = await schedulesRepository.overridesOf(handle.db, rows.map((r) => r.id));
      return rows.map((row) => toScheduleDto(row, overrides));
    },

    async get(id: string): Promise<ScheduleDto> {
      return (await load(handle.db, id)).dto;
    },

    /** The final segments, gaps, each layer's lane and the effective overrides, plus the backup lane. */
    async segments(id: string, from: number, to: number) {
      const { dto } = await load(handle.db, id);
      const window = { start: epochMs(from), end: epochMs(to) };
      const { primary, backup } = lanes(dto);
      const resolved = resolveSegments(primary, window);
      const backupResolved = backup ? resolveSegments(backup, window) : null;
      return {
        window: { start: iso(from), end: iso(to) },
        zone: dto.zone,
        primary: {
          segments: resolved.segments.map(span),
          gaps: resolved.gaps.map(span),
          layers: resolved.layers.map((layer) => ({ layerId: layer.layerId, segments: layer.segments.map(span) })),
          overrides: resolved.overrides.map(span),
        },
        backup: backupResolved ? { segments: backupResolved.segments.map(span), gaps: backupResolved.gaps.map(span) } : null,
      };
    },

    async onCall(id: string, at: number) {
      const { dto } = await load(handle.db, id);
      const { primary, backup } = lanes(dto);
      const instant = epochMs(at);
      const who = (schedule: Schedule | null) => {
        if (!schedule) return null;
        const userId = onCallAt(schedule, instant);
        return userId ? { userId, until: onCallUntil(schedule, instant) } : null;
      };
      return { at: iso(at), primary: who(primary), backup: who(backup) };
    },

    /** Who is primary and backup on every schedule now, until when, and whether they are in quiet hours. */
    async onCallNow(): Promise<OnCallEntryDto[]> {
      const now = clock.now();
      const [rows, users] = await Promise.all([schedulesRepository.list(handle.db), usersRepository.list(handle.db)]);
      const overrides = await schedulesRepository.overridesOf(handle.db, rows.map((r) => r.id));
      const byId = new Map(users.map((u) => [u.id, u]));
      const who = (schedule: Schedule | null) => {
        if (!schedule) return null;
        const userId = onCallAt(schedule, now);
        if (!userId) return null;
        const user = byId.get(userId);
        const quiet = quietOf(user);
        return { userId, name: user?.name ?? userId, until: onCallUntil(schedule, now), inQuietHours: quiet && user ? isInQuietHours(quiet, user.time_zone, now) : false };
      };
      return rows.map((row): OnCallEntryDto => {
        const base = { scheduleId: row.id, name: row.name, zone: row.zone, teamId: row.team_id };
        try {
          const { primary, backup } = lanes(toScheduleDto(row, overrides));
          return { ...base, primary: who(primary), backup: who(backup), error: null };
        } catch (error) {
          // One broken schedule is reported in its own entry; every other schedule is still answered.
          const known = error instanceof Problem && error.fields !== undefined;
          const fields = known ? error.fields! : [{ field: 'layers', problem: 'could not be resolved' }];
          return { ...base, primary: null, backup: null, error: { code: 'invalid_schedule', message: known ? error.message : 'This schedule cannot be resolved', fields } };
        }
      });
    },

    /** A secret, revocable iCalendar feed of one schedule's shifts or of one person's shifts. */
    async createFeed(caller: Caller, kind: 'schedule' | 'person', targetId: string): Promise<CreatedFeedDto> {
      if (kind === 'schedule') await load(handle.db, targetId);
      const token = newSecret();
      const id = randomUUID();
      await writes.run(async (ctx) => {
        const at = clock.now();
        await ctx.trx.insertInto('calendar_feeds').values({ id, token_hash: hashSecret(token), kind, target_id: targetId, owner_id: caller.userId!, created_at: at, revoked_at: null }).execute();
        await audit(ctx.trx, { at, caller, action: 'calendar_feed.created', targetType: kind, targetId });
      });
      return { id, url: `/api/v1/feeds/${token}.ics` };
    },

    async listFeeds(caller: Caller): Promise<CalendarFeedDto[]> {
      const rows = await handle.db.selectFrom('calendar_feeds').selectAll().where('owner_id', '=', caller.userId!).orderBy('created_at', 'desc').execute();
      return rows.map((row) => ({ id: row.id, kind: row.kind === 'schedule' ? 'schedule' : 'person', targetId: row.target_id, createdAt: iso(row.created_at), revokedAt: row.revoked_at === null ? null : iso(row.revoked_at) }));
    },

    async revokeFeed(caller: Caller, id: string): Promise<void> {
      await writes.run(async (ctx) => {
        const row = await ctx.trx.selectFrom('calendar_feeds').selectAll().where('id', '=', id).where('owner_id', '=', caller.userId!).executeTakeFirst();
        if (!row) throw Problem.notFound('calendar feed');
        if (row.revoked_at !== null) throw Problem.conflict('this feed is already revoked');
        const at = clock.now();
        await ctx.trx.updateTable('calendar_feeds').set({ revoked_at: at }).where('id', '=', id).execute();
        await audit(ctx.trx, { at, caller, action: 'calendar_feed.revoked', targetType: row.kind, targetId: row.target_id });
      });
    },

    /** The feed's calendar: shifts from two weeks ago to twelve weeks ahead. Unknown or revoked: 404. */
    async renderFeed(token: string): Promise<string> {
      const feed = await handle.db.selectFrom('calendar_feeds').selectAll().where('token_hash', '=', hashSecret(token)).executeTakeFirst();
      if (!feed || feed.revoked_at !== null) throw Problem.notFound('calendar feed');
      const now = clock.now();
      const window = { start: epochMs(now - 14 * 86_400_000), end: epochMs(now + 84 * 86_400_000) };
      const users = new Map((await usersRepository.list(handle.db)).map((u) => [u.id, u.name]));
      const rows = feed.kind === 'schedule' ? [(await load(handle.db, feed.target_id)).row] : await schedulesRepository.list(handle.db);
      const overrides = await schedulesRepository.overridesOf(handle.db, rows.map((r) => r.id));
      const events: CalendarEvent[] = [];
      for (const row of rows) {
        const dto = toScheduleDto(row, overrides);
        // A schedule that cannot be resolved contributes no shifts rather than breaking the feed.
        if (scheduleProblems(dto).length > 0) continue;
        const { primary, backup } = lanes(dto);
        const add = (segments: ReadonlyArray<{ start: number; end: number; userId: string }>, role: 'primary' | 'backup') => {
          for (const segment of segments) {
            if (feed.kind === 'person' && segment.userId !== feed.target_id) continue;
            const who = users.get(segment.userId) ?? segment.userId;
            events.push({
              uid: `${row.id}-${role}-${segment.start}-${segment.userId}@firewatch`,
              start: segment.start,
              end: segment.end,
              summary: feed.kind === 'person' ? `On call (${role}): ${dto.name}` : `${role === 'primary' ? 'Primary' : 'Backup'}: ${who}`,
              description: `${dto.name} · ${role} · ${who}`,
            });
          }
        };
        add(resolveSegments(primary, window).segments, 'primary');
        if (backup) add(resolveSegments(backup, window).segments, 'backup');
      }
      const name = feed.kind === 'schedule' ? `On call: ${rows[0]!.name}` : `My on-call shifts (${users.get(feed.target_id) ?? ''})`;
      return renderCalendar(name, events.sort((a, b) => a.start - b.start), now);
    },

    /** On-call, night and weekend hours per team member over the window, primary and backup counted. */
    async fairness(id: string, from: number, to: number) {
      const { dto } = await load(handle.db, id);
      const window = { start: epochMs(from), end: epochMs(to) };
      const { primary, backup } = lanes(dto);
      const primarySegments = resolveSegments(primary, window).segments;
      const segments = [...primarySegments, ...(backup ? resolveSegments(backup, window).segments : [])];
      const members = await teamMembers(handle.db, dto.teamId);
      // Viewers are never on call, so a row of zeros for them would only skew the mean and flag them.
      const users = (await usersRepository.list(handle.db)).filter((u) => members.has(u.id) && isRole(u.role) && roleAllows(u.role, 'incident:act'));
      const byPerson = users.map((u) => ({ id: u.id, zone: u.time_zone }));
      // Being backup is on-call time too (the guide's rotation alternates the two), so both count;
      // the primary share is reported beside it.
      const primaryReport = fairness(primarySegments, byPerson, window);
      const combined = fairness(segments, byPerson, window);
      const names = new Map(users.map((u) => [u.id, u.name]));
      return {
        window: { start: iso(from), end: iso(to) },
        meanHours: combined.meanHours,
        people: combined.people.map((row, index) => ({ ...row, name: names.get(row.userId) ?? row.userId, primaryHours: primaryReport.people[index]!.onCallHours })),
      };
    },

    async create(caller: Caller, body: z.infer<typeof createScheduleBodySchema>): Promise<ScheduleDto> {
      return writes.run(async (ctx) => {
        if (!(await teamsRepository.findById(ctx.trx, body.teamId))) throw new Problem(400, 'invalid_request', 'teamId names no team', [{ field: 'teamId', problem: 'names no team' }]);
        mayEdit(caller, body.teamId);
        await checkParticipants(ctx.trx, body.teamId, body.layers);
        const at = clock.now();
        const row: ScheduleRow = { id: randomUUID(), name: body.name, team_id: body.teamId, zone: body.zone, layers: JSON.stringify(body.layers), version: 1, backup_lag: body.backupLag, created_at: at, updated_at: at };
        await schedulesRepository.insert(ctx.trx, row);
        const dto = toScheduleDto(row, []);
        await audit(ctx.trx, { at, caller, action: 'schedule.created', targetType: 'schedule', targetId: row.id, after: dto });
        return dto;
      });
    },

    async update(caller: Caller, id: string, body: z.infer<typeof updateScheduleBodySchema>): Promise<ScheduleDto> {
      return writes.run(async (ctx) => {
        const { row, dto: before } = await load(ctx.trx, id);
        mayEdit(caller, row.team_id);
        if (body.layers) await checkParticipants(ctx.trx, row.team_id, body.layers);
        await bump(ctx.trx, row, body.version, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.zone !== undefined ? { zone: body.zone } : {}),
          ...(body.layers !== undefined ? { layers: JSON.stringify(body.layers) } : {}),
          ...(body.backupLag !== undefined ? { backup_lag: body.backupLag } : {}),
        });
        const after = (await load(ctx.trx, id)).dto;
        await audit(ctx.trx, { at: clock.now(), caller, action: 'schedule.updated', targetType: 'schedule', targetId: id, before, after });
        return after;
      });
    },

    /** Deletes a schedule with its overrides and feeds; like every write it names the version it saw. */
    async remove(caller: Caller, id: string, version: number): Promise<void> {
      await writes.run(async (ctx) => {
        const { row, dto } = await load(ctx.trx, id);
        mayEdit(caller, row.team_id);
        await bump(ctx.trx, row, version, {});
        await ctx.trx.deleteFrom('schedule_overrides').where('schedule_id', '=', id).execute();
        await ctx.trx.updateTable('calendar_feeds').set({ revoked_at: clock.now() }).where('kind', '=', 'schedule').where('target_id', '=', id).where('revoked_at', 'is', null).execute();
        await ctx.trx.deleteFrom('schedules').where('id', '=', id).execute();
        await audit(ctx.trx, { at: clock.now(), caller, action: 'schedule.deleted', targetType: 'schedule', targetId: id, before: dto });
      });
    },

    async addOverride(caller: Caller, id: string, body: { version: number; userId: string; start: string; end: string }): Promise<ScheduleDto> {
      return writes.run(async (ctx) => {
        const { row } = await load(ctx.trx, id);
        checkOverride(caller, row, body.userId);
        await checkAssignee(ctx.trx, row, body.userId);
        await bump(ctx.trx, row, body.version, {});
        const at = clock.now();
        const override: OverrideRow = { id: randomUUID(), schedule_id: id, user_id: body.userId, start_at: Date.parse(body.start), end_at: Date.parse(body.end), created_by: caller.userId, created_at: at };
        await schedulesRepository.insertOverride(ctx.trx, override);
        await audit(ctx.trx, { at, caller, action: 'schedule.override_created', targetType: 'schedule', targetId: id, after: toOverrideDto(override) });
        return (await load(ctx.trx, id)).dto;
      });
    },

    async moveOverride(caller: Caller, id: string, overrideId: string, body: { version: number; userId: string; start: string; end: string }): Promise<ScheduleDto> {
      return writes.run(async (ctx) => {
        const { row } = await load(ctx.trx, id);
        const existing = await schedulesRepository.findOverride(ctx.trx, id, overrideId);
        if (!existing) throw Problem.notFound(`override ${overrideId}`);
        checkOverride(caller, row, existing.user_id);
        checkOverride(caller, row, body.userId);
        await checkAssignee(ctx.trx, row, body.userId);
        await bump(ctx.trx, row, body.version, {});
        await schedulesRepository.updateOverride(ctx.trx, overrideId, { user_id: body.userId, start_at: Date.parse(body.start), end_at: Date.parse(body.end) });
        const after = (await schedulesRepository.findOverride(ctx.trx, id, overrideId))!;
        await audit(ctx.trx, { at: clock.now(), caller, action: 'schedule.override_changed', targetType: 'schedule', targetId: id, before: toOverrideDto(existing), after: toOverrideDto(after) });
        return (await load(ctx.trx, id)).dto;
      });
    },

    async removeOverride(caller: Caller, id: string, overrideId: string, version: number): Promise<ScheduleDto> {
      return writes.run(async (ctx) => {
        const { row } = await load(ctx.trx, id);
        const existing = await schedulesRepository.findOverride(ctx.trx, id, overrideId);
        if (!existing) throw Problem.notFound(`override ${overrideId}`);
        checkOverride(caller, row, existing.user_id);
        await bump(ctx.trx, row, version, {});
        await schedulesRepository.deleteOverride(ctx.trx, overrideId);
        await audit(ctx.trx, { at: clock.now(), caller, action: 'schedule.override_removed', targetType: 'schedule', targetId: id, before: toOverrideDto(existing) });
        return (await load(ctx.trx, id)).dto;
      });
    },
  };
}

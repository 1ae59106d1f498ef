import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { MaintenanceWindowDto, createMaintenanceWindowBodySchema } from '../../contracts/escalation';
import type { EpochMs } from '../../domain/time/instant';
import { DAY_MS, MINUTE_MS, epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteQueue } from '../db/write-queue';
import type { MaintenanceWindowRow } from '../repositories/maintenance-windows-repository';
import { maintenanceWindowsRepository } from '../repositories/maintenance-windows-repository';
import type { Caller } from './caller';
import { audit, timelineActor } from './caller';
import type { Clock } from './clock';
import { appendEvent } from './event-log';
import { Problem } from './problem';
import { mustEditService, mustFindService } from './service-access';

/** A window pages nobody for its whole length, so it is kept short: a forgotten one must not silence a service for long. */
export const MAINTENANCE_MAX_MS = 7 * DAY_MS;
/** A start this little before the server's now is the client's clock lagging, and is taken as now. */
const START_SKEW_MS = MINUTE_MS;

export function toMaintenanceWindowDto(row: MaintenanceWindowRow): MaintenanceWindowDto {
  return {
    id: row.id,
    serviceId: row.service_id,
    start: toIsoUtc(epochMs(row.start_at)),
    end: toIsoUtc(epochMs(row.end_at)),
    reason: row.reason,
    createdBy: row.created_by,
    endedEarlyAt: row.ended_early_at === null ? null : toIsoUtc(epochMs(row.ended_early_at)),
  };
}

/** The window the service is in at `at`, if any: the runner asks when an incident opens (it then pages nobody). */
export async function activeWindow(db: Kysely<Database>, serviceId: string, at: EpochMs): Promise<MaintenanceWindowRow | undefined> {
  return maintenanceWindowsRepository.activeAt(db, serviceId, at);
}

/** When a window stops holding pages: its planned end, or when it was ended early. */
function effectiveEnd(row: MaintenanceWindowRow): number {
  return row.ended_early_at === null ? row.end_at : Math.min(row.end_at, row.ended_early_at);
}

type CreateBody = z.infer<typeof createMaintenanceWindowBodySchema>;

/** The instants of a new window, or a 400 naming `start` or `end`. */
export function windowProblems(start: number, end: number, now: number): Array<{ field: string; problem: string }> {
  const problems: Array<{ field: string; problem: string }> = [];
  if (start < now - START_SKEW_MS) problems.push({ field: 'start', problem: 'must not be in the past (leave it out to start now)' });
  if (end <= start) problems.push({ field: 'end', problem: 'must be after start' });
  else if (end <= now) problems.push({ field: 'end', problem: 'must be in the future' });
  else if (end - start > MAINTENANCE_MAX_MS) problems.push({ field: 'end', problem: 'must be at most 7 days after start' });
  return problems;
}

export type MaintenanceService = ReturnType<typeof createMaintenanceService>;

export function createMaintenanceService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock }) {
  const { handle, writes, clock } = deps;


  return {
    /** Current and upcoming windows (by start), then the last 20 finished ones (most recent first). */
    async list(serviceId: string): Promise<MaintenanceWindowDto[]> {
      await mustFindService(handle.db, serviceId);
      return (await maintenanceWindowsRepository.listForService(handle.db, serviceId, clock.now())).map(toMaintenanceWindowDto);
    },

    async create(caller: Caller, serviceId: string, body: CreateBody): Promise<MaintenanceWindowDto> {
      return writes.run(async (ctx) => {
        const service = await mustFindService(ctx.trx, serviceId);
        mustEditService(caller, service, 'plan or end its maintenance windows');
        const now = clock.now();
        const requested = body.start === undefined ? now : Date.parse(body.start);
        const end = Date.parse(body.end);
        const problems = windowProblems(requested, end, now);
        if (problems.length > 0) throw new Problem(400, 'invalid_request', problems.map((p) => `${p.field} ${p.problem}`).join('; '), problems);
        const row: MaintenanceWindowRow = {
          id: randomUUID(),
          service_id: serviceId,
          start_at: Math.max(requested, now),
          end_at: end,
          reason: body.reason,
          created_by: caller.userId ?? caller.name,
          created_at: now,
          ended_early_at: null,
        };
        await maintenanceWindowsRepository.insert(ctx.trx, row);
        const dto = toMaintenanceWindowDto(row);
        await audit(ctx.trx, { at: now, caller, action: 'maintenance_window.created', targetType: 'service', targetId: serviceId, after: dto });
        await appendEvent(ctx, { at: now, kind: 'maintenance.started', incidentId: null, serviceId, actor: timelineActor(caller), data: { windowId: row.id, end: dto.end, reason: row.reason } });
        return dto;
      });
    },

    /** Ends a current window now, or cancels an upcoming one; 409 when it is already over. */
    async endEarly(caller: Caller, serviceId: string, windowId: string): Promise<MaintenanceWindowDto> {
      return writes.run(async (ctx) => {
        const service = await mustFindService(ctx.trx, serviceId);
        mustEditService(caller, service, 'plan or end its maintenance windows');
        const row = await maintenanceWindowsRepository.findById(ctx.trx, serviceId, windowId);
        if (!row) throw Problem.notFound(`maintenance window ${windowId}`);
        const now = clock.now();
        if (effectiveEnd(row) <= now) throw Problem.conflict('This maintenance window is already over');
        await maintenanceWindowsRepository.endEarly(ctx.trx, windowId, now);
        const after = toMaintenanceWindowDto({ ...row, ended_early_at: now });
        await audit(ctx.trx, { at: now, caller, action: 'maintenance_window.ended', targetType: 'service', targetId: serviceId, before: toMaintenanceWindowDto(row), after });
        await appendEvent(ctx, { at: now, kind: 'maintenance.ended', incidentId: null, serviceId, actor: timelineActor(caller), data: { windowId, early: true } });
        return after;
      });
    },
  };
}

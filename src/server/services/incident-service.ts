import type { Kysely } from 'kysely';
import type { Actor } from '../../contracts/common';
import type { IncidentAlertDto, IncidentDto, PatchIncidentBody } from '../../contracts/incidents';
import type { RecordedEventBody, TimelineEventDto } from '../../contracts/timeline-events';
import { TIMELINE_ORDER, incidentListOrder } from '../../contracts/incidents';
import { decodeCursor, encodeCursor } from '../../contracts/pagination';
import { canAcknowledge, canResolve, formatIncidentId } from '../../domain/incident/lifecycle';
import type { PagingState, Phase } from '../../domain/incident/lifecycle';
import type { Severity } from '../../domain/incident/severity';
import type { AckMethod } from '../../domain/escalation/model';
import { utcYear } from '../../domain/time/instant';
import type { EpochMs } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import { eventsRepository } from '../repositories/events-repository';
import { NOT_PAGED, incidentsRepository } from '../repositories/incidents-repository';
import type { IncidentFilter, IncidentRow } from '../repositories/incidents-repository';
import { servicesRepository } from '../repositories/services-repository';
import type { Clock } from './clock';
import type { PagingHooks } from './paging-hooks';
import { ackMethodOf } from './paging-hooks';
import type { Caller } from './caller';
import { audit, timelineActor } from './caller';
import { appendEvent } from './event-log';
import { toIncidentAlertDto, toIncidentDto, toTimelineEventDto } from './mappers';
import { badCursor } from './paging';
import { Problem } from './problem';
import { runbookRunsRepository } from '../repositories/runbook-runs-repository';
import { runbookProgressOf } from './runbook-progress';

async function serviceNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await servicesRepository.list(db);
  return new Map(rows.map((row) => [row.id, row.name]));
}

async function serviceName(db: Kysely<Database>, serviceId: string): Promise<string> {
  return (await servicesRepository.findById(db, serviceId))?.name ?? serviceId;
}

/** Loads an incident inside a write, or fails with 404. */
async function mustFind(db: Kysely<Database>, id: string): Promise<IncidentRow> {
  const row = await incidentsRepository.findById(db, id);
  if (!row) throw Problem.notFound(`incident ${id}`);
  return row;
}

/** Applies the resolve transition to a row; shared by people resolving and monitoring resolving. */
export async function resolveIncident(ctx: WriteContext, row: IncidentRow, at: number, actor: Actor, name: string, paging: PagingHooks): Promise<IncidentRow> {
  await paging.resolved(ctx, row, at as EpochMs);
  // Its runbook runs close with it: no more ticks, and no time box runs over afterwards.
  await runbookRunsRepository.closeForIncident(ctx.trx, row.id, at);
  const resolved: IncidentRow = { ...row, state: 'resolved', phase: 'resolved', resolved_at: at, open_dedup: null };
  await incidentsRepository.update(ctx.trx, row.id, { state: 'resolved', phase: 'resolved', resolved_at: at, open_dedup: null });
  await incidentsRepository.resolveAllAlerts(ctx.trx, row.id, at);
  await appendEvent(
    ctx,
    { at, kind: 'incident.resolved', incidentId: row.id, serviceId: row.service_id, actor, data: { previousState: row.state as PagingState, previousPhase: row.phase as Phase } },
    { incident: toIncidentDto(resolved, name) },
  );
  return resolved;
}

/** Acknowledges and stops the escalation in the same transaction; `by` (a person's id) and `how` are kept for the metrics. */
export async function acknowledgeIncident(
  ctx: WriteContext,
  row: IncidentRow,
  at: number,
  actor: Actor,
  name: string,
  paging: PagingHooks,
  ack: { by: string | null; how: AckMethod },
): Promise<IncidentRow> {
  await paging.acknowledged(ctx, row, at as EpochMs, ack.by, ack.how);
  // Acknowledged again after escalating again: the first acknowledgement stays the one MTTA counts.
  const acknowledgedAt = row.acknowledged_at ?? at;
  const acknowledged: IncidentRow = { ...row, state: 'acknowledged', acknowledged_at: acknowledgedAt, acknowledged_by: ack.by, acknowledged_how: ack.how };
  await incidentsRepository.update(ctx.trx, row.id, { state: 'acknowledged', acknowledged_at: acknowledgedAt, acknowledged_by: ack.by, acknowledged_how: ack.how });
  await appendEvent(
    ctx,
    { at, kind: 'incident.acknowledged', incidentId: row.id, serviceId: row.service_id, actor, data: { how: ack.how, by: ack.by } },
    { incident: toIncidentDto(acknowledged, name) },
  );
  return acknowledged;
}

/** Numbers a new incident: INC-<UTC year>-<sequence of that year>. */
export async function allocateIncidentId(db: Kysely<Database>, at: number): Promise<{ id: string; year: number; number: number }> {
  const year = utcYear(at as never);
  const number = await incidentsRepository.nextNumber(db, year);
  return { id: formatIncidentId({ year, number }), year, number };
}

export type DeclareInput = { title: string; serviceId: string; severity: Severity; commander?: string | undefined };

/**
 * Declares an incident inside the caller's unit of work: numbered, on the timeline, paging the
 * service's policy, audit-logged. People declaring and "escalate to a team" from a runbook share it.
 */
export async function declareIncident(ctx: WriteContext, input: DeclareInput, caller: Caller, at: number, paging: PagingHooks): Promise<{ row: IncidentRow; dto: IncidentDto }> {
  const actor = timelineActor(caller);
  const service = await servicesRepository.findById(ctx.trx, input.serviceId);
  if (!service) throw new Problem(400, 'invalid_request', 'serviceId names no service', [{ field: 'serviceId', problem: 'names no service' }]);
  const { id, year, number } = await allocateIncidentId(ctx.trx, at);
  const row: IncidentRow = {
    id,
    year,
    number,
    service_id: service.id,
    title: input.title,
    severity: input.severity,
    state: 'triggered',
    phase: 'investigating',
    triggered_at: at,
    acknowledged_at: null,
    resolved_at: null,
    alert_count: 0,
    last_alert_at: null,
    last_status_update_at: null,
    commander: input.commander ?? null,
    scribe: null,
    source: 'manual',
    dedup_key: null,
    open_dedup: null,
    links: '[]',
    details: '{}',
    ...NOT_PAGED,
  };
  await incidentsRepository.insert(ctx.trx, row);
  const dto = toIncidentDto(row, service.name, null);
  await appendEvent(
    ctx,
    { at, kind: 'incident.declared', incidentId: id, serviceId: service.id, actor, data: { title: row.title, severity: input.severity, commander: row.commander } },
    { incident: dto },
  );
  const paged = await paging.incidentOpened(ctx, row, at as EpochMs);
  await audit(ctx.trx, { at, caller, action: 'incident.declared', targetType: 'incident', targetId: id, after: { title: row.title, severity: row.severity, serviceId: row.service_id } });
  return { row: paged, dto };
}

export type IncidentService = ReturnType<typeof createIncidentService>;

export function createIncidentService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; paging: PagingHooks }) {
  const { handle, writes, clock, paging } = deps;

  return {
    /** One page of incidents in the list's order (`incidentListOrder`), and the cursor of the next page. */
    async list(filter: Omit<IncidentFilter, 'after'> & { cursor?: string | undefined }): Promise<{ items: IncidentDto[]; nextCursor: string | null }> {
      const order = incidentListOrder(filter.state);
      const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, order.name, order.shape);
      if (filter.cursor !== undefined && !after) throw badCursor();
      // One row more than asked tells whether another page follows.
      const [rows, names] = await Promise.all([incidentsRepository.list(handle.db, { ...filter, after, limit: filter.limit + 1 }), serviceNames(handle.db)]);
      const page = rows.slice(0, filter.limit);
      const last = page[page.length - 1];
      const nextCursor = rows.length > filter.limit && last ? encodeCursor(order.name, order.keyOf({ severity: last.severity, triggeredAt: last.triggered_at, id: last.id })) : null;
      // One more query for the whole page, never one per incident.
      const progress = await runbookProgressOf(handle.db, page.map((row) => row.id));
      return { items: page.map((row) => toIncidentDto(row, names.get(row.service_id) ?? row.service_id, progress.get(row.id) ?? null)), nextCursor };
    },

    async get(id: string): Promise<IncidentDto> {
      const row = await mustFind(handle.db, id);
      const progress = await runbookProgressOf(handle.db, [row.id]);
      return toIncidentDto(row, await serviceName(handle.db, row.service_id), progress.get(row.id) ?? null);
    },

    /** One page of the incident's timeline, oldest first, and the cursor of the next page. */
    async timeline(id: string, query: { limit: number; cursor?: string | undefined }): Promise<{ items: TimelineEventDto[]; nextCursor: string | null }> {
      await mustFind(handle.db, id);
      const after = query.cursor === undefined ? [0] : decodeCursor(query.cursor, TIMELINE_ORDER.name, TIMELINE_ORDER.shape);
      if (!after) throw badCursor();
      const rows = await eventsRepository.forIncident(handle.db, id, { afterSeq: Number(after[0]), limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { items: page.map(toTimelineEventDto), nextCursor: rows.length > query.limit && last ? encodeCursor(TIMELINE_ORDER.name, [last.seq]) : null };
    },

    async alerts(id: string): Promise<IncidentAlertDto[]> {
      await mustFind(handle.db, id);
      return (await incidentsRepository.alertsFor(handle.db, id)).map(toIncidentAlertDto);
    },

    async declare(input: DeclareInput, caller: Caller): Promise<IncidentDto> {
      return writes.run(async (ctx) => (await declareIncident(ctx, input, caller, clock.now(), paging)).dto);
    },

    async acknowledge(id: string, caller: Caller): Promise<IncidentDto> {
      return writes.run(async (ctx) => {
        const actor = timelineActor(caller);
        const row = await mustFind(ctx.trx, id);
        const name = await serviceName(ctx.trx, row.service_id);
        const check = canAcknowledge(row.state as never);
        if (!check.ok) throw Problem.conflict(`cannot acknowledge: ${check.reason}`, 'state');
        if (!check.changed) return toIncidentDto(row, name);
        await audit(ctx.trx, { at: clock.now(), caller, action: 'incident.acknowledged', targetType: 'incident', targetId: id, before: { state: row.state }, after: { state: 'acknowledged' } });
        return toIncidentDto(await acknowledgeIncident(ctx, row, clock.now(), actor, name, paging, { by: caller.userId, how: ackMethodOf(caller.via) }), name);
      });
    },

    async resolve(id: string, caller: Caller): Promise<IncidentDto> {
      return writes.run(async (ctx) => {
        const actor = timelineActor(caller);
        const row = await mustFind(ctx.trx, id);
        const name = await serviceName(ctx.trx, row.service_id);
        if (!canResolve(row.state as never).ok || row.state === 'resolved') return toIncidentDto(row, name);
        await audit(ctx.trx, { at: clock.now(), caller, action: 'incident.resolved', targetType: 'incident', targetId: id, before: { state: row.state, phase: row.phase }, after: { state: 'resolved', phase: 'resolved' } });
        return toIncidentDto(await resolveIncident(ctx, row, clock.now(), actor, name, paging), name);
      });
    },

    async addNote(id: string, text: string, statusUpdate: boolean, caller: Caller): Promise<TimelineEventDto> {
      return writes.run(async (ctx) => {
        const actor = timelineActor(caller);
        const row = await mustFind(ctx.trx, id);
        const name = await serviceName(ctx.trx, row.service_id);
        const at = clock.now();
        let current = row;
        if (statusUpdate) {
          current = { ...row, last_status_update_at: at };
          await incidentsRepository.update(ctx.trx, id, { last_status_update_at: at });
        }
        await audit(ctx.trx, { at, caller, action: statusUpdate ? 'incident.status_update_posted' : 'incident.note_posted', targetType: 'incident', targetId: id, after: { text } });
        return appendEvent(
          ctx,
          { at, incidentId: id, serviceId: row.service_id, actor, kind: statusUpdate ? 'incident.status_update' : 'incident.note', data: { text, phase: row.phase as Phase } },
          { incident: toIncidentDto(current, name) },
        );
      });
    },

    /** Applies each named change and records one timeline event per field that really changed. */
    async patch(id: string, body: PatchIncidentBody, caller: Caller): Promise<IncidentDto> {
      return writes.run(async (ctx) => {
        const actor = timelineActor(caller);
        let row = await mustFind(ctx.trx, id);
        const before = { title: row.title, severity: row.severity, phase: row.phase, commander: row.commander, scribe: row.scribe };
        const name = await serviceName(ctx.trx, row.service_id);
        const at = clock.now();
        const record = async (change: Partial<IncidentRow>, event: RecordedEventBody) => {
          row = { ...row, ...change };
          await incidentsRepository.update(ctx.trx, id, change);
          await appendEvent(ctx, { at, incidentId: id, serviceId: row.service_id, actor, ...event }, { incident: toIncidentDto(row, name) });
        };
        if (body.title !== undefined && body.title !== row.title) {
          await record({ title: body.title }, { kind: 'incident.title_changed', data: { from: row.title, to: body.title } });
        }
        if (body.severity !== undefined && body.severity !== row.severity) {
          await record({ severity: body.severity }, { kind: 'incident.severity_changed', data: { from: row.severity as Severity, to: body.severity } });
        }
        if (body.phase !== undefined && body.phase !== row.phase) {
          if (row.state === 'resolved') throw Problem.conflict('the incident is resolved; its public phase can no longer change', 'phase');
          await record({ phase: body.phase }, { kind: 'incident.phase_changed', data: { from: row.phase as Phase, to: body.phase } });
        }
        for (const role of ['commander', 'scribe'] as const) {
          const next = body[role];
          if (next !== undefined && next !== row[role]) {
            await record({ [role]: next }, { kind: 'incident.role_changed', data: { role, from: row[role], to: next } });
          }
        }
        const after = { title: row.title, severity: row.severity, phase: row.phase, commander: row.commander, scribe: row.scribe };
        if (JSON.stringify(before) !== JSON.stringify(after)) await audit(ctx.trx, { at, caller, action: 'incident.updated', targetType: 'incident', targetId: id, before, after });
        return toIncidentDto(row, name);
      });
    },
  };
}

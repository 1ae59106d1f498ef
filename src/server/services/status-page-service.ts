import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ComponentDto, MaintenanceDto, PublicIncidentDto, PublicSummary } from '../../contracts/status-page';
import type { createComponentSchema, createMaintenanceSchema, postPublicUpdateSchema, publishIncidentSchema, updateComponentSchema } from '../../contracts/status-page';
import type { Phase } from '../../domain/incident/lifecycle';
import type { Severity } from '../../domain/incident/severity';
import type { ComponentStatus } from '../../domain/status-page/components';
import { impactOf } from '../../domain/status-page/components';
import { nextPublicUpdateDue } from '../../domain/status-page/cadence';
import { maintenanceStatusAt } from '../../domain/status-page/maintenance';
import { draftPublicMessage, draftPublicTitle } from '../../domain/status-page/templates';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import { incidentsRepository } from '../repositories/incidents-repository';
import { postmortemsRepository } from '../repositories/postmortems-repository';
import type { ComponentRow, MaintenanceRow, PublicIncidentRow } from '../repositories/status-page-repository';
import { statusPageRepository as repo } from '../repositories/status-page-repository';
import type { Caller } from './caller';
import { audit, timelineActor } from './caller';
import type { Clock } from './clock';
import { appendEvent, SYSTEM_ACTOR } from './event-log';
import { Problem } from './problem';

type Kysely = DatabaseHandle['db'];
const PHASES_ORDER: readonly Phase[] = ['investigating', 'identified', 'monitoring', 'resolved'];

function badField(field: string, problem: string): Problem {
  return new Problem(400, 'invalid_request', `${field} ${problem}`, [{ field, problem }]);
}

export type StatusPageDeps = { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; publicUrl: string; onChange?: () => void };

/**
 * The admin side of the status page: components (with their status history), public incidents
 * (publish and updates, kept apart from the internal incident) and scheduled maintenance. What
 * these write into the public tables is only what people typed for customers and component
 * states; the internal incident's notes, people and alerts stay out (the author is internal only).
 */
export function createStatusPageService(deps: StatusPageDeps) {
  const { handle, writes, clock } = deps;

  async function componentDtos(db: Kysely, rows: ComponentRow[]): Promise<ComponentDto[]> {
    const links = await repo.serviceLinks(db, rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      group: row.group_name,
      position: row.position,
      description: row.description,
      status: row.status as ComponentStatus,
      serviceIds: links.filter((link) => link.component_id === row.id).map((link) => link.service_id),
      updatedAt: toIsoUtc(epochMs(row.updated_at)),
    }));
  }

  async function requireServices(db: Kysely, serviceIds: readonly string[]): Promise<void> {
    if (serviceIds.length === 0) return;
    const found = new Set((await db.selectFrom('services').select('id').where('id', 'in', [...serviceIds]).execute()).map((row) => row.id));
    const index = serviceIds.findIndex((id) => !found.has(id));
    if (index >= 0) throw badField(`serviceIds[${index}]`, `names no service (${serviceIds[index]})`);
  }

  async function requireComponents(db: Kysely, ids: readonly string[], field: (index: number) => string): Promise<Map<string, ComponentRow>> {
    const rows = new Map((await repo.componentsByIds(db, ids)).map((row) => [row.id, row]));
    const index = ids.findIndex((id) => !rows.has(id));
    if (index >= 0) throw badField(field(index), `names no component (${ids[index]})`);
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) throw badField(field(i), 'names a component twice');
      seen.add(id);
    });
    return rows;
  }

  /** Sets a component's status: closes its open history span and opens one, with the event and audit row, in the caller's transaction. */
  async function changeComponentStatus(ctx: WriteContext, caller: Caller | null, row: ComponentRow, status: ComponentStatus, at: number): Promise<void> {
    if (row.status === status) return;
    await repo.updateComponent(ctx.trx, row.id, { status, updated_at: at });
    await repo.startSpan(ctx.trx, row.id, status, at);
    await appendEvent(ctx, {
      at,
      incidentId: null,
      serviceId: null,
      actor: caller ? timelineActor(caller) : SYSTEM_ACTOR,
      kind: 'status.component_changed',
      data: { componentId: row.id, name: row.name, from: row.status, to: status },
    });
    if (caller) await audit(ctx.trx, { at, caller, action: 'status.component_changed', targetType: 'status_component', targetId: row.id, before: { status: row.status }, after: { status } });
    row.status = status;
  }

  async function publicIncidentDtos(db: Kysely, rows: PublicIncidentRow[]): Promise<PublicIncidentDto[]> {
    const ids = rows.map((row) => row.id);
    const [links, updates] = await Promise.all([repo.incidentComponents(db, ids), repo.updates(db, ids)]);
    const components = new Map((await repo.componentsByIds(db, [...new Set(links.map((link) => link.component_id))])).map((row) => [row.id, row]));
    const authorIds = [...new Set(updates.map((u) => u.author_id).filter((id): id is string => id !== null))];
    const authors = new Map(authorIds.length === 0 ? [] : (await db.selectFrom('users').select(['id', 'name']).where('id', 'in', authorIds).execute()).map((u) => [u.id, u.name]));
    return rows.map((row) => ({
      id: row.id,
      incidentId: row.incident_id,
      title: row.title,
      impact: row.impact as PublicIncidentDto['impact'],
      phase: row.phase as Phase,
      components: links
        .filter((link) => link.public_incident_id === row.id)
        .map((link) => ({ componentId: link.component_id, status: link.status as ComponentStatus, name: components.get(link.component_id)?.name ?? link.component_id }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      updates: updates
        .filter((update) => update.public_incident_id === row.id)
        .map((update) => ({
          id: update.id,
          phase: update.phase as Phase,
          body: update.body,
          components: JSON.parse(update.components) as Array<{ componentId: string; status: ComponentStatus }>,
          createdAt: toIsoUtc(epochMs(update.created_at)),
          author: update.author_id === null ? null : (authors.get(update.author_id) ?? null),
        })),
      summary: row.summary === null ? null : (JSON.parse(row.summary) as PublicSummary),
      createdAt: toIsoUtc(epochMs(row.created_at)),
      updatedAt: toIsoUtc(epochMs(row.updated_at)),
      resolvedAt: row.resolved_at === null ? null : toIsoUtc(epochMs(row.resolved_at)),
      nextUpdateDueAt: row.next_update_due_at === null ? null : toIsoUtc(epochMs(row.next_update_due_at)),
      version: row.version,
    }));
  }

  async function incidentOrThrow(db: Kysely, incidentId: string) {
    const incident = await incidentsRepository.findById(db, incidentId);
    if (!incident) throw Problem.notFound(`Incident ${incidentId}`);
    return incident;
  }

  function maintenanceDto(row: MaintenanceRow, now: number): MaintenanceDto {
    return {
      id: row.id,
      title: row.title,
      body: row.body,
      componentIds: JSON.parse(row.component_ids) as string[],
      scheduledFor: toIsoUtc(epochMs(row.scheduled_for)),
      scheduledUntil: toIsoUtc(epochMs(row.scheduled_until)),
      status: maintenanceStatusAt({ scheduledFor: row.scheduled_for, scheduledUntil: row.scheduled_until, cancelledAt: row.cancelled_at }, now),
    };
  }

  /** Applies the component states an update names: the public incident's own list and the components themselves. */
  async function applyStates(ctx: WriteContext, caller: Caller, publicIncidentId: string, states: ReadonlyArray<{ componentId: string; status: ComponentStatus }>, rows: Map<string, ComponentRow>, at: number) {
    for (const state of states) {
      await repo.setIncidentComponent(ctx.trx, publicIncidentId, state.componentId, state.status);
      await changeComponentStatus(ctx, caller, rows.get(state.componentId)!, state.status, at);
    }
  }

  const service = {
    changeComponentStatus,

    async listComponents(): Promise<ComponentDto[]> {
      return componentDtos(handle.db, await repo.components(handle.db));
    },

    async createComponent(caller: Caller, input: z.infer<typeof createComponentSchema>): Promise<ComponentDto> {
      const serviceIds = [...new Set(input.serviceIds)];
      const id = await writes.run(async (ctx) => {
        await requireServices(ctx.trx, serviceIds);
        const nameKey = input.name.toLowerCase();
        if (await repo.componentByNameKey(ctx.trx, nameKey)) throw Problem.conflict(`A component named "${input.name}" exists already`, 'name');
        const at = clock.now();
        const group = input.group ?? null;
        const row: ComponentRow = {
          id: randomUUID(),
          name: input.name,
          name_key: nameKey,
          group_name: group,
          position: input.position ?? (await repo.nextPosition(ctx.trx, group)),
          description: input.description ?? null,
          status: input.status,
          created_at: at,
          updated_at: at,
        };
        await repo.insertComponent(ctx.trx, row);
        await repo.setServiceLinks(ctx.trx, row.id, serviceIds);
        await repo.startSpan(ctx.trx, row.id, row.status, at);
        await appendEvent(ctx, { at, incidentId: null, serviceId: null, actor: timelineActor(caller), kind: 'status.component_changed', data: { componentId: row.id, name: row.name, from: null, to: row.status } });
        await audit(ctx.trx, { at, caller, action: 'status.component_created', targetType: 'status_component', targetId: row.id, after: { ...input, serviceIds } });
        return row.id;
      });
      deps.onChange?.();
      return (await componentDtos(handle.db, await repo.componentsByIds(handle.db, [id])))[0]!;
    },

    async updateComponent(caller: Caller, id: string, input: z.infer<typeof updateComponentSchema>): Promise<ComponentDto> {
      await writes.run(async (ctx) => {
        const [row] = await repo.componentsByIds(ctx.trx, [id]);
        if (!row) throw Problem.notFound(`Component ${id}`);
        const before = { name: row.name, group: row.group_name, position: row.position, description: row.description, status: row.status };
        if (input.serviceIds) await requireServices(ctx.trx, input.serviceIds);
        const at = clock.now();
        const change: Partial<ComponentRow> = { updated_at: at };
        if (input.name !== undefined && input.name !== row.name) {
          const clash = await repo.componentByNameKey(ctx.trx, input.name.toLowerCase());
          if (clash && clash.id !== id) throw Problem.conflict(`A component named "${input.name}" exists already`, 'name');
          change.name = input.name;
          change.name_key = input.name.toLowerCase();
        }
        if (input.group !== undefined) change.group_name = input.group;
        if (input.description !== undefined) change.description = input.description;
        if (input.position !== undefined) change.position = input.position;
        else if (input.group !== undefined && input.group !== row.group_name) change.position = await repo.nextPosition(ctx.trx, input.group);
        await repo.updateComponent(ctx.trx, id, change);
        if (input.serviceIds) await repo.setServiceLinks(ctx.trx, id, [...new Set(input.serviceIds)]);
        if (input.status !== undefined) await changeComponentStatus(ctx, caller, { ...row, ...change }, input.status, at);
        await audit(ctx.trx, { at, caller, action: 'status.component_updated', targetType: 'status_component', targetId: id, before, after: input });
      });
      deps.onChange?.();
      return (await componentDtos(handle.db, await repo.componentsByIds(handle.db, [id])))[0]!;
    },

    async deleteComponent(caller: Caller, id: string): Promise<void> {
      await writes.run(async (ctx) => {
        const [row] = await repo.componentsByIds(ctx.trx, [id]);
        if (!row) throw Problem.notFound(`Component ${id}`);
        const open = await repo.unresolvedIncidentNaming(ctx.trx, id);
        if (open) throw Problem.conflict(`The unresolved public incident ${open} names this component; resolve it first`);
        await repo.deleteComponent(ctx.trx, id);
        await audit(ctx.trx, { at: clock.now(), caller, action: 'status.component_deleted', targetType: 'status_component', targetId: id, before: { name: row.name, status: row.status } });
      });
      deps.onChange?.();
    },

    async publicIncident(incidentId: string): Promise<PublicIncidentDto> {
      const row = await repo.publicIncidentOf(handle.db, incidentId);
      if (!row) throw Problem.notFound(`A public incident for ${incidentId}`);
      return (await publicIncidentDtos(handle.db, [row]))[0]!;
    },

    async listPublicIncidents(): Promise<PublicIncidentDto[]> {
      return publicIncidentDtos(handle.db, await repo.publicIncidents(handle.db));
    },

    /** What "Publish to status page" prefills: the components linked to the incident's service, partly out until someone says otherwise. */
    async draft(incidentId: string) {
      const incident = await incidentOrThrow(handle.db, incidentId);
      const rows = await repo.componentsByIds(handle.db, await repo.componentIdsOfService(handle.db, incident.service_id));
      rows.sort((a, b) => a.name.localeCompare(b.name));
      const assumed: ComponentStatus = incident.severity === 'P1' ? 'major_outage' : incident.severity === 'P2' ? 'partial_outage' : 'degraded_performance';
      const components = rows.map((row) => ({ componentId: row.id, name: row.name, status: row.status === 'operational' ? assumed : (row.status as ComponentStatus) }));
      const names = components.map((c) => c.name);
      const phase: Phase = (PHASES_ORDER as readonly string[]).includes(incident.phase) ? (incident.phase as Phase) : 'investigating';
      return {
        title: draftPublicTitle(components),
        components,
        messages: Object.fromEntries(PHASES_ORDER.map((p) => [p, draftPublicMessage(p, names)])) as Record<Phase, string>,
        phase,
      };
    },

    async publish(caller: Caller, incidentId: string, input: z.infer<typeof publishIncidentSchema>): Promise<PublicIncidentDto> {
      const id = await writes.run(async (ctx) => {
        const incident = await incidentOrThrow(ctx.trx, incidentId);
        const rows = await requireComponents(ctx.trx, input.components.map((c) => c.componentId), (i) => `components[${i}].componentId`);
        if (await repo.publicIncidentOf(ctx.trx, incidentId)) throw Problem.conflict(`${incidentId} is published already; post an update instead`);
        const at = clock.now();
        const resolved = input.phase === 'resolved';
        const row: PublicIncidentRow = {
          id: randomUUID(),
          incident_id: incidentId,
          title: input.title,
          impact: impactOf(input.components.map((c) => c.status)),
          phase: input.phase,
          created_at: at,
          updated_at: at,
          identified_at: input.phase === 'identified' ? at : null,
          monitoring_at: input.phase === 'monitoring' ? at : null,
          resolved_at: resolved ? at : null,
          next_update_due_at: nextPublicUpdateDue({ lastUpdateAt: epochMs(at), severity: incident.severity as Severity, resolved }),
          summary: null,
          version: 1,
        };
        await repo.insertPublicIncident(ctx.trx, row);
        const updateId = randomUUID();
        await repo.insertUpdate(ctx.trx, { id: updateId, public_incident_id: row.id, phase: input.phase, body: input.message, components: JSON.stringify(input.components), created_at: at, author_id: caller.userId });
        await applyStates(ctx, caller, row.id, input.components, rows, at);
        await appendEvent(ctx, {
          at,
          incidentId,
          serviceId: incident.service_id,
          actor: timelineActor(caller),
          kind: 'status.published',
          data: { publicIncidentId: row.id, title: row.title, phase: input.phase, components: input.components.map((c) => ({ name: rows.get(c.componentId)!.name, status: c.status })) },
        });
        await audit(ctx.trx, { at, caller, action: 'status.published', targetType: 'public_incident', targetId: row.id, after: { incidentId, title: row.title, phase: row.phase, components: input.components } });
        return row.id;
      });
      deps.onChange?.();
      return (await publicIncidentDtos(handle.db, [(await repo.publicIncident(handle.db, id))!]))[0]!;
    },

    async postUpdate(caller: Caller, incidentId: string, input: z.infer<typeof postPublicUpdateSchema>): Promise<PublicIncidentDto> {
      const id = await writes.run(async (ctx) => {
        const incident = await incidentOrThrow(ctx.trx, incidentId);
        const row = await repo.publicIncidentOf(ctx.trx, incidentId);
        if (!row) throw Problem.notFound(`A public incident for ${incidentId}`);
        if (input.version !== undefined && input.version !== row.version) throw Problem.conflict(`The public incident is at version ${row.version}, not ${input.version}; reload and try again`, 'version');
        const given = input.components ?? [];
        const rows = await requireComponents(ctx.trx, given.map((c) => c.componentId), (i) => `components[${i}].componentId`);
        const resolved = input.phase === 'resolved';
        const current = (await repo.incidentComponents(ctx.trx, [row.id])).map((c) => ({ componentId: c.component_id, status: c.status as ComponentStatus }));
        let states = given;
        if (resolved) {
          // The resolved update brings every affected component back unless it says otherwise.
          const named = new Set(given.map((c) => c.componentId));
          states = [...given, ...current.filter((c) => !named.has(c.componentId)).map((c) => ({ componentId: c.componentId, status: 'operational' as const }))];
          for (const extra of await repo.componentsByIds(ctx.trx, states.map((s) => s.componentId).filter((cid) => !rows.has(cid)))) rows.set(extra.id, extra);
        }
        let summary: PublicSummary | null = row.summary === null ? null : (JSON.parse(row.summary) as PublicSummary);
        if (input.summary || input.linkPostmortem) {
          if (!resolved) throw badField(input.summary ? 'summary' : 'linkPostmortem', 'goes with the resolved update only');
          summary = { ...input.summary };
          delete summary.postmortemUrl;
          if (input.linkPostmortem) {
            const postmortem = await postmortemsRepository.findByIncident(ctx.trx, incidentId);
            if (!postmortem || postmortem.status !== 'published') throw badField('linkPostmortem', 'needs a published post-mortem of the incident');
            summary.postmortemUrl = `${deps.publicUrl.replace(/\/$/, '')}/postmortems/${postmortem.id}`;
          }
        }
        const at = clock.now();
        const after = new Map(current.map((c) => [c.componentId, c.status]));
        for (const s of states) after.set(s.componentId, s.status);
        const ok = await repo.updatePublicIncident(ctx.trx, row.id, row.version, {
          phase: input.phase,
          updated_at: at,
          impact: resolved ? row.impact : impactOf([...after.values()]),
          identified_at: row.identified_at ?? (input.phase === 'identified' ? at : null),
          monitoring_at: row.monitoring_at ?? (input.phase === 'monitoring' ? at : null),
          resolved_at: resolved ? (row.resolved_at ?? at) : null,
          next_update_due_at: nextPublicUpdateDue({ lastUpdateAt: epochMs(at), severity: incident.severity as Severity, resolved }),
          summary: summary === null ? null : JSON.stringify(summary),
        });
        if (!ok) throw Problem.conflict('The public incident changed meanwhile; reload and try again', 'version');
        const updateId = randomUUID();
        await repo.insertUpdate(ctx.trx, { id: updateId, public_incident_id: row.id, phase: input.phase, body: input.message, components: JSON.stringify(states), created_at: at, author_id: caller.userId });
        await applyStates(ctx, caller, row.id, states, rows, at);
        await appendEvent(ctx, { at, incidentId, serviceId: incident.service_id, actor: timelineActor(caller), kind: 'status.public_update', data: { publicIncidentId: row.id, updateId, phase: input.phase, text: input.message } });
        await audit(ctx.trx, { at, caller, action: 'status.public_update', targetType: 'public_incident', targetId: row.id, before: { phase: row.phase, version: row.version }, after: { phase: input.phase, components: states, summary } });
        return row.id;
      });
      deps.onChange?.();
      return (await publicIncidentDtos(handle.db, [(await repo.publicIncident(handle.db, id))!]))[0]!;
    },

    async listMaintenances(): Promise<MaintenanceDto[]> {
      const now = clock.now();
      return (await repo.maintenances(handle.db)).map((row) => maintenanceDto(row, now));
    },

    async createMaintenance(caller: Caller, input: z.infer<typeof createMaintenanceSchema>): Promise<MaintenanceDto> {
      const row = await writes.run(async (ctx) => {
        await requireComponents(ctx.trx, input.componentIds, (i) => `componentIds[${i}]`);
        const at = clock.now();
        const created: MaintenanceRow = {
          id: randomUUID(),
          title: input.title,
          body: input.body,
          component_ids: JSON.stringify(input.componentIds),
          scheduled_for: Date.parse(input.scheduledFor),
          scheduled_until: Date.parse(input.scheduledUntil),
          cancelled_at: null,
          created_at: at,
          updated_at: at,
        };
        await repo.insertMaintenance(ctx.trx, created);
        await appendEvent(ctx, { at, incidentId: null, serviceId: null, actor: timelineActor(caller), kind: 'status.maintenance_changed', data: { maintenanceId: created.id, title: created.title, change: 'scheduled' } });
        await audit(ctx.trx, { at, caller, action: 'status.maintenance_scheduled', targetType: 'scheduled_maintenance', targetId: created.id, after: input });
        return created;
      });
      deps.onChange?.();
      return maintenanceDto(row, clock.now());
    },

    async cancelMaintenance(caller: Caller, id: string): Promise<MaintenanceDto> {
      await writes.run(async (ctx) => {
        const row = await repo.maintenance(ctx.trx, id);
        if (!row) throw Problem.notFound(`Maintenance ${id}`);
        const at = clock.now();
        const status = maintenanceStatusAt({ scheduledFor: row.scheduled_for, scheduledUntil: row.scheduled_until, cancelledAt: row.cancelled_at }, at);
        if (status === 'cancelled' || status === 'completed') throw Problem.conflict(`The maintenance is ${status} already`);
        await repo.cancelMaintenance(ctx.trx, id, at);
        await appendEvent(ctx, { at, incidentId: null, serviceId: null, actor: timelineActor(caller), kind: 'status.maintenance_changed', data: { maintenanceId: id, title: row.title, change: 'cancelled' } });
        await audit(ctx.trx, { at, caller, action: 'status.maintenance_cancelled', targetType: 'scheduled_maintenance', targetId: id, before: { status } });
      });
      deps.onChange?.();
      return maintenanceDto((await repo.maintenance(handle.db, id))!, clock.now());
    },

  };
  return service;
}

export type StatusPageService = ReturnType<typeof createStatusPageService>;

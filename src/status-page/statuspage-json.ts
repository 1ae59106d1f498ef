import type { z } from 'zod';
import type { spComponentSchema, spIncidentSchema, spIncidentUpdateSchema, spMaintenanceSchema, spStatusSchema, spSummarySchema } from '../contracts/status-page';
import { worstStatus } from '../domain/status-page/components';
import type { PublicIncident, PublicMaintenance, PublicPage } from './public-model';
import { isoZ } from './public-model';

/**
 * Atlassian Statuspage's public API v2, field for field, so that widgets, monitors and clients
 * written for Statuspage read Firewatch unchanged. Groups are components with `group: true` that
 * list their members; members point back with `group_id`.
 */
type SpComponent = z.infer<typeof spComponentSchema>;
type SpIncident = z.infer<typeof spIncidentSchema>;
type SpUpdate = z.infer<typeof spIncidentUpdateSchema>;
type SpMaintenance = z.infer<typeof spMaintenanceSchema>;

/** A group's id, stable for its name (groups are names on components, not rows). */
export function groupId(name: string): string {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  return `group-${hash.toString(16).padStart(8, '0')}`;
}

function spPage(page: PublicPage) {
  return { id: page.page.id, name: page.page.name, url: page.page.url, time_zone: page.page.timeZone, updated_at: isoZ(page.page.updatedAt) };
}

export function spComponents(page: PublicPage): SpComponent[] {
  const out: SpComponent[] = [];
  const groups = new Map<string, SpComponent>();
  for (const c of page.components) {
    if (c.group !== null && !groups.has(c.group)) {
      const members = page.components.filter((m) => m.group === c.group);
      const group: SpComponent = {
        id: groupId(c.group),
        name: c.group,
        status: worstStatus(members.map((m) => m.status)),
        created_at: isoZ(Math.min(...members.map((m) => m.createdAt))),
        updated_at: isoZ(Math.max(...members.map((m) => m.updatedAt))),
        position: c.position,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: page.page.id,
        group: true,
        only_show_if_degraded: false,
        components: members.map((m) => m.id),
      };
      groups.set(c.group, group);
      out.push(group);
    }
    out.push({
      id: c.id,
      name: c.name,
      status: c.status,
      created_at: isoZ(c.createdAt),
      updated_at: isoZ(c.updatedAt),
      position: c.position,
      description: c.description,
      showcase: true,
      start_date: isoZ(c.createdAt).slice(0, 10),
      group_id: c.group === null ? null : groupId(c.group),
      page_id: page.page.id,
      group: false,
      only_show_if_degraded: false,
    });
  }
  return out;
}

function componentById(page: PublicPage): Map<string, SpComponent> {
  return new Map(spComponents(page).map((c) => [c.id, c]));
}

export function spIncident(page: PublicPage, incident: PublicIncident, byId = componentById(page)): SpIncident {
  // Oldest first, to know each update's old status; Statuspage lists them newest first.
  const chronological = [...incident.updates].reverse();
  const state = new Map<string, string>();
  const updates: SpUpdate[] = chronological.map((u) => {
    const affected = u.components.map((c) => {
      const old = state.get(c.componentId) ?? 'operational';
      state.set(c.componentId, c.status);
      return { code: c.componentId, name: byId.get(c.componentId)?.name ?? incident.components.find((ic) => ic.id === c.componentId)?.name ?? '', old_status: old, new_status: c.status };
    });
    const at = isoZ(u.createdAt);
    return { id: u.id, status: u.phase, body: u.body, incident_id: incident.id, created_at: at, updated_at: at, display_at: at, affected_components: affected.length > 0 ? affected : null };
  });
  return {
    id: incident.id,
    name: incident.title,
    status: incident.phase,
    created_at: isoZ(incident.createdAt),
    updated_at: isoZ(incident.updatedAt),
    monitoring_at: incident.monitoringAt === null ? null : isoZ(incident.monitoringAt),
    resolved_at: incident.resolvedAt === null ? null : isoZ(incident.resolvedAt),
    impact: incident.impact,
    shortlink: `${page.page.url}/status/incidents/${encodeURIComponent(incident.id)}`,
    started_at: isoZ(incident.createdAt),
    page_id: page.page.id,
    incident_updates: updates.reverse(),
    components: incident.components.map((c) => byId.get(c.id)).filter((c): c is SpComponent => c !== undefined),
  };
}

export function spMaintenance(page: PublicPage, m: PublicMaintenance, byId = componentById(page)): SpMaintenance {
  const at = isoZ(m.createdAt);
  return {
    id: m.id,
    name: m.title,
    status: m.status,
    created_at: at,
    updated_at: isoZ(m.updatedAt),
    monitoring_at: null,
    resolved_at: m.status === 'completed' ? isoZ(m.scheduledUntil) : null,
    impact: 'none',
    shortlink: `${page.page.url}/status`,
    started_at: isoZ(m.scheduledFor),
    page_id: page.page.id,
    incident_updates: [{ id: `${m.id}-scheduled`, status: 'scheduled', body: m.body, incident_id: m.id, created_at: at, updated_at: at, display_at: at, affected_components: null }],
    components: m.componentIds.map((id) => byId.get(id)).filter((c): c is SpComponent => c !== undefined),
    scheduled_for: isoZ(m.scheduledFor),
    scheduled_until: isoZ(m.scheduledUntil),
  };
}

export function spStatus(page: PublicPage): z.infer<typeof spStatusSchema> {
  return { indicator: page.status.indicator, description: page.status.description };
}

export type SpDocument = 'summary' | 'status' | 'components' | 'incidents' | 'unresolved' | 'maintenances' | 'upcoming' | 'active';

/** One of the v2 documents, as the JSON value to send. */
export function spDocument(page: PublicPage, doc: SpDocument): unknown {
  const byId = componentById(page);
  const base = { page: spPage(page) };
  const unresolved = () => page.incidents.filter((i) => i.resolvedAt === null).map((i) => spIncident(page, i, byId));
  const maintenances = (keep: (m: PublicMaintenance) => boolean) => page.maintenances.filter(keep).map((m) => spMaintenance(page, m, byId));
  switch (doc) {
    case 'summary': {
      const summary: z.infer<typeof spSummarySchema> = {
        ...base,
        status: spStatus(page),
        components: spComponents(page),
        incidents: unresolved(),
        scheduled_maintenances: maintenances((m) => m.status !== 'completed'),
      };
      return summary;
    }
    case 'status':
      return { ...base, status: spStatus(page) };
    case 'components':
      return { ...base, components: spComponents(page) };
    case 'incidents':
      return { ...base, incidents: page.incidents.slice(0, 50).map((i) => spIncident(page, i, byId)) };
    case 'unresolved':
      return { ...base, incidents: unresolved() };
    case 'maintenances':
      return { ...base, scheduled_maintenances: maintenances(() => true).slice(0, 50) };
    case 'upcoming':
      return { ...base, scheduled_maintenances: maintenances((m) => m.status === 'scheduled') };
    case 'active':
      return { ...base, scheduled_maintenances: maintenances((m) => m.status === 'in_progress') };
  }
}

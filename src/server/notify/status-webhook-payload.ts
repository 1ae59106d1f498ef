import type { PageStatus } from '../../domain/status-page/components';

/**
 * What a status-page effect carries from the transaction that decided it to the sender: the
 * public records as they were then (never the internal incident), so that a retry sends the same.
 */
export type PublicIncidentSnapshot = {
  id: string;
  title: string;
  impact: string;
  phase: string;
  createdAt: number;
  updatedAt: number;
  monitoringAt: number | null;
  resolvedAt: number | null;
  components: Array<{ id: string; name: string; status: string; position: number; description: string | null; createdAt: number; updatedAt: number }>;
  updates: Array<{ id: string; phase: string; body: string; createdAt: number; components: Array<{ componentId: string; status: string }> }>;
};

export type ComponentChangeSnapshot = {
  component: { id: string; name: string; status: string; createdAt: number };
  from: string | null;
  to: string;
  at: number;
  /** Unique per change (the event's sequence number), Statuspage's component_update id. */
  changeId: string;
};

const iso = (at: number) => new Date(at).toISOString();

/** Statuspage's v2 incident JSON (as /status/api/v2/incidents.json lists it) for one public incident. */
export function v2Incident(incident: PublicIncidentSnapshot, options: { publicUrl: string; pageId: string }) {
  const names = new Map(incident.components.map((c) => [c.id, c.name]));
  // Each update's old status is the one the update before it set (operational before the first).
  const previous = new Map<string, string>();
  const updates = [...incident.updates]
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((update) => {
      const affected = update.components.map((c) => {
        const old = previous.get(c.componentId) ?? 'operational';
        previous.set(c.componentId, c.status);
        return { code: c.componentId, name: names.get(c.componentId) ?? c.componentId, old_status: old, new_status: c.status };
      });
      return {
        id: update.id,
        status: update.phase,
        body: update.body,
        incident_id: incident.id,
        created_at: iso(update.createdAt),
        updated_at: iso(update.createdAt),
        display_at: iso(update.createdAt),
        affected_components: affected.length === 0 ? null : affected,
      };
    })
    .reverse();
  return {
    id: incident.id,
    name: incident.title,
    status: incident.phase,
    created_at: iso(incident.createdAt),
    updated_at: iso(incident.updatedAt),
    monitoring_at: incident.monitoringAt === null ? null : iso(incident.monitoringAt),
    resolved_at: incident.resolvedAt === null ? null : iso(incident.resolvedAt),
    impact: incident.impact,
    shortlink: `${options.publicUrl}/status/incidents/${incident.id}`,
    started_at: iso(incident.createdAt),
    page_id: options.pageId,
    incident_updates: updates,
    components: incident.components.map((c) => ({
      id: c.id,
      name: c.name,
      status: c.status,
      created_at: iso(c.createdAt),
      updated_at: iso(c.updatedAt),
      position: c.position,
      description: c.description,
      showcase: true,
      start_date: null,
      group_id: null,
      page_id: options.pageId,
      group: false,
      only_show_if_degraded: false,
    })),
  };
}

const DOCUMENTATION = 'https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/';

/**
 * The body Statuspage POSTs to a webhook subscriber, so that receivers written for it read ours:
 * `{meta: {unsubscribe, documentation}, page: {id, status_indicator, status_description}, incident}`
 * for incidents and `{meta, page, component_update, component}` for component changes.
 */
export function statusWebhookBody(
  what: { incident: PublicIncidentSnapshot } | { componentChange: ComponentChangeSnapshot },
  options: { publicUrl: string; pageId: string; page: PageStatus; unsubscribeUrl: string },
) {
  const meta = { unsubscribe: options.unsubscribeUrl, documentation: DOCUMENTATION };
  const page = { id: options.pageId, status_indicator: options.page.indicator, status_description: options.page.description };
  if ('incident' in what) return { meta, page, incident: v2Incident(what.incident, options) };
  const change = what.componentChange;
  return {
    meta,
    page,
    component_update: { created_at: iso(change.at), new_status: change.to, old_status: change.from ?? 'operational', id: change.changeId, component_id: change.component.id },
    component: { created_at: iso(change.component.createdAt), id: change.component.id, name: change.component.name, status: change.to },
  };
}

import type { IncidentDto } from '../../../contracts/incidents';
import type { TimelineEventDto } from '../../../contracts/timeline-events';
import { compareForDashboard } from '../../../domain/incident/lifecycle';
import type { IncidentListFilter } from '../api/incident-keys';

/** Whether the server would include this incident in a list fetched with `filter`. */
export function matchesFilter(incident: IncidentDto, filter: IncidentListFilter): boolean {
  if (filter.state === 'open' && incident.state === 'resolved') return false;
  if (filter.state === 'resolved' && incident.state !== 'resolved') return false;
  if (filter.serviceId && incident.serviceId !== filter.serviceId) return false;
  if (filter.severity && incident.severity !== filter.severity) return false;
  return true;
}

const orderable = (incident: IncidentDto) => ({ id: incident.id, severity: incident.severity, triggeredAt: Date.parse(incident.triggeredAt) });

/** The server's order: open lists by severity then age; the others newest first. */
export function sortIncidents(items: IncidentDto[], filter: IncidentListFilter): IncidentDto[] {
  if (filter.state === 'open') return items.sort((a, b) => compareForDashboard(orderable(a), orderable(b)));
  return items.sort((a, b) => Date.parse(b.triggeredAt) - Date.parse(a.triggeredAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/**
 * A list as it would be after `incident` changed: replaced in place, inserted if it now
 * belongs, removed if it no longer does (an incident resolved leaves the open list), re-sorted.
 */
export function upsertIntoList(items: readonly IncidentDto[], incident: IncidentDto, filter: IncidentListFilter): IncidentDto[] {
  const rest = items.filter((item) => item.id !== incident.id);
  if (!matchesFilter(incident, filter)) return rest.length === items.length ? (items as IncidentDto[]) : rest;
  const next = sortIncidents([...rest, incident], filter);
  return filter.limit ? next.slice(0, filter.limit) : next;
}

/** Adds an event to a timeline once, in sequence order, whichever way it arrived first. */
export function appendToTimeline(items: readonly TimelineEventDto[], event: TimelineEventDto): TimelineEventDto[] {
  if (items.some((item) => item.seq === event.seq)) return items as TimelineEventDto[];
  return [...items, event].sort((a, b) => a.seq - b.seq);
}

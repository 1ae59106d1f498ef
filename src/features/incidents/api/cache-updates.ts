import type { QueryClient } from '@tanstack/react-query';
import type { IncidentDto } from '../../../contracts/incidents';
import type { EventDataOf, TimelineEventDto } from '../../../contracts/timeline-events';
import type { LiveEvent } from '../../../contracts/live';
import { updateCachedQueries, updateCachedQuery } from '../../../lib/live-cache';
import { appendToTimeline, upsertIntoList } from '../model/incident-cache';
import type { IncidentList } from './get-incidents';
import { incidentQueryOptions } from './get-incident';
import type { Timeline } from './get-timeline';
import { timelineQueryOptions } from './get-timeline';
import type { IncidentListFilter } from './incident-keys';
import { incidentKeys } from './incident-keys';

/** Puts an incident snapshot into the detail cache and every cached list it belongs to. */
export function upsertIncident(queryClient: QueryClient, incident: IncidentDto): void {
  updateCachedQuery<IncidentDto>(queryClient, incidentQueryOptions(incident.id).queryKey, () => incident);
  updateCachedQueries<IncidentList>(queryClient, incidentKeys.lists(), (data, key) => {
    const items = upsertIntoList(data.items, incident, key[2] as IncidentListFilter);
    return items === data.items ? data : { ...data, items };
  });
}

/**
 * Appends to a timeline that is already cached. One that is not cached is left alone: a
 * timeline holding only the newest event would look complete and be wrong.
 */
export function appendTimelineEvent(queryClient: QueryClient, event: TimelineEventDto): void {
  if (!event.incidentId) return;
  updateCachedQuery<Timeline>(queryClient, timelineQueryOptions(event.incidentId).queryKey, (current) =>
    current ? { items: appendToTimeline(current.items, event) } : current,
  );
}

/**
 * A tick is the newest progress of the incident's runbooks ("Quick fix 2/4" on its dashboard row):
 * written from the event itself, so the row changes even when the event carries no snapshot.
 */
function patchRunbookProgress(queryClient: QueryClient, incidentId: string, data: EventDataOf<'runbook.step_checked'>): void {
  const runbookProgress = { runId: data.runId, runbookId: data.runbookId, title: data.title, progress: data.progress };
  const patch = (incident: IncidentDto) => (incident.id === incidentId ? { ...incident, runbookProgress } : incident);
  updateCachedQuery<IncidentDto>(queryClient, incidentQueryOptions(incidentId).queryKey, (current) => (current ? patch(current) : current));
  updateCachedQueries<IncidentList>(queryClient, incidentKeys.lists(), (list) => (list.items.some((i) => i.id === incidentId) ? { ...list, items: list.items.map(patch) } : list));
}

/**
 * Only runbook events' snapshots say how far the runbooks are; every other snapshot leaves the
 * field out, which means "unchanged", so the dashboard's "Quick fix 2/4" survives the next alert.
 */
function cachedRunbookProgress(queryClient: QueryClient, incidentId: string): IncidentDto['runbookProgress'] {
  const single = queryClient.getQueryData<IncidentDto>(incidentQueryOptions(incidentId).queryKey);
  if (single?.runbookProgress !== undefined) return single.runbookProgress;
  for (const [, list] of queryClient.getQueriesData<IncidentList>({ queryKey: incidentKeys.lists() })) {
    const found = list?.items.find((item) => item.id === incidentId);
    if (found?.runbookProgress !== undefined) return found.runbookProgress;
  }
  return undefined;
}

/** What the live stream does to incident caches for one event. */
export function applyIncidentLiveEvent(queryClient: QueryClient, live: LiveEvent): void {
  if (!live.incidentId) return;
  const { incident, service: _service, ...event } = live;
  if (incident) upsertIncident(queryClient, incident.runbookProgress === undefined ? { ...incident, runbookProgress: cachedRunbookProgress(queryClient, incident.id) } : incident);
  if (event.kind === 'runbook.step_checked') patchRunbookProgress(queryClient, live.incidentId, event.data);
  appendTimelineEvent(queryClient, event);
}

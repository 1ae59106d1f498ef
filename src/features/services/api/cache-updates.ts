import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '../../../contracts/live';
import type { ServiceDto, ServiceSummaryDto } from '../../../contracts/services';
import { updateCachedQuery } from '../../../lib/live-cache';
import { servicesQueryOptions } from './get-services';

const byName = (a: ServiceDto, b: ServiceDto) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** Replaces or adds a service in the cached list, kept in the server's order (by name). */
export function upsertService(queryClient: QueryClient, service: ServiceDto): void {
  updateCachedQuery<{ items: ServiceDto[] }>(queryClient, servicesQueryOptions().queryKey, (current) => {
    if (!current) return current;
    const rest = current.items.filter((item) => item.id !== service.id);
    return { items: [...rest, service].sort(byName) };
  });
}

/**
 * Writes a service's public fields (as the live stream carries them) into the cached list, keeping
 * the cached entry's keys: the stream never carries keys.
 */
function mergeServiceSummary(queryClient: QueryClient, summary: ServiceSummaryDto): void {
  updateCachedQuery<{ items: ServiceDto[] }>(queryClient, servicesQueryOptions().queryKey, (current) => {
    if (!current) return current;
    const cached = current.items.find((item) => item.id === summary.id);
    const rest = current.items.filter((item) => item.id !== summary.id);
    const merged: ServiceDto = cached ? { ...cached, ...summary } : summary;
    return { items: [...rest, merged].sort(byName) };
  });
}

const OPENS_OR_CLOSES = new Set<LiveEvent['kind']>(['incident.triggered', 'incident.declared', 'incident.resolved']);
/** Events that change a service's keys (or bring a new one): an editor's list must refetch to see them. */
const CHANGES_KEYS = new Set<LiveEvent['kind']>(['service.created', 'integration_key.created', 'integration_key.revoked']);

/** What the live stream does to the services cache for one event. */
export function applyServiceLiveEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (event.service) mergeServiceSummary(queryClient, event.service);
  // Incident events do not carry the service, so its open-incident count is refetched instead;
  // key events carry no keys, so the list is refetched, and the API shows keys to whom it may.
  if (OPENS_OR_CLOSES.has(event.kind) || CHANGES_KEYS.has(event.kind)) void queryClient.invalidateQueries({ queryKey: servicesQueryOptions().queryKey });
}

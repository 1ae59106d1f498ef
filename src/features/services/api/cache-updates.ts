import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '../../../contracts/live';
import type { ServiceDto } from '../../../contracts/services';
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

const OPENS_OR_CLOSES = new Set<LiveEvent['kind']>(['incident.triggered', 'incident.declared', 'incident.resolved']);

/** What the live stream does to the services cache for one event. */
export function applyServiceLiveEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (event.service) upsertService(queryClient, event.service);
  // Incident events do not carry the service, so its open-incident count is refetched instead.
  if (OPENS_OR_CLOSES.has(event.kind)) void queryClient.invalidateQueries({ queryKey: servicesQueryOptions().queryKey });
}

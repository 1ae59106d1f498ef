import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '../../../contracts/live';
import { statusKeys } from './status-keys';

/**
 * What the live stream does to status-page caches. The events carry what changed, not the whole
 * public incident (its updates, components and due time are the server's to assemble), so the
 * affected queries are fetched again; only queries someone has open are refetched.
 */
export function applyStatusLiveEvent(queryClient: QueryClient, live: LiveEvent): void {
  switch (live.kind) {
    case 'status.published':
    case 'status.public_update':
    case 'status.public_update_overdue':
      if (live.incidentId) void queryClient.invalidateQueries({ queryKey: statusKeys.ofIncident(live.incidentId) });
      void queryClient.invalidateQueries({ queryKey: statusKeys.incidents() });
      return;
    case 'status.component_changed':
      void queryClient.invalidateQueries({ queryKey: statusKeys.components() });
      return;
    case 'status.maintenance_changed':
      void queryClient.invalidateQueries({ queryKey: statusKeys.maintenances() });
      return;
    default:
      return;
  }
}

import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '../../../contracts/live';
import { updateCachedQuery } from '../../../lib/live-cache';
import { setupQueryOptions } from './get-setup';

/** A service created anywhere (another tab, the API) ends the first-run screen. */
export function applySetupLiveEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (event.kind !== 'service.created') return;
  updateCachedQuery(queryClient, setupQueryOptions().queryKey, (current) => (current ? { ...current, empty: false } : current));
}

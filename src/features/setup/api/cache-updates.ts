import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '../../../contracts/live';
import { setupQueryOptions } from './get-setup';

/** A service created anywhere (another tab, the API) ends the first-run screen. */
export function applySetupLiveEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (event.kind !== 'service.created') return;
  queryClient.setQueryData(setupQueryOptions().queryKey, (current) => (current ? { ...current, empty: false } : current));
}

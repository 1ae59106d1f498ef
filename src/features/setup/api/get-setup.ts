import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SetupStatus } from '../../../contracts/setup';
import { apiRequest } from '../../../lib/api-client';


export function getSetup(signal?: AbortSignal): Promise<SetupStatus> {
  return apiRequest<SetupStatus>('/api/v1/setup', { signal });
}

export const setupQueryOptions = () => queryOptions({ queryKey: ['setup'] as const, queryFn: ({ signal }) => getSetup(signal) });

export function useSetup() {
  return useQuery(setupQueryOptions());
}

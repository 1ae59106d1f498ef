import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ServiceDto } from '../../../contracts/services';
import { apiRequest } from '../../../lib/api-client';

export type ServiceList = { items: ServiceDto[] };

export function getServices(signal?: AbortSignal): Promise<ServiceList> {
  return apiRequest<ServiceList>('/api/v1/services', { signal });
}

export const servicesQueryOptions = () => queryOptions({ queryKey: ['services'] as const, queryFn: ({ signal }) => getServices(signal) });

export function useServices() {
  return useQuery(servicesQueryOptions());
}

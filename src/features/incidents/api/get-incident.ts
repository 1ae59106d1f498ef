import { queryOptions, useQuery } from '@tanstack/react-query';
import type { IncidentDto } from '../../../contracts/incidents';
import { apiRequest } from '../../../lib/api-client';
import { incidentKeys } from './incident-keys';

export function getIncident(id: string, signal?: AbortSignal): Promise<IncidentDto> {
  return apiRequest<IncidentDto>(`/api/v1/incidents/${encodeURIComponent(id)}`, { signal });
}

export const incidentQueryOptions = (id: string) =>
  queryOptions({ queryKey: incidentKeys.detail(id), queryFn: ({ signal }) => getIncident(id, signal) });

export function useIncident(id: string) {
  return useQuery(incidentQueryOptions(id));
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { IncidentDto } from '../../../contracts/incidents';
import { apiRequest } from '../../../lib/api-client';
import type { IncidentListFilter } from './incident-keys';
import { incidentKeys } from './incident-keys';

/** One page of a list; `nextCursor` (null on the last page) asks for the next one. */
export type IncidentList = { items: IncidentDto[]; nextCursor?: string | null };

export function getIncidents(filter: IncidentListFilter, signal?: AbortSignal, cursor?: string): Promise<IncidentList> {
  const params = new URLSearchParams({ state: filter.state });
  if (cursor) params.set('cursor', cursor);
  if (filter.serviceId) params.set('serviceId', filter.serviceId);
  if (filter.severity) params.set('severity', filter.severity);
  if (filter.limit) params.set('limit', String(filter.limit));
  return apiRequest<IncidentList>(`/api/v1/incidents?${params.toString()}`, { signal });
}

export const incidentsQueryOptions = (filter: IncidentListFilter) =>
  queryOptions({ queryKey: incidentKeys.list(filter), queryFn: ({ signal }) => getIncidents(filter, signal) });

export function useIncidents(filter: IncidentListFilter) {
  return useQuery(incidentsQueryOptions(filter));
}

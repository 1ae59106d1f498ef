import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RecurrenceDto } from '../../../contracts/postmortems';
import { apiRequest } from '../../../lib/api-client';
import { postmortemKeys } from './postmortem-keys';

export function getRecurrence(incidentId: string, signal?: AbortSignal): Promise<RecurrenceDto> {
  return apiRequest<RecurrenceDto>(`/api/v1/incidents/${encodeURIComponent(incidentId)}/recurrence`, { signal });
}

export const recurrenceQueryOptions = (incidentId: string) =>
  queryOptions({ queryKey: postmortemKeys.recurrence(incidentId), queryFn: ({ signal }) => getRecurrence(incidentId, signal) });

export function useRecurrence(incidentId: string) {
  return useQuery(recurrenceQueryOptions(incidentId));
}

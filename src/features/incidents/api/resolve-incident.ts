import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IncidentDto } from '../../../contracts/incidents';
import { apiRequest } from '../../../lib/api-client';
import { upsertIncident } from './cache-updates';
import { timelineQueryOptions } from './get-timeline';

export function resolveIncident({ id }: { id: string }): Promise<IncidentDto> {
  return apiRequest<IncidentDto>(`/api/v1/incidents/${encodeURIComponent(id)}/resolve`, { method: 'POST' });
}

export function useResolveIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resolveIncident,
    onSuccess: (incident) => {
      upsertIncident(queryClient, incident);
      void queryClient.invalidateQueries({ queryKey: timelineQueryOptions(incident.id).queryKey });
    },
  });
}

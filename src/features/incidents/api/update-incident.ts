import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IncidentDto, PatchIncidentBody } from '../../../contracts/incidents';
import { apiRequest } from '../../../lib/api-client';
import { upsertIncident } from './cache-updates';
import { timelineQueryOptions } from './get-timeline';

export type UpdateIncidentInput = { id: string; changes: PatchIncidentBody };

export function updateIncident({ id, changes }: UpdateIncidentInput): Promise<IncidentDto> {
  return apiRequest<IncidentDto>(`/api/v1/incidents/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
}

export function useUpdateIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateIncident,
    onSuccess: (incident) => {
      upsertIncident(queryClient, incident);
      void queryClient.invalidateQueries({ queryKey: timelineQueryOptions(incident.id).queryKey });
    },
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IncidentDto } from '../../../contracts/incidents';
import { apiRequest } from '../../../lib/api-client';
import { upsertIncident } from './cache-updates';
import { timelineQueryOptions } from './get-timeline';

// Who acknowledges is the signed-in person: the server reads it from the session.
export function acknowledgeIncident({ id }: { id: string }): Promise<IncidentDto> {
  return apiRequest<IncidentDto>(`/api/v1/incidents/${encodeURIComponent(id)}/acknowledge`, { method: 'POST' });
}

export function useAcknowledgeIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acknowledgeIncident,
    onSuccess: (incident) => {
      upsertIncident(queryClient, incident);
      // The live stream normally delivers the event first; refetching covers a stream that is down.
      void queryClient.invalidateQueries({ queryKey: timelineQueryOptions(incident.id).queryKey });
    },
  });
}

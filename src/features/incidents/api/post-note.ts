import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TimelineEventDto } from '../../../contracts/timeline-events';
import { apiRequest } from '../../../lib/api-client';
import { appendTimelineEvent, upsertIncident } from './cache-updates';
import { incidentQueryOptions } from './get-incident';

export type PostNoteInput = { id: string; text: string; statusUpdate: boolean };

export function postNote({ id, text, statusUpdate }: PostNoteInput): Promise<TimelineEventDto> {
  return apiRequest<TimelineEventDto>(`/api/v1/incidents/${encodeURIComponent(id)}/notes`, { method: 'POST', body: { text, statusUpdate } });
}

export function usePostNote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postNote,
    onSuccess: (event, input) => {
      appendTimelineEvent(queryClient, event);
      // A status update restarts the cadence clock at once, even before the live echo arrives.
      const incident = queryClient.getQueryData(incidentQueryOptions(input.id).queryKey);
      if (event.kind === 'incident.status_update' && incident) upsertIncident(queryClient, { ...incident, lastStatusUpdateAt: event.at });
    },
  });
}

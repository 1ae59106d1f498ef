import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '../../../contracts/live';
import type { PostmortemDto, PostmortemSummaryDto } from '../../../contracts/postmortems';
import { apiRequest, isNotFound } from '../../../lib/api-client';
import { postmortemKeys } from './postmortem-keys';

const incidentPostmortemPath = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}/postmortem`;

/** The incident's post-mortem, or null while none has been started (the server's 404). */
export async function getIncidentPostmortem(incidentId: string, signal?: AbortSignal): Promise<PostmortemDto | null> {
  try {
    return await apiRequest<PostmortemDto>(incidentPostmortemPath(incidentId), { signal });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export const incidentPostmortemQueryOptions = (incidentId: string) =>
  queryOptions({ queryKey: postmortemKeys.ofIncident(incidentId), queryFn: ({ signal }) => getIncidentPostmortem(incidentId, signal) });

export function useIncidentPostmortem(incidentId: string) {
  return useQuery(incidentPostmortemQueryOptions(incidentId));
}

export function startPostmortem({ incidentId }: { incidentId: string }): Promise<PostmortemDto> {
  return apiRequest<PostmortemDto>(incidentPostmortemPath(incidentId), { method: 'POST', body: {} });
}

/** Starting one (or finding the one a colleague just started: the server answers it with 200). */
export function useStartPostmortem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startPostmortem,
    onSuccess: (postmortem) => {
      queryClient.setQueryData(postmortemKeys.ofIncident(postmortem.incident.id), postmortem);
      queryClient.setQueryData(postmortemKeys.detail(postmortem.id), postmortem);
      return queryClient.invalidateQueries({ queryKey: postmortemKeys.list() });
    },
  });
}

export type PostmortemList = { items: PostmortemSummaryDto[] };

/** Every post-mortem's summary, newest first (GET /api/v1/postmortems without filters). */
export const postmortemSummariesQueryOptions = () =>
  queryOptions({ queryKey: postmortemKeys.list(), queryFn: ({ signal }) => apiRequest<PostmortemList>('/api/v1/postmortems', { signal }) });

export function usePostmortemSummaries() {
  return useQuery(postmortemSummariesQueryOptions());
}

/** Someone started a post-mortem, moved its status or changed its title, owner or review date: the incident page's entry and the summaries go stale. */
export function applyIncidentPostmortemLiveEvent(queryClient: QueryClient, event: LiveEvent): void {
  if ((event.kind === 'postmortem.created' || event.kind === 'postmortem.status_changed' || event.kind === 'postmortem.details_changed') && event.incidentId !== null) {
    void queryClient.invalidateQueries({ queryKey: postmortemKeys.ofIncident(event.incidentId) });
    void queryClient.invalidateQueries({ queryKey: postmortemKeys.list() });
  }
}

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PublicIncidentDto, postPublicUpdateSchema, publicDraftSchema, publishIncidentSchema } from '../../../contracts/status-page';
import { apiRequest, isNotFound } from '../../../lib/api-client';
import { statusKeys } from './status-keys';

export type PublicDraft = z.infer<typeof publicDraftSchema>;
export type PublishBody = z.input<typeof publishIncidentSchema>;
export type PublicUpdateBody = z.input<typeof postPublicUpdateSchema>;

const publicPath = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}/public`;

/** The incident's public face, or null while it has not been published (the server's 404). */
export async function getPublicIncident(incidentId: string, signal?: AbortSignal): Promise<PublicIncidentDto | null> {
  try {
    return await apiRequest<PublicIncidentDto>(publicPath(incidentId), { signal });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export const publicIncidentQueryOptions = (incidentId: string) =>
  queryOptions({ queryKey: statusKeys.ofIncident(incidentId), queryFn: ({ signal }) => getPublicIncident(incidentId, signal) });

export function usePublicIncident(incidentId: string) {
  return useQuery(publicIncidentQueryOptions(incidentId));
}

export const publicDraftQueryOptions = (incidentId: string) =>
  // A draft is read once when the dialog opens: refetching would overwrite nothing, but costs a request.
  queryOptions({ queryKey: statusKeys.draft(incidentId), queryFn: ({ signal }) => apiRequest<PublicDraft>(`${publicPath(incidentId)}/draft`, { signal }), staleTime: Infinity });

export function usePublicDraft(incidentId: string) {
  return useQuery(publicDraftQueryOptions(incidentId));
}

export function usePublishIncident(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PublishBody) => apiRequest<PublicIncidentDto>(publicPath(incidentId), { method: 'POST', body }),
    onSuccess: (published) => {
      queryClient.setQueryData(statusKeys.ofIncident(incidentId), published);
      return queryClient.invalidateQueries({ queryKey: statusKeys.incidents() });
    },
  });
}

export function usePostPublicUpdate(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PublicUpdateBody) => apiRequest<PublicIncidentDto>(`${publicPath(incidentId)}/updates`, { method: 'POST', body }),
    onSuccess: (updated) => {
      queryClient.setQueryData(statusKeys.ofIncident(incidentId), updated);
      return Promise.all([queryClient.invalidateQueries({ queryKey: statusKeys.incidents() }), queryClient.invalidateQueries({ queryKey: statusKeys.components() })]);
    },
  });
}

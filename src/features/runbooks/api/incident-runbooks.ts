import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { IncidentRunbooksDto, RunbookRunDto } from '../../../contracts/runbooks';
import { apiRequest } from '../../../lib/api-client';
import { runbookKeys } from './runbook-keys';

export function getIncidentRunbooks(incidentId: string, signal?: AbortSignal): Promise<IncidentRunbooksDto> {
  return apiRequest<IncidentRunbooksDto>(`/api/v1/incidents/${encodeURIComponent(incidentId)}/runbooks`, { signal });
}

export const incidentRunbooksQueryOptions = (incidentId: string) =>
  queryOptions({ queryKey: runbookKeys.incident(incidentId), queryFn: ({ signal }) => getIncidentRunbooks(incidentId, signal) });

export function useIncidentRunbooks(incidentId: string) {
  return useQuery(incidentRunbooksQueryOptions(incidentId));
}

/** Applies a change to one run in the incident's cached runbooks; nothing when it is not cached. */
export function updateRun(queryClient: QueryClient, incidentId: string, runId: string, change: (run: RunbookRunDto) => RunbookRunDto): void {
  queryClient.setQueryData<IncidentRunbooksDto>(incidentRunbooksQueryOptions(incidentId).queryKey, (data) => {
    if (!data || !data.runs.some((run) => run.id === runId)) return data;
    return { ...data, runs: data.runs.map((run) => (run.id === runId ? change(run) : run)) };
  });
}

/** A run as the server answered it replaces the cached one (or joins the list when new). */
export function storeRun(queryClient: QueryClient, run: RunbookRunDto): void {
  queryClient.setQueryData<IncidentRunbooksDto>(incidentRunbooksQueryOptions(run.incidentId).queryKey, (data) => {
    if (!data) return data;
    const known = data.runs.some((r) => r.id === run.id);
    return { ...data, runs: known ? data.runs.map((r) => (r.id === run.id ? run : r)) : [...data.runs, run] };
  });
}

export function startRun({ incidentId, runbookId }: { incidentId: string; runbookId: string }): Promise<RunbookRunDto> {
  return apiRequest<RunbookRunDto>(`/api/v1/incidents/${encodeURIComponent(incidentId)}/runbook-runs`, { method: 'POST', body: { runbookId } });
}

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: startRun, onSuccess: (run) => storeRun(queryClient, run) });
}

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IncidentRunbooksDto, RunbookRunDto } from '../../../contracts/runbooks';
import { apiRequest } from '../../../lib/api-client';
import { postmortemKeys } from './postmortem-keys';

/**
 * The incident's runbook runs, for "Did the runbook help?". The runbooks feature has its own
 * fetcher of the same endpoint; features do not share code, so this one keeps its own key under
 * the post-mortem's.
 */
export const runbookRunsQueryOptions = (incidentId: string) =>
  queryOptions({
    queryKey: [...postmortemKeys.ofIncident(incidentId), 'runbook-runs'] as const,
    queryFn: ({ signal }) => apiRequest<IncidentRunbooksDto>(`/api/v1/incidents/${encodeURIComponent(incidentId)}/runbooks`, { signal }),
    select: (data) => data.runs,
  });

export function useRunbookRuns(incidentId: string) {
  return useQuery(runbookRunsQueryOptions(incidentId));
}

export function answerRunbookHelped({ runId, helped }: { runId: string; helped: boolean }): Promise<RunbookRunDto> {
  return apiRequest<RunbookRunDto>(`/api/v1/runbook-runs/${encodeURIComponent(runId)}/feedback`, { method: 'POST', body: { helped } });
}

export function useAnswerRunbookHelped(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: answerRunbookHelped,
    onSuccess: (run) =>
      queryClient.setQueryData<IncidentRunbooksDto>(runbookRunsQueryOptions(incidentId).queryKey, (data) => (data ? { ...data, runs: data.runs.map((r) => (r.id === run.id ? run : r)) } : data)),
  });
}

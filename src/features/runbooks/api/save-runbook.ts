import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { RunbookDto, RunbookInput, SaveRunbookBody } from '../../../contracts/runbooks';
import { ApiRequestError, apiRequest } from '../../../lib/api-client';
import { runbookPath, runbookQueryOptions } from './get-runbooks';
import { runbookKeys } from './runbook-keys';

export function createRunbook(input: RunbookInput): Promise<RunbookDto> {
  return apiRequest<RunbookDto>('/api/v1/runbooks', { method: 'POST', body: input });
}

export function saveRunbook({ id, body }: { id: string; body: SaveRunbookBody }): Promise<RunbookDto> {
  return apiRequest<RunbookDto>(runbookPath(id), { method: 'PUT', body });
}

export function markRunbookReviewed(id: string): Promise<RunbookDto> {
  return apiRequest<RunbookDto>(`${runbookPath(id)}/review`, { method: 'POST', body: {} });
}

/** A stale save's 409 keeps both texts: the stored runbook now, and what was sent. */
export function staleRunbook(error: unknown): { current: RunbookDto } | undefined {
  if (!(error instanceof ApiRequestError) || error.status !== 409) return undefined;
  const current = (error.payload as { current?: RunbookDto } | undefined)?.current;
  return current && typeof current.version === 'number' && typeof current.body === 'string' ? { current } : undefined;
}

/** The stored runbook replaces the cached one; the list (scores, review status) and history follow. */
export function storeRunbook(queryClient: QueryClient, runbook: RunbookDto): void {
  queryClient.setQueryData(runbookQueryOptions(runbook.id).queryKey, runbook);
  void queryClient.invalidateQueries({ queryKey: runbookKeys.list() });
  void queryClient.invalidateQueries({ queryKey: runbookKeys.versions(runbook.id) });
}

export function useCreateRunbook() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createRunbook, onSuccess: (runbook) => storeRunbook(queryClient, runbook) });
}

export function useSaveRunbook() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: saveRunbook, onSuccess: (runbook) => storeRunbook(queryClient, runbook) });
}

export function useMarkReviewed() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: markRunbookReviewed, onSuccess: (runbook) => storeRunbook(queryClient, runbook) });
}

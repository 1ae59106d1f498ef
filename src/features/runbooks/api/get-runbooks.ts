import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RunbookDto, RunbookSummaryDto } from '../../../contracts/runbooks';
import { apiRequest } from '../../../lib/api-client';
import { runbookKeys } from './runbook-keys';

export type RunbookList = { items: RunbookSummaryDto[] };

export const runbookPath = (id: string) => `/api/v1/runbooks/${encodeURIComponent(id)}`;

export function getRunbooks(signal?: AbortSignal): Promise<RunbookList> {
  return apiRequest<RunbookList>('/api/v1/runbooks', { signal });
}

export const runbooksQueryOptions = () => queryOptions({ queryKey: runbookKeys.list(), queryFn: ({ signal }) => getRunbooks(signal) });

export function useRunbooks() {
  return useQuery(runbooksQueryOptions());
}

export function getRunbook(id: string, signal?: AbortSignal): Promise<RunbookDto> {
  return apiRequest<RunbookDto>(runbookPath(id), { signal });
}

export const runbookQueryOptions = (id: string) => queryOptions({ queryKey: runbookKeys.detail(id), queryFn: ({ signal }) => getRunbook(id, signal) });

export function useRunbook(id: string) {
  return useQuery(runbookQueryOptions(id));
}

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RunbookDto, RunbookVersionDto } from '../../../contracts/runbooks';
import type { z } from 'zod';
import type { runbookVersionSummarySchema } from '../../../contracts/runbooks';
import { apiRequest } from '../../../lib/api-client';
import { runbookPath } from './get-runbooks';
import { runbookKeys } from './runbook-keys';
import { staleRunbook, storeRunbook } from './save-runbook';

export type RunbookVersionSummaryDto = z.infer<typeof runbookVersionSummarySchema>;
export type VersionList = { items: RunbookVersionSummaryDto[] };

export function getVersions(id: string, signal?: AbortSignal): Promise<VersionList> {
  return apiRequest<VersionList>(`${runbookPath(id)}/versions`, { signal });
}

export const versionsQueryOptions = (id: string) => queryOptions({ queryKey: runbookKeys.versions(id), queryFn: ({ signal }) => getVersions(id, signal) });

export function useVersions(id: string) {
  return useQuery(versionsQueryOptions(id));
}

export function getVersion(id: string, version: number, signal?: AbortSignal): Promise<RunbookVersionDto> {
  return apiRequest<RunbookVersionDto>(`${runbookPath(id)}/versions/${version}`, { signal });
}

/** A stored version never changes, so it is fetched once. */
export const versionQueryOptions = (id: string, version: number) =>
  queryOptions({ queryKey: runbookKeys.version(id, version), queryFn: ({ signal }) => getVersion(id, version, signal), staleTime: Infinity });

export function useVersion(id: string, version: number | null) {
  return useQuery({ ...versionQueryOptions(id, version ?? 0), enabled: version !== null });
}

export function restoreRunbook({ id, fromVersion, version }: { id: string; fromVersion: number; version: number }): Promise<RunbookDto> {
  return apiRequest<RunbookDto>(`${runbookPath(id)}/restore`, { method: 'POST', body: { fromVersion, version } });
}

export function useRestoreRunbook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: restoreRunbook,
    onSuccess: (runbook) => storeRunbook(queryClient, runbook),
    // A stale restore brings the newer version (and its place in the list) onto the screen.
    onError: (error) => {
      const stale = staleRunbook(error);
      if (stale) storeRunbook(queryClient, stale.current);
    },
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { PostmortemDto, PostmortemSectionDto, SaveSectionBody } from '../../../contracts/postmortems';
import { staleSectionDetailsSchema } from '../../../contracts/postmortems';
import type { StaleSectionDetails } from '../../../contracts/postmortems';
import type { PostmortemStatus, SectionKey } from '../../../domain/postmortem/model';
import { ApiRequestError, apiRequest } from '../../../lib/api-client';
import { postmortemPath, postmortemQueryOptions } from './get-postmortems';
import { postmortemKeys } from './postmortem-keys';

export type PatchPostmortem = { title?: string; ownerId?: string; followUpOn?: string };

export function patchPostmortem({ id, change }: { id: string; change: PatchPostmortem }): Promise<PostmortemDto> {
  return apiRequest<PostmortemDto>(postmortemPath(id), { method: 'PATCH', body: change });
}

export function changeStatus({ id, status, reason }: { id: string; status: PostmortemStatus; reason?: string }): Promise<PostmortemDto> {
  return apiRequest<PostmortemDto>(`${postmortemPath(id)}/status`, { method: 'POST', body: reason === undefined ? { status } : { status, reason } });
}

export function saveSection({ id, key, body }: { id: string; key: SectionKey; body: SaveSectionBody }): Promise<PostmortemSectionDto> {
  return apiRequest<PostmortemSectionDto>(`${postmortemPath(id)}/sections/${encodeURIComponent(key)}`, { method: 'PUT', body });
}

/** A stale save's 409 carries the stored section and the text that was sent. */
export function staleSection(error: unknown): StaleSectionDetails | undefined {
  if (!(error instanceof ApiRequestError) || error.status !== 409 || error.code !== 'stale_version') return undefined;
  const details = (error.payload as { error?: { details?: unknown } } | undefined)?.error?.details;
  const parsed = staleSectionDetailsSchema.safeParse(details);
  return parsed.success ? parsed.data : undefined;
}

/** The whole post-mortem as the server answered it replaces the cached one; the lists follow. */
export function storePostmortem(queryClient: QueryClient, postmortem: PostmortemDto): void {
  queryClient.setQueryData(postmortemQueryOptions(postmortem.id).queryKey, postmortem);
  void queryClient.invalidateQueries({ queryKey: postmortemKeys.list() });
  void queryClient.invalidateQueries({ queryKey: postmortemKeys.ofIncident(postmortem.incident.id) });
}

/** One saved section replaces its cached one. */
export function storeSection(queryClient: QueryClient, id: string, section: PostmortemSectionDto, timelineThroughSeq?: number): void {
  queryClient.setQueryData<PostmortemDto>(postmortemQueryOptions(id).queryKey, (data) =>
    data
      ? {
          ...data,
          sections: data.sections.map((s) => (s.key === section.key ? section : s)),
          ...(timelineThroughSeq === undefined ? {} : { timelineThroughSeq }),
        }
      : data,
  );
  void queryClient.invalidateQueries({ queryKey: postmortemKeys.list() });
}

export function usePatchPostmortem() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: patchPostmortem, onSuccess: (postmortem) => storePostmortem(queryClient, postmortem) });
}

export function useChangeStatus() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: changeStatus, onSuccess: (postmortem) => storePostmortem(queryClient, postmortem) });
}

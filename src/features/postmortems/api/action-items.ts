import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { PersonDto } from '../../../contracts/people';
import type { ActionItemDto, ActionItemWriteResult, CreateActionItemBody, PatchActionItemBody } from '../../../contracts/postmortems';
import type { LiveEvent } from '../../../contracts/live';
import { apiRequest } from '../../../lib/api-client';
import { postmortemKeys } from './postmortem-keys';

/** The filters of GET /api/v1/action-items, as the page keeps them in its URL. */
export type ActionItemFilters = {
  owner?: string | undefined;
  status?: 'open' | 'overdue' | 'closed' | 'all' | undefined;
  teamId?: string | undefined;
  serviceId?: string | undefined;
};

export type ActionItemList = { items: ActionItemDto[] };

function withoutEmpty(filters: ActionItemFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

export function getActionItems(filters: ActionItemFilters, signal?: AbortSignal): Promise<ActionItemList> {
  const query = new URLSearchParams(withoutEmpty(filters)).toString();
  return apiRequest<ActionItemList>(`/api/v1/action-items${query ? `?${query}` : ''}`, { signal });
}

export const actionItemsQueryOptions = (filters: ActionItemFilters) => {
  const clean = withoutEmpty(filters);
  return queryOptions({ queryKey: postmortemKeys.actionItems(clean), queryFn: ({ signal }) => getActionItems(clean, signal) });
};

export function useActionItems(filters: ActionItemFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...actionItemsQueryOptions(filters), enabled });
}

/**
 * The people an item may be given to. Features do not import each other, so this asks for the
 * directory itself, under the people feature's key (['people']) so both share one cached answer.
 */
export const ownerDirectoryQueryOptions = () =>
  queryOptions({
    queryKey: ['people'] as const,
    queryFn: ({ signal }) => apiRequest<{ items: PersonDto[] }>('/api/v1/people', { signal }),
    staleTime: 5 * 60_000,
  });

export function useOwnerDirectory() {
  return useQuery(ownerDirectoryQueryOptions());
}

const itemPath = (id: string) => `/api/v1/action-items/${encodeURIComponent(id)}`;

export function createActionItem({ postmortemId, body }: { postmortemId: string; body: CreateActionItemBody }): Promise<ActionItemWriteResult> {
  return apiRequest<ActionItemWriteResult>(`/api/v1/postmortems/${encodeURIComponent(postmortemId)}/action-items`, { method: 'POST', body });
}

export function patchActionItem({ id, body }: { id: string; body: PatchActionItemBody }): Promise<ActionItemWriteResult> {
  return apiRequest<ActionItemWriteResult>(itemPath(id), { method: 'PATCH', body });
}

export function deleteActionItem({ id }: { id: string; postmortemId: string }): Promise<void> {
  return apiRequest<void>(itemPath(id), { method: 'DELETE' });
}

/**
 * After any change to an item: its post-mortem (which lists it and counts the open ones), the
 * lists across post-mortems, the post-mortem summaries and every incident's recurrence panel.
 */
export function invalidateAfterItemChange(queryClient: QueryClient, postmortemId: string): Promise<unknown> {
  const recurrence = postmortemKeys.recurrence('')[1];
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: postmortemKeys.detail(postmortemId) }),
    queryClient.invalidateQueries({ queryKey: postmortemKeys.allActionItems() }),
    queryClient.invalidateQueries({ queryKey: postmortemKeys.list() }),
    queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === postmortemKeys.all[0] && query.queryKey[1] === recurrence }),
  ]);
}

export function useCreateActionItem() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createActionItem, onSuccess: (result) => invalidateAfterItemChange(queryClient, result.item.postmortemId) });
}

export function usePatchActionItem() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: patchActionItem, onSuccess: (result) => invalidateAfterItemChange(queryClient, result.item.postmortemId) });
}

export function useDeleteActionItem() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteActionItem, onSuccess: (_, { postmortemId }) => invalidateAfterItemChange(queryClient, postmortemId) });
}

/** Another tab or person changed an item: the same caches go stale as after our own write. */
export function applyActionItemLiveEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (event.kind === 'action_item.changed') void invalidateAfterItemChange(queryClient, event.data.postmortemId);
}

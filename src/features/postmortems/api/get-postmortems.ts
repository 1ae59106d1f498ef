import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PostmortemDto, PostmortemSummaryDto } from '../../../contracts/postmortems';
import type { PostmortemStatus } from '../../../domain/postmortem/model';
import { apiRequest } from '../../../lib/api-client';
import { postmortemKeys } from './postmortem-keys';

export const postmortemPath = (id: string) => `/api/v1/postmortems/${encodeURIComponent(id)}`;

export function getPostmortems(status: PostmortemStatus | undefined, signal?: AbortSignal): Promise<{ items: PostmortemSummaryDto[] }> {
  return apiRequest<{ items: PostmortemSummaryDto[] }>(`/api/v1/postmortems${status ? `?status=${encodeURIComponent(status)}` : ''}`, { signal });
}

export const postmortemListQueryOptions = (status: PostmortemStatus | undefined) =>
  queryOptions({ queryKey: [...postmortemKeys.list(), status ?? 'all'] as const, queryFn: ({ signal }) => getPostmortems(status, signal) });

export function usePostmortems(status: PostmortemStatus | undefined) {
  return useQuery(postmortemListQueryOptions(status));
}

export function getPostmortem(id: string, signal?: AbortSignal): Promise<PostmortemDto> {
  return apiRequest<PostmortemDto>(postmortemPath(id), { signal });
}

export const postmortemQueryOptions = (id: string) => queryOptions({ queryKey: postmortemKeys.detail(id), queryFn: ({ signal }) => getPostmortem(id, signal) });

export function usePostmortem(id: string) {
  return useQuery(postmortemQueryOptions(id));
}

import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntryDto } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';

export type AuditFilter = { actor?: string; action?: string; targetType?: string };
export type AuditPage = { items: AuditEntryDto[]; nextCursor: string | null };

export const AUDIT_PAGE_SIZE = 50;

export function getAudit(filter: AuditFilter, cursor: string | undefined, signal?: AbortSignal): Promise<AuditPage> {
  const params = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.action) params.set('action', filter.action);
  if (filter.targetType) params.set('targetType', filter.targetType);
  if (cursor !== undefined) params.set('cursor', cursor);
  return apiRequest<AuditPage>(`/api/v1/audit?${params.toString()}`, { signal });
}

/** Newest first; each "Load older" asks for the page after the last one, by the cursor the server handed out. */
export const auditQueryOptions = (filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: ['audit', filter] as const,
    queryFn: ({ pageParam, signal }) => getAudit(filter, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export function useAudit(filter: AuditFilter) {
  return useInfiniteQuery(auditQueryOptions(filter));
}

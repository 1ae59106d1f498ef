import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntryDto } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';

export type AuditFilter = { actor?: string; action?: string; targetType?: string };
export type AuditPage = { items: AuditEntryDto[] };

export const AUDIT_PAGE_SIZE = 50;

export function getAudit(filter: AuditFilter, before: number | undefined, signal?: AbortSignal): Promise<AuditPage> {
  const params = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.action) params.set('action', filter.action);
  if (filter.targetType) params.set('targetType', filter.targetType);
  if (before !== undefined) params.set('before', String(before));
  return apiRequest<AuditPage>(`/api/v1/audit?${params.toString()}`, { signal });
}

/** Newest first; each "Load older" asks for entries before the oldest one shown. */
export const auditQueryOptions = (filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: ['audit', filter] as const,
    queryFn: ({ pageParam, signal }) => getAudit(filter, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    // A short page is the last one; otherwise the next starts below the oldest seq seen.
    getNextPageParam: (last) => (last.items.length < AUDIT_PAGE_SIZE ? undefined : last.items[last.items.length - 1]?.seq),
  });

export function useAudit(filter: AuditFilter) {
  return useInfiniteQuery(auditQueryOptions(filter));
}

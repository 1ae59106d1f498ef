import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AckLinkDto } from '../../../contracts/escalation';
import { apiRequest } from '../../../lib/api-client';

const path = (token: string) => `/api/v1/ack/${encodeURIComponent(token)}`;

/** Reads the link; never acknowledges (mail scanners follow links). */
export function getAckLink(token: string, signal?: AbortSignal): Promise<AckLinkDto> {
  return apiRequest<AckLinkDto>(path(token), { signal, unauthenticatedIsAnswer: true });
}

export const ackLinkQueryOptions = (token: string) =>
  // Read once: refetching on focus would change nothing the person did not do here.
  queryOptions({ queryKey: ['ack-links', token] as const, queryFn: ({ signal }) => getAckLink(token, signal), staleTime: Infinity, refetchOnWindowFocus: false });

export function useAckLink(token: string) {
  return useQuery(ackLinkQueryOptions(token));
}

/** Acknowledges as the link's recipient; answered with the link, now used (410 when used or expired). */
export function acknowledgeByLink(token: string): Promise<AckLinkDto> {
  return apiRequest<AckLinkDto>(path(token), { method: 'POST', unauthenticatedIsAnswer: true });
}

export function useAcknowledgeByLink(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => acknowledgeByLink(token),
    onSuccess: (link) => queryClient.setQueryData(ackLinkQueryOptions(token).queryKey, link),
    // A 410 means someone (or this page in another tab) used it, or it ran out: show the link as it is now.
    onError: () => void queryClient.invalidateQueries({ queryKey: ackLinkQueryOptions(token).queryKey }),
  });
}

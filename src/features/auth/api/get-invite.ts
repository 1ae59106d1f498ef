import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export type Invite = { name: string; email: string };

export function getInvite(token: string, signal?: AbortSignal): Promise<Invite> {
  return apiRequest<Invite>(`/api/v1/invites/${encodeURIComponent(token)}`, { signal });
}

export const inviteQueryOptions = (token: string) =>
  queryOptions({ queryKey: ['invites', token] as const, queryFn: ({ signal }) => getInvite(token, signal), staleTime: Infinity });

export function useInvite(token: string) {
  return useQuery(inviteQueryOptions(token));
}

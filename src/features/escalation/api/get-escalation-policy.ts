import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EscalationPolicyViewDto } from '../../../contracts/escalation';
import { apiRequest } from '../../../lib/api-client';
import { escalationKeys } from './escalation-keys';

export const policyPath = (serviceId: string) => `/api/v1/services/${encodeURIComponent(serviceId)}/escalation-policy`;

export function getEscalationPolicy(serviceId: string, signal?: AbortSignal): Promise<EscalationPolicyViewDto> {
  return apiRequest<EscalationPolicyViewDto>(policyPath(serviceId), { signal });
}

/**
 * The policy with its lint and what the preview needs. The services page asks for it once per card
 * for the flag, so it is kept fresh for a minute rather than refetched on every mount.
 */
export const escalationPolicyQueryOptions = (serviceId: string) =>
  queryOptions({ queryKey: escalationKeys.view(serviceId), queryFn: ({ signal }) => getEscalationPolicy(serviceId, signal), staleTime: 60_000 });

export function useEscalationPolicy(serviceId: string) {
  return useQuery(escalationPolicyQueryOptions(serviceId));
}

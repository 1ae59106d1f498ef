import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { EscalationPolicyDto, EscalationPolicyViewDto, PutEscalationPolicyBody } from '../../../contracts/escalation';
import { ApiRequestError, apiRequest } from '../../../lib/api-client';
import { escalationPolicyQueryOptions, policyPath } from './get-escalation-policy';

export function saveEscalationPolicy({ serviceId, body }: { serviceId: string; body: PutEscalationPolicyBody }): Promise<EscalationPolicyDto> {
  return apiRequest<EscalationPolicyDto>(policyPath(serviceId), { method: 'PUT', body });
}

export function deleteEscalationPolicy({ serviceId, version }: { serviceId: string; version: number }): Promise<void> {
  return apiRequest<void>(`${policyPath(serviceId)}?version=${version}`, { method: 'DELETE' });
}

/** A stale write's 409: the policy as it is now (null when someone deleted it), or undefined for any other failure. */
export function conflictCurrent(error: unknown): { current: EscalationPolicyDto | null } | undefined {
  if (!(error instanceof ApiRequestError) || error.status !== 409) return undefined;
  const current = (error.payload as { current?: EscalationPolicyDto | null } | undefined)?.current;
  if (current === null) return { current: null };
  return current && typeof current.version === 'number' ? { current } : undefined;
}

/**
 * A saved policy replaces the cached one at once; the lint depends on it and is the server's to
 * compute, so the view is refetched too.
 */
function storePolicy(queryClient: QueryClient, serviceId: string, policy: EscalationPolicyDto | null): void {
  const { queryKey } = escalationPolicyQueryOptions(serviceId);
  queryClient.setQueryData<EscalationPolicyViewDto>(queryKey, (view) => (view ? { ...view, policy } : view));
  void queryClient.invalidateQueries({ queryKey });
}

export function useSaveEscalationPolicy() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: saveEscalationPolicy, onSuccess: (policy, { serviceId }) => storePolicy(queryClient, serviceId, policy) });
}

export function useDeleteEscalationPolicy() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteEscalationPolicy, onSuccess: (_, { serviceId }) => storePolicy(queryClient, serviceId, null) });
}

/** After a conflict the person chose to see the other version: the cache takes the current policy and the lint is refetched. */
export function useReloadEscalationPolicy() {
  const queryClient = useQueryClient();
  return (serviceId: string, current: EscalationPolicyDto | null) => storePolicy(queryClient, serviceId, current);
}

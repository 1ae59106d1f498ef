import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { tokensQueryOptions } from './get-tokens';

export function revokeToken({ id }: { id: string }): Promise<void> {
  return apiRequest<void>(`/api/v1/me/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: revokeToken, onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensQueryOptions().queryKey }) });
}

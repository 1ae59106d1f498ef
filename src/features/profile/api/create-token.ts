import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../domain/access/roles';
import { apiRequest } from '../../../lib/api-client';
import { tokensQueryOptions } from './get-tokens';

/** The secret comes back once, in this answer only: the server keeps just its hash. */
export type CreatedToken = { id: string; name: string; role: Role; token: string };

export function createToken(input: { name: string; role: Role }): Promise<CreatedToken> {
  return apiRequest<CreatedToken>('/api/v1/me/tokens', { method: 'POST', body: input });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createToken, onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensQueryOptions().queryKey }) });
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { apiTokenSchema } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';

export type ApiTokenDto = z.infer<typeof apiTokenSchema>;
export type TokenList = { items: ApiTokenDto[] };

export function getTokens(signal?: AbortSignal): Promise<TokenList> {
  return apiRequest<TokenList>('/api/v1/me/tokens', { signal });
}

export const tokensQueryOptions = () => queryOptions({ queryKey: ['me', 'tokens'] as const, queryFn: ({ signal }) => getTokens(signal) });

export function useTokens() {
  return useQuery(tokensQueryOptions());
}

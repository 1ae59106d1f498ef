import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreatedFeedDto } from '../../../contracts/feeds';
import { apiRequest } from '../../../lib/api-client';
import { feedsQueryOptions } from './get-feeds';

/** A feed of my own shifts on every schedule. Its URL holds the secret and comes back only in this answer. */
export function createFeed(): Promise<CreatedFeedDto> {
  return apiRequest<CreatedFeedDto>('/api/v1/me/feeds', { method: 'POST' });
}

export function useCreateFeed() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createFeed, onSuccess: () => void queryClient.invalidateQueries({ queryKey: feedsQueryOptions().queryKey }) });
}

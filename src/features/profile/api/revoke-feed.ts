import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { feedsQueryOptions } from './get-feeds';

/** From now on the feed's URL answers 404, so subscribed calendars stop updating. */
export function revokeFeed({ id }: { id: string }): Promise<void> {
  return apiRequest<void>(`/api/v1/me/feeds/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useRevokeFeed() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: revokeFeed, onSuccess: () => void queryClient.invalidateQueries({ queryKey: feedsQueryOptions().queryKey }) });
}

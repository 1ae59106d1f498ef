import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CalendarFeedList } from '../../../contracts/feeds';
import { apiRequest } from '../../../lib/api-client';

export function getFeeds(signal?: AbortSignal): Promise<CalendarFeedList> {
  return apiRequest<CalendarFeedList>('/api/v1/me/feeds', { signal });
}

/**
 * Always refetched on mount: a schedule page can create one of my feeds too, and it cannot reach
 * this key (features do not import each other), nor does any live event announce feeds.
 */
export const feedsQueryOptions = () => queryOptions({ queryKey: ['me', 'feeds'] as const, queryFn: ({ signal }) => getFeeds(signal), staleTime: 0 });

export function useFeeds() {
  return useQuery(feedsQueryOptions());
}

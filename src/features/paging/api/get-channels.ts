import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ChannelStateDto } from '../../../contracts/escalation';
import { apiRequest } from '../../../lib/api-client';

export async function getChannels(signal?: AbortSignal): Promise<ChannelStateDto[]> {
  return (await apiRequest<{ items: ChannelStateDto[] }>('/api/v1/admin/channels', { signal })).items;
}

export const channelsQueryOptions = () => queryOptions({ queryKey: ['admin', 'channels'] as const, queryFn: ({ signal }) => getChannels(signal) });

export function useChannels() {
  return useQuery(channelsQueryOptions());
}

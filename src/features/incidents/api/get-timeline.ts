import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TimelineEventDto } from '../../../contracts/incidents';
import { apiRequest } from '../../../lib/api-client';
import { incidentKeys } from './incident-keys';

export type Timeline = { items: TimelineEventDto[] };

export function getTimeline(id: string, signal?: AbortSignal): Promise<Timeline> {
  return apiRequest<Timeline>(`/api/v1/incidents/${encodeURIComponent(id)}/timeline`, { signal });
}

export const timelineQueryOptions = (id: string) =>
  queryOptions({ queryKey: incidentKeys.timeline(id), queryFn: ({ signal }) => getTimeline(id, signal) });

export function useTimeline(id: string) {
  return useQuery(timelineQueryOptions(id));
}

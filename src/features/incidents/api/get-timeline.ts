import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TimelineEventDto } from '../../../contracts/timeline-events';
import { apiRequest } from '../../../lib/api-client';
import { incidentKeys } from './incident-keys';

export type Timeline = { items: TimelineEventDto[] };
type TimelinePage = Timeline & { nextCursor: string | null };

/**
 * The whole timeline: every page, oldest first. The incident page shows (and the live stream
 * appends to) the complete log, so a first page alone would look complete and be wrong.
 */
export async function getTimeline(id: string, signal?: AbortSignal): Promise<Timeline> {
  const items: TimelineEventDto[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `?cursor=${encodeURIComponent(cursor)}`;
    const page: TimelinePage = await apiRequest<TimelinePage>(`/api/v1/incidents/${encodeURIComponent(id)}/timeline${query}`, { signal });
    items.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor !== null);
  return { items };
}

export const timelineQueryOptions = (id: string) =>
  queryOptions({ queryKey: incidentKeys.timeline(id), queryFn: ({ signal }) => getTimeline(id, signal) });

export function useTimeline(id: string) {
  return useQuery(timelineQueryOptions(id));
}

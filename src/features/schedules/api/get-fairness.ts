import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { scheduleKeys } from './schedule-keys';

export type FairnessPerson = { userId: string; name: string; zone: string; onCallHours: number; nightHours: number; weekendHours: number; deviation: number; flagged: boolean };
export type FairnessAnswer = { meanHours: number; people: FairnessPerson[] };

export function getFairness(id: string, from: string, to: string, signal?: AbortSignal): Promise<FairnessAnswer> {
  const query = new URLSearchParams({ from, to });
  return apiRequest<FairnessAnswer>(`/api/v1/schedules/${encodeURIComponent(id)}/fairness?${query.toString()}`, { signal });
}

export const fairnessQueryOptions = (id: string, from: string, to: string) =>
  queryOptions({ queryKey: scheduleKeys.fairness(id, from, to), queryFn: ({ signal }) => getFairness(id, from, to, signal) });

export function useFairness(id: string, from: string, to: string) {
  // Switching windows keeps the old table up until the new numbers arrive, instead of a flash of "loading".
  return useQuery({ ...fairnessQueryOptions(id, from, to), placeholderData: keepPreviousData });
}

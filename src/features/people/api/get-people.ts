import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PersonDto } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';

export type PeopleList = { items: PersonDto[] };

export function getPeople(signal?: AbortSignal): Promise<PeopleList> {
  return apiRequest<PeopleList>('/api/v1/people', { signal });
}

// The directory changes rarely; a stale list only costs a missing suggestion, never a wrong write.
export const peopleQueryOptions = () => queryOptions({ queryKey: ['people'] as const, queryFn: ({ signal }) => getPeople(signal), staleTime: 5 * 60_000 });

export function usePeople() {
  return useQuery(peopleQueryOptions());
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TeamDto } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';

export type TeamList = { items: TeamDto[] };

export function getTeams(signal?: AbortSignal): Promise<TeamList> {
  return apiRequest<TeamList>('/api/v1/teams', { signal });
}

export const teamsQueryOptions = () => queryOptions({ queryKey: ['teams'] as const, queryFn: ({ signal }) => getTeams(signal), staleTime: 5 * 60_000 });

export function useTeams() {
  return useQuery(teamsQueryOptions());
}

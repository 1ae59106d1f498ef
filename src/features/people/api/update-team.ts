import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TeamDto } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';
import { refetchAfterTeamChange } from './cache-updates';
import type { TeamInput } from './create-team';

/** Replaces the team's name and whole member list. */
export function updateTeam({ id, ...input }: TeamInput & { id: string }): Promise<TeamDto> {
  return apiRequest<TeamDto>(`/api/v1/teams/${encodeURIComponent(id)}`, { method: 'PUT', body: input });
}

export function useUpdateTeam() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateTeam, onSuccess: () => refetchAfterTeamChange(queryClient) });
}

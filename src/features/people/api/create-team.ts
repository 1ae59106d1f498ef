import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TeamDto } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';
import { refetchAfterTeamChange } from './cache-updates';

export type TeamInput = { name: string; members: Array<{ userId: string; manager: boolean }> };

export function createTeam(input: TeamInput): Promise<TeamDto> {
  return apiRequest<TeamDto>('/api/v1/teams', { method: 'POST', body: input });
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createTeam, onSuccess: () => refetchAfterTeamChange(queryClient) });
}

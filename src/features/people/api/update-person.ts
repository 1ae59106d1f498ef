import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PersonDto } from '../../../contracts/people';
import type { Role } from '../../../domain/access/roles';
import { apiRequest } from '../../../lib/api-client';
import { sessionQueryOptions } from '../../../lib/session';
import { peopleQueryOptions } from './get-people';
import { teamsQueryOptions } from './get-teams';

export type UpdatePersonInput = { id: string; role?: Role; name?: string };

export function updatePerson({ id, ...changes }: UpdatePersonInput): Promise<PersonDto> {
  return apiRequest<PersonDto>(`/api/v1/people/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
}

export function useUpdatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePerson,
    onSuccess: (person) => {
      queryClient.setQueryData(peopleQueryOptions().queryKey, (current) => (current ? { items: current.items.map((p) => (p.id === person.id ? person : p)) } : current));
      // Team member lists carry names; an admin who changed their own role sees different buttons.
      void queryClient.invalidateQueries({ queryKey: teamsQueryOptions().queryKey });
      if (queryClient.getQueryData(sessionQueryOptions().queryKey)?.user.id === person.id) void queryClient.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
    },
  });
}

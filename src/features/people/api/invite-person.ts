import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PersonDto } from '../../../contracts/people';
import type { Role } from '../../../domain/access/roles';
import { apiRequest } from '../../../lib/api-client';
import { peopleQueryOptions } from './get-people';

export type InvitePersonInput = { name: string; email: string; timeZone: string; role: Role };
/** `inviteUrl` is a path ("/invite/<token>"): the one-time link the admin passes on. */
export type Invitation = { person: PersonDto; inviteUrl: string };

export function invitePerson(input: InvitePersonInput): Promise<Invitation> {
  return apiRequest<Invitation>('/api/v1/people', { method: 'POST', body: input });
}

export function useInvitePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: invitePerson,
    onSuccess: ({ person }) => {
      queryClient.setQueryData(peopleQueryOptions().queryKey, (current) => (current ? { items: [...current.items, person] } : current));
    },
  });
}

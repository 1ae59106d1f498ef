import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** A fresh one-time link (the old one stops working), for a lost invitation or a forgotten password. */
export function reinvitePerson({ id }: { id: string }): Promise<{ inviteUrl: string }> {
  return apiRequest<{ inviteUrl: string }>(`/api/v1/people/${encodeURIComponent(id)}/invite`, { method: 'POST' });
}

export function useReinvitePerson() {
  return useMutation({ mutationFn: reinvitePerson });
}

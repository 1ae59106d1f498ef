import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { Session } from '../../../lib/session';
import { startSession } from '../../../lib/session';

export function acceptInvite({ token, password }: { token: string; password: string }): Promise<Session> {
  return apiRequest<Session>(`/api/v1/invites/${encodeURIComponent(token)}`, { method: 'POST', body: { password } });
}

export function useAcceptInvite() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: acceptInvite, onSuccess: (session) => startSession(queryClient, session) });
}

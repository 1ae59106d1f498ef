import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { Session } from '../../../lib/session';
import { startSession } from '../../../lib/session';
import { setupQueryOptions } from './get-setup';

export type FirstAdminInput = { name: string; email: string; timeZone: string; password: string };

export function createFirstAdmin(input: FirstAdminInput): Promise<Session> {
  return apiRequest<Session>('/api/v1/setup/admin', { method: 'POST', body: input });
}

export function useCreateFirstAdmin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createFirstAdmin,
    onSuccess: (session) => {
      queryClient.setQueryData(setupQueryOptions().queryKey, (current) => (current ? { ...current, needsAdmin: false } : current));
      // The server signed the new admin in with the same answer.
      startSession(queryClient, session);
    },
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { endSession } from '../../../lib/session';

export function signOut(): Promise<void> {
  // Already signed out (an expired session) is as good as signing out now.
  return apiRequest<void>('/api/v1/session', { method: 'DELETE', unauthenticatedIsAnswer: true }).catch((error: unknown) => {
    if ((error as { status?: number }).status !== 401) throw error;
  });
}

/**
 * `leave` takes the person off the signed-in pages before the session is dropped: if they were
 * still on screen they would see it end, and send the person to sign in "and come back here".
 */
export function useSignOut(leave: () => Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: async () => {
      await leave();
      endSession(queryClient);
    },
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { Session } from '../../../lib/session';
import { startSession } from '../../../lib/session';

export type SignInInput = { email: string; password: string };

export function signIn(input: SignInInput): Promise<Session> {
  // 401 here means a wrong e-mail or password, which the form shows; it ends no session.
  return apiRequest<Session>('/api/v1/session', { method: 'POST', body: input, unauthenticatedIsAnswer: true });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: signIn, onSuccess: (session) => startSession(queryClient, session) });
}

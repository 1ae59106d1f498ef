import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** Signs out every other session; the server answers this one with a fresh cookie. */
export function changePassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
  return apiRequest<void>('/api/v1/me/password', { method: 'POST', body: input });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ProfileDto } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';
import { profileQueryOptions } from './get-profile';

/** Checks the code; answered with the profile, the method now verified (400 naming `code` when wrong, 429 after too many tries). */
export function verifyContact({ contactMethodId, code }: { contactMethodId: string; code: string }): Promise<ProfileDto> {
  return apiRequest<ProfileDto>(`/api/v1/me/contact-methods/${encodeURIComponent(contactMethodId)}/verify`, { method: 'POST', body: { code } });
}

export function useVerifyContact() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyContact,
    onSuccess: (profile) => queryClient.setQueryData(profileQueryOptions().queryKey, profile),
  });
}

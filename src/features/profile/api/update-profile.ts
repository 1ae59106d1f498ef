import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ProfileDto } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';
import { sessionQueryOptions } from '../../../lib/session';
import { profileQueryOptions } from './get-profile';

export type ProfileChanges = {
  name?: string;
  timeZone?: string;
  quietHours?: { start: string; end: string } | null;
  p1BreaksQuietHours?: boolean;
  contactMethods?: Array<{ kind: ProfileDto['contactMethods'][number]['kind']; address: string }>;
  /** `contactIndex` points into `contactMethods` of the same request: they are saved together. */
  notificationRules?: Array<{ urgency: 'high' | 'low'; contactIndex: number; delayMinutes: number }>;
};

export function updateProfile(changes: ProfileChanges): Promise<ProfileDto> {
  return apiRequest<ProfileDto>('/api/v1/me', { method: 'PATCH', body: changes });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (profile) => {
      queryClient.setQueryData(profileQueryOptions().queryKey, profile);
      // The header shows the name from the session.
      queryClient.setQueryData(sessionQueryOptions().queryKey, (current) => {
        if (!current) return current;
        const { contactMethods: _methods, notificationRules: _rules, ...person } = profile;
        return { ...current, user: person };
      });
    },
  });
}

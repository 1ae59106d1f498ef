import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ProfileDto } from '../../../contracts/people';
import { apiRequest } from '../../../lib/api-client';

export function getProfile(signal?: AbortSignal): Promise<ProfileDto> {
  return apiRequest<ProfileDto>('/api/v1/me', { signal });
}

export const profileQueryOptions = () => queryOptions({ queryKey: ['me', 'profile'] as const, queryFn: ({ signal }) => getProfile(signal) });

export function useProfile() {
  return useQuery(profileQueryOptions());
}

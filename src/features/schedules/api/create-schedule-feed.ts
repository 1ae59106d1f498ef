import { useMutation } from '@tanstack/react-query';
import type { CreatedFeedDto } from '../../../contracts/feeds';
import { apiRequest } from '../../../lib/api-client';

/**
 * A secret feed of every shift of this schedule, owned by the caller (who can revoke it on their
 * profile). Its URL holds the secret and comes back only in this answer, so nothing is cached.
 */
export function createScheduleFeed({ scheduleId }: { scheduleId: string }): Promise<CreatedFeedDto> {
  return apiRequest<CreatedFeedDto>(`/api/v1/schedules/${encodeURIComponent(scheduleId)}/feeds`, { method: 'POST' });
}

export function useCreateScheduleFeed() {
  return useMutation({ mutationFn: createScheduleFeed });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ScheduleDto } from '../../../contracts/schedules';
import { apiRequest } from '../../../lib/api-client';
import { storeSchedule, storeStale } from './schedule-writes';

export function deleteOverride({ scheduleId, overrideId, version }: { scheduleId: string; overrideId: string; version: number }): Promise<ScheduleDto> {
  return apiRequest<ScheduleDto>(`/api/v1/schedules/${encodeURIComponent(scheduleId)}/overrides/${encodeURIComponent(overrideId)}?version=${version}`, { method: 'DELETE' });
}

export function useDeleteOverride() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteOverride, onSuccess: (schedule) => storeSchedule(queryClient, schedule), onError: (error) => storeStale(queryClient, error) });
}

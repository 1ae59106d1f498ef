import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ScheduleDto } from '../../../contracts/schedules';
import { apiRequest } from '../../../lib/api-client';
import { storeSchedule, storeStale } from './schedule-writes';

export type OverrideInput = { scheduleId: string; version: number; userId: string; start: string; end: string };

export function createOverride({ scheduleId, ...body }: OverrideInput): Promise<ScheduleDto> {
  return apiRequest<ScheduleDto>(`/api/v1/schedules/${encodeURIComponent(scheduleId)}/overrides`, { method: 'POST', body });
}

export function useCreateOverride() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createOverride, onSuccess: (schedule) => storeSchedule(queryClient, schedule), onError: (error) => storeStale(queryClient, error) });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ScheduleDto } from '../../../contracts/schedules';
import { apiRequest } from '../../../lib/api-client';
import type { OverrideInput } from './create-override';
import { storeSchedule, storeStale } from './schedule-writes';

/** Moves, resizes or reassigns an override: the whole new span and person are sent. */
export function updateOverride({ scheduleId, overrideId, ...body }: OverrideInput & { overrideId: string }): Promise<ScheduleDto> {
  return apiRequest<ScheduleDto>(`/api/v1/schedules/${encodeURIComponent(scheduleId)}/overrides/${encodeURIComponent(overrideId)}`, { method: 'PUT', body });
}

export function useUpdateOverride() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateOverride, onSuccess: (schedule) => storeSchedule(queryClient, schedule), onError: (error) => storeStale(queryClient, error) });
}

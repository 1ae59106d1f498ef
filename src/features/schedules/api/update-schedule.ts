import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LayerDto, ScheduleDto } from '../../../contracts/schedules';
import { apiRequest } from '../../../lib/api-client';
import { storeSchedule, storeStale } from './schedule-writes';

export type ScheduleChange = { id: string; version: number; name?: string; zone?: string; layers?: LayerDto[]; backupLag?: number | null };

export function updateSchedule({ id, ...body }: ScheduleChange): Promise<ScheduleDto> {
  return apiRequest<ScheduleDto>(`/api/v1/schedules/${encodeURIComponent(id)}`, { method: 'PUT', body });
}

export function useUpdateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateSchedule, onSuccess: (schedule) => storeSchedule(queryClient, schedule), onError: (error) => storeStale(queryClient, error) });
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ScheduleDto } from '../../../contracts/schedules';
import { apiRequest } from '../../../lib/api-client';
import { scheduleKeys } from './schedule-keys';

export function getSchedule(id: string, signal?: AbortSignal): Promise<ScheduleDto> {
  return apiRequest<ScheduleDto>(`/api/v1/schedules/${encodeURIComponent(id)}`, { signal });
}

export const scheduleQueryOptions = (id: string) => queryOptions({ queryKey: scheduleKeys.detail(id), queryFn: ({ signal }) => getSchedule(id, signal) });

export function useSchedule(id: string) {
  return useQuery(scheduleQueryOptions(id));
}

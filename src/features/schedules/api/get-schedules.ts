import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ScheduleDto } from '../../../contracts/schedules';
import { apiRequest } from '../../../lib/api-client';
import { scheduleKeys } from './schedule-keys';

export type ScheduleList = { items: ScheduleDto[] };

export function getSchedules(signal?: AbortSignal): Promise<ScheduleList> {
  return apiRequest<ScheduleList>('/api/v1/schedules', { signal });
}

export const schedulesQueryOptions = () => queryOptions({ queryKey: scheduleKeys.list(), queryFn: ({ signal }) => getSchedules(signal) });

export function useSchedules() {
  return useQuery(schedulesQueryOptions());
}

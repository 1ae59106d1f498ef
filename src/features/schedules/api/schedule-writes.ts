import type { QueryClient } from '@tanstack/react-query';
import type { ScheduleDto } from '../../../contracts/schedules';
import { ApiRequestError } from '../../../lib/api-client';
import { scheduleQueryOptions } from './get-schedule';
import { scheduleKeys } from './schedule-keys';

/** Shown whenever a write was refused because someone else saved first. */
export const STALE_MESSAGE = "Someone changed this schedule — you're seeing the latest; your change was not saved";

/** The schedule a stale write's 409 carries, or undefined for any other failure. */
export function staleCurrent(error: unknown): ScheduleDto | undefined {
  if (!(error instanceof ApiRequestError) || error.status !== 409) return undefined;
  const current = (error.payload as { current?: ScheduleDto } | undefined)?.current;
  return current && typeof current.version === 'number' ? current : undefined;
}

/**
 * Every schedule write answers with the whole schedule (or, when stale, the current one): the
 * answer replaces the cached copy, and what derives from it (on-call now, fairness, the list) is refetched.
 */
export function storeSchedule(queryClient: QueryClient, schedule: ScheduleDto): void {
  queryClient.setQueryData(scheduleQueryOptions(schedule.id).queryKey, schedule);
  void queryClient.invalidateQueries({ queryKey: scheduleKeys.list() });
  void queryClient.invalidateQueries({ queryKey: scheduleKeys.onCall() });
  void queryClient.invalidateQueries({ queryKey: [...scheduleKeys.all, 'fairness', schedule.id] });
}

/** On a stale write, show the schedule as it is now; the caller tells the person nothing was saved. */
export function storeStale(queryClient: QueryClient, error: unknown): void {
  const current = staleCurrent(error);
  if (current) storeSchedule(queryClient, current);
}

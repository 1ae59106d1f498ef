import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { scheduleKeys } from './schedule-keys';

import type { OnCallEntryDto, OnCallPersonDto } from '../../../contracts/schedules';

export type OnCallPerson = OnCallPersonDto;
export type OnCallEntry = OnCallEntryDto;
export type OnCallList = { items: OnCallEntry[] };

export function getOnCall(signal?: AbortSignal): Promise<OnCallList> {
  return apiRequest<OnCallList>('/api/v1/on-call', { signal });
}

// Who is on call changes at handoffs and overrides; a minute of staleness is fine for a glance panel.
export const onCallQueryOptions = () => queryOptions({ queryKey: scheduleKeys.onCall(), queryFn: ({ signal }) => getOnCall(signal), refetchInterval: 60_000 });

export function useOnCall() {
  return useQuery(onCallQueryOptions());
}

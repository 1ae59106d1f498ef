import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { scheduleKeys } from './schedule-keys';

export type OnCallPerson = { userId: string; name: string; until: string | null; inQuietHours: boolean };
export type OnCallEntry = { scheduleId: string; name: string; zone: string; teamId: string; primary: OnCallPerson | null; backup: OnCallPerson | null };
export type OnCallList = { items: OnCallEntry[] };

export function getOnCall(signal?: AbortSignal): Promise<OnCallList> {
  return apiRequest<OnCallList>('/api/v1/on-call', { signal });
}

// Who is on call changes at handoffs and overrides; a minute of staleness is fine for a glance panel.
export const onCallQueryOptions = () => queryOptions({ queryKey: scheduleKeys.onCall(), queryFn: ({ signal }) => getOnCall(signal), refetchInterval: 60_000 });

export function useOnCall() {
  return useQuery(onCallQueryOptions());
}

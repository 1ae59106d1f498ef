import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MaintenanceWindowDto } from '../../../contracts/escalation';
import { apiRequest } from '../../../lib/api-client';
import { escalationKeys } from './escalation-keys';

const windowsPath = (serviceId: string) => `/api/v1/services/${encodeURIComponent(serviceId)}/maintenance-windows`;

export type MaintenanceWindowList = { items: MaintenanceWindowDto[] };

export function getMaintenanceWindows(serviceId: string, signal?: AbortSignal): Promise<MaintenanceWindowList> {
  return apiRequest<MaintenanceWindowList>(windowsPath(serviceId), { signal });
}

export const maintenanceWindowsQueryOptions = (serviceId: string) =>
  queryOptions({ queryKey: escalationKeys.maintenance(serviceId), queryFn: ({ signal }) => getMaintenanceWindows(serviceId, signal) });

export function useMaintenanceWindows(serviceId: string) {
  return useQuery(maintenanceWindowsQueryOptions(serviceId));
}

export function startMaintenance({ serviceId, end, reason }: { serviceId: string; end: string; reason: string }): Promise<MaintenanceWindowDto> {
  return apiRequest<MaintenanceWindowDto>(windowsPath(serviceId), { method: 'POST', body: { end, reason } });
}

export function endMaintenance({ serviceId, windowId }: { serviceId: string; windowId: string }): Promise<MaintenanceWindowDto> {
  return apiRequest<MaintenanceWindowDto>(`${windowsPath(serviceId)}/${encodeURIComponent(windowId)}/end`, { method: 'POST' });
}

function useWindowWrite<T extends { serviceId: string }>(write: (input: T) => Promise<MaintenanceWindowDto>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: (_, { serviceId }) => void queryClient.invalidateQueries({ queryKey: maintenanceWindowsQueryOptions(serviceId).queryKey }) });
}

export const useStartMaintenance = () => useWindowWrite(startMaintenance);
export const useEndMaintenance = () => useWindowWrite(endMaintenance);

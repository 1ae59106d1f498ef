import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ServiceDto } from '../../../contracts/services';
import { apiRequest } from '../../../lib/api-client';
import { upsertService } from './cache-updates';

export function addIntegrationKey({ serviceId }: { serviceId: string }): Promise<ServiceDto> {
  return apiRequest<ServiceDto>(`/api/v1/services/${encodeURIComponent(serviceId)}/integration-keys`, { method: 'POST' });
}

export function useAddIntegrationKey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: addIntegrationKey, onSuccess: (service) => upsertService(queryClient, service) });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ServiceDto } from '../../../contracts/services';
import { apiRequest } from '../../../lib/api-client';
import { upsertService } from './cache-updates';

/** Issues a new key and revokes the old one in one step. */
export function rotateIntegrationKey({ serviceId, keyId }: { serviceId: string; keyId: string }): Promise<ServiceDto> {
  return apiRequest<ServiceDto>(`/api/v1/services/${encodeURIComponent(serviceId)}/integration-keys/${encodeURIComponent(keyId)}/rotate`, { method: 'POST' });
}

export function useRotateIntegrationKey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: rotateIntegrationKey, onSuccess: (service) => upsertService(queryClient, service) });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ServiceDto } from '../../../contracts/services';
import { apiRequest } from '../../../lib/api-client';
import { upsertService } from './cache-updates';

export function revokeIntegrationKey({ serviceId, keyId }: { serviceId: string; keyId: string }): Promise<ServiceDto> {
  return apiRequest<ServiceDto>(`/api/v1/services/${encodeURIComponent(serviceId)}/integration-keys/${encodeURIComponent(keyId)}`, { method: 'DELETE' });
}

export function useRevokeIntegrationKey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: revokeIntegrationKey, onSuccess: (service) => upsertService(queryClient, service) });
}

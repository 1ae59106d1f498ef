import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ServiceDto } from '../../../contracts/services';
import { apiRequest } from '../../../lib/api-client';
import { upsertService } from './cache-updates';

export function renameService({ id, name }: { id: string; name: string }): Promise<ServiceDto> {
  return apiRequest<ServiceDto>(`/api/v1/services/${encodeURIComponent(id)}`, { method: 'PATCH', body: { name } });
}

export function useRenameService() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: renameService, onSuccess: (service) => upsertService(queryClient, service) });
}

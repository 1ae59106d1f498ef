import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ServiceDto } from '../../../contracts/services';
import { apiRequest } from '../../../lib/api-client';
import { upsertService } from './cache-updates';

export function createService({ name, actor }: { name: string; actor?: string | undefined }): Promise<ServiceDto> {
  return apiRequest<ServiceDto>('/api/v1/services', { method: 'POST', body: actor ? { name, actor } : { name } });
}

export function useCreateService() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createService, onSuccess: (service) => upsertService(queryClient, service) });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateServiceBody, ServiceDto } from '../../../contracts/services';
import { apiRequest } from '../../../lib/api-client';
import { upsertService } from './cache-updates';

export function createService(input: CreateServiceBody): Promise<ServiceDto> {
  return apiRequest<ServiceDto>('/api/v1/services', { method: 'POST', body: input });
}

export function useCreateService() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createService, onSuccess: (service) => upsertService(queryClient, service) });
}

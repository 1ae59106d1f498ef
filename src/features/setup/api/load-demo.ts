import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SetupStatus } from '../../../contracts/setup';
import { apiRequest } from '../../../lib/api-client';
import { setupQueryOptions } from './get-setup';

export function loadDemo(): Promise<SetupStatus> {
  return apiRequest<SetupStatus>('/api/v1/setup/demo', { method: 'POST' });
}

export function useLoadDemo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: loadDemo,
    onSuccess: (status) => {
      queryClient.setQueryData(setupQueryOptions().queryKey, status);
      // The example organisation touches services, people and incidents at once: refetch everything.
      void queryClient.invalidateQueries();
    },
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { setupQueryOptions } from './get-setup';

export type LoadDemoAnswer = { empty: boolean; demoLoaded: boolean };

export function loadDemo(): Promise<LoadDemoAnswer> {
  return apiRequest<LoadDemoAnswer>('/api/v1/setup/demo', { method: 'POST' });
}

export function useLoadDemo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: loadDemo,
    onSuccess: (answer) => {
      queryClient.setQueryData(setupQueryOptions().queryKey, (current) => (current ? { ...current, ...answer } : current));
      // The example organisation touches services, people, teams and incidents at once: refetch
      // everything, the session included (the admin now manages the example team).
      void queryClient.invalidateQueries();
    },
  });
}

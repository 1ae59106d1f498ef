import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from './api-client';

/**
 * The live stream keeps caches current, so data stays fresh for a while and a refetch is a safety
 * net rather than the mechanism. A 4xx will not change by asking again, so it is not retried.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => {
          if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) return false;
          return failures < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}

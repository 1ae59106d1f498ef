import type { QueryClient } from '@tanstack/react-query';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { watchForExpiredSession } from '../lib/session';
import { useLiveSync } from './live-sync';

function SessionSync({ queryClient }: { queryClient: QueryClient }) {
  useEffect(() => watchForExpiredSession(queryClient), [queryClient]);
  useLiveSync(queryClient);
  return null;
}

export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionSync queryClient={queryClient} />
      {children}
    </QueryClientProvider>
  );
}

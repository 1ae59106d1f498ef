import type { QueryClient } from '@tanstack/react-query';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useLiveSync } from './live-sync';

function LiveSync({ queryClient }: { queryClient: QueryClient }) {
  useLiveSync(queryClient);
  return null;
}

export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <LiveSync queryClient={queryClient} />
      {children}
    </QueryClientProvider>
  );
}

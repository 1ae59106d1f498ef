import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { refetchEverything } from './live-cache';

describe('refetching after a gap in the live stream', () => {
  it('replaces a first load that the server answered before the change, and refreshes loaded data', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 60_000 } } });
    let serverValue = 'before';
    const held: Array<() => void> = [];
    const slow = new QueryObserver(queryClient, {
      queryKey: ['slow'],
      queryFn: () => {
        const answer = serverValue;
        return new Promise<string>((resolve) => held.push(() => resolve(answer)));
      },
    });
    const loaded = new QueryObserver(queryClient, { queryKey: ['loaded'], queryFn: () => Promise.resolve(serverValue) });
    const stop = [slow.subscribe(() => {}), loaded.subscribe(() => {})];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queryClient.getQueryData(['loaded'])).toBe('before');

    serverValue = 'after';
    refetchEverything(queryClient);
    for (let round = 0; round < 10 && queryClient.isFetching() > 0; round += 1) {
      held.splice(0).forEach((release) => release());
      await new Promise((resolve) => setTimeout(resolve, 0));
    }

    expect(queryClient.getQueryData(['slow'])).toBe('after');
    expect(queryClient.getQueryData(['loaded'])).toBe('after');
    stop.forEach((unsubscribe) => unsubscribe());
  });
});

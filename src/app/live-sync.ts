import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { applyIncidentLiveEvent } from '../features/incidents/api/cache-updates';
import { applyPostmortemLiveEvent } from '../features/postmortems/api/cache-updates';
import { applyRunbookLiveEvent } from '../features/runbooks/api/cache-updates';
import { applyActionItemLiveEvent } from '../features/postmortems/api/action-items';
import { applyIncidentPostmortemLiveEvent } from '../features/postmortems/api/incident-postmortem';
import { applyServiceLiveEvent } from '../features/services/api/cache-updates';
import { applySetupLiveEvent } from '../features/setup/api/cache-updates';
import { applyStatusLiveEvent } from '../features/status-page/api/cache-updates';
import { refetchEverything } from '../lib/live-cache';
import { setLiveIdentity, subscribeToLive } from '../lib/live-stream';
import { useSession } from '../lib/session';

/**
 * Connects the tab's one live stream to the query cache. Each feature knows how an event changes
 * its own caches; this is the one place that hands every event to all of them. The stream runs
 * only while someone is signed in, and starts afresh for each sign-in.
 */
export function useLiveSync(queryClient: QueryClient): void {
  const userId = useSession().data?.user.id ?? null;
  useEffect(() => setLiveIdentity(userId), [userId]);
  useEffect(
    () =>
      subscribeToLive({
        onEvent: (event) => {
          applyIncidentLiveEvent(queryClient, event);
          applyRunbookLiveEvent(queryClient, event);
          applyServiceLiveEvent(queryClient, event);
          applySetupLiveEvent(queryClient, event);
          applyPostmortemLiveEvent(queryClient, event);
          applyActionItemLiveEvent(queryClient, event);
          applyIncidentPostmortemLiveEvent(queryClient, event);
          applyStatusLiveEvent(queryClient, event);
        },
        onReady: ({ resumed }) => {
          // A fresh connection cannot replay what happened before it: whatever was fetched
          // earlier, or is being fetched now, may already be stale, so ask for it all again.
          if (!resumed) refetchEverything(queryClient);
        },
      }),
    [queryClient],
  );
}

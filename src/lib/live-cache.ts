import type { Query, QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * A fetch that is in flight when a live event arrives may have been answered by the server before
 * the event's change committed. Writing the change into the cache now would not help: the older
 * answer lands afterwards and overwrites it, and the change is lost until the next refetch. So such
 * a query is refetched instead (the in-flight request is cancelled); the new request starts after
 * the commit and its answer includes the change.
 */
function refetchIfInFlight(queryClient: QueryClient, query: Query): boolean {
  if (query.state.fetchStatus !== 'fetching') return false;
  // `invalidateQueries` would not do: for a query with no data yet (the first load) it joins the
  // request in flight instead of replacing it. A silent cancel hands the old request's waiters the
  // new one's answer.
  const filters = { queryKey: query.queryKey, exact: true };
  void queryClient.cancelQueries(filters, { silent: true, revert: false });
  void queryClient.refetchQueries(filters);
  return true;
}

/**
 * Applies a live event's change to every cached query under `queryKey` (a prefix). Queries with
 * no data yet are left to their first fetch; queries with a fetch in flight are refetched.
 */
export function updateCachedQueries<T>(queryClient: QueryClient, queryKey: QueryKey, update: (current: T, key: QueryKey) => T): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey })) {
    if (refetchIfInFlight(queryClient, query)) continue;
    const current = query.state.data as T | undefined;
    if (current === undefined) continue;
    const next = update(current, query.queryKey);
    if (next !== current) queryClient.setQueryData<T>(query.queryKey, next);
  }
}

/**
 * Like `updateCachedQueries` for one exact key. `update` also sees an empty cache entry, so a
 * value that is complete on its own (an incident snapshot) can fill it; a partial one should
 * return it unchanged.
 */
export function updateCachedQuery<T>(queryClient: QueryClient, queryKey: QueryKey, update: (current: T | undefined) => T | undefined): void {
  const query = queryClient.getQueryCache().find({ queryKey, exact: true });
  if (query && refetchIfInFlight(queryClient, query)) return;
  queryClient.setQueryData<T>(queryKey, (current) => update(current));
}

/**
 * After a gap the stream cannot replay (a fresh connection), everything fetched may be stale, and
 * so may every answer still on its way: all of it is asked for again.
 */
export function refetchEverything(queryClient: QueryClient): void {
  const inFlight = new Set(queryClient.getQueryCache().findAll({ fetchStatus: 'fetching' }));
  for (const query of inFlight) refetchIfInFlight(queryClient, query);
  void queryClient.invalidateQueries({ predicate: (query) => !inFlight.has(query) });
}

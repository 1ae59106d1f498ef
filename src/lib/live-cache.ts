import type { Query, QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * A fetch that is in flight when a live event arrives may have been answered by the server before
 * the event's change committed. Writing the change into the cache now would not help: the older
 * answer lands afterwards and overwrites it. So such a query is marked, and asked for again once
 * its answer has landed; that request starts after the commit and its answer includes the change.
 * It is not cancelled and restarted at once: during an alert storm every restart would meet the
 * next event, and the list would never finish loading. Any number of events during one fetch cost
 * one follow-up fetch.
 */
const watchers = new WeakMap<QueryClient, WeakSet<Query>>();

function staleAnswers(queryClient: QueryClient): WeakSet<Query> {
  let marked = watchers.get(queryClient);
  if (marked) return marked;
  const set = new WeakSet<Query>();
  marked = set;
  watchers.set(queryClient, set);
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || !set.has(event.query)) return;
    const action = event.action.type;
    if (action !== 'success' && action !== 'error') return;
    set.delete(event.query);
    if (action === 'success') void queryClient.invalidateQueries({ queryKey: event.query.queryKey, exact: true, refetchType: 'all' });
  });
  return set;
}

/** Marks a query whose answer is on its way as stale on arrival; false when nothing is in flight. */
function refetchAfterLanding(queryClient: QueryClient, query: Query): boolean {
  if (query.state.fetchStatus !== 'fetching') return false;
  staleAnswers(queryClient).add(query);
  return true;
}

/**
 * Applies a live event's change to every cached query under `queryKey` (a prefix). Queries with
 * no data yet are left to their first fetch; queries with a fetch in flight are fetched again
 * after it lands.
 */
export function updateCachedQueries<T>(queryClient: QueryClient, queryKey: QueryKey, update: (current: T, key: QueryKey) => T): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey })) {
    if (refetchAfterLanding(queryClient, query)) continue;
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
  if (query && refetchAfterLanding(queryClient, query)) return;
  queryClient.setQueryData<T>(queryKey, (current) => update(current));
}

/**
 * After a gap the stream cannot replay (a fresh connection), everything fetched may be stale, and
 * so may every answer still on its way: all of it is asked for again (answers on their way, once
 * they land).
 */
export function refetchEverything(queryClient: QueryClient): void {
  const inFlight = new Set(queryClient.getQueryCache().findAll({ fetchStatus: 'fetching' }));
  for (const query of inFlight) refetchAfterLanding(queryClient, query);
  void queryClient.invalidateQueries({ predicate: (query) => !inFlight.has(query) });
}

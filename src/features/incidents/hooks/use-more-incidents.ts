import { useCallback, useMemo, useState } from 'react';
import type { IncidentDto } from '../../../contracts/incidents';
import { getIncidents } from '../api/get-incidents';
import type { IncidentListFilter } from '../api/incident-keys';

type State = { key: string; items: IncidentDto[]; cursor: string | null; pending: boolean; error: unknown };

/**
 * The pages after a list's first one, fetched on request ("Load more"). The first page stays the
 * live, cached query; these older pages are history, fetched with the keyset cursor the previous
 * page handed out, so incidents arriving meanwhile never shift them. Starts over when the filter
 * changes.
 */
export function useMoreIncidents(filter: IncidentListFilter, firstPage: { items: readonly IncidentDto[]; nextCursor?: string | null } | undefined) {
  const key = JSON.stringify(filter);
  const [state, setState] = useState<State | null>(null);
  const mine = state && state.key === key ? state : null;
  const cursor = mine ? mine.cursor : (firstPage?.nextCursor ?? null);

  const loadMore = useCallback(async () => {
    if (cursor === null) return;
    setState({ key, items: mine?.items ?? [], cursor, pending: true, error: undefined });
    try {
      const page = await getIncidents(filter, undefined, cursor);
      setState({ key, items: [...(mine?.items ?? []), ...page.items], cursor: page.nextCursor ?? null, pending: false, error: undefined });
    } catch (error) {
      setState({ key, items: mine?.items ?? [], cursor, pending: false, error });
    }
  }, [cursor, filter, key, mine]);

  const loaded = mine?.items;
  const firstItems = firstPage?.items;
  // Incidents of the later pages that the first page does not already hold.
  const items = useMemo(() => {
    const first = new Set((firstItems ?? []).map((i) => i.id));
    return (loaded ?? []).filter((i) => !first.has(i.id));
  }, [loaded, firstItems]);
  return {
    items,
    hasMore: cursor !== null,
    pending: mine?.pending ?? false,
    error: mine?.error,
    loadMore,
  };
}

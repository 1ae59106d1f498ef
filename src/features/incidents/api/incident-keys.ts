import type { Severity } from '../../../domain/incident/severity';

export type IncidentListFilter = {
  state: 'open' | 'resolved' | 'all';
  serviceId?: string;
  severity?: Severity;
  limit?: number;
};

/**
 * Every incident query key is built here, so the endpoint files, the mutations and the live
 * stream all address the same cache entries (and prefixes of them) without retyping a key.
 */
export const incidentKeys = {
  all: ['incidents'] as const,
  lists: () => [...incidentKeys.all, 'list'] as const,
  list: (filter: IncidentListFilter) => [...incidentKeys.lists(), filter] as const,
  detail: (id: string) => [...incidentKeys.all, 'detail', id] as const,
  timeline: (id: string) => [...incidentKeys.all, 'timeline', id] as const,
};

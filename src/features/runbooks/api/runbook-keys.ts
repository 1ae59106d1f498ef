/** Every runbook query key, built here so a key is never retyped. */
export const runbookKeys = {
  all: ['runbooks'] as const,
  list: () => [...runbookKeys.all, 'list'] as const,
  detail: (id: string) => [...runbookKeys.all, 'detail', id] as const,
  versions: (id: string) => [...runbookKeys.all, 'versions', id] as const,
  version: (id: string, version: number) => [...runbookKeys.all, 'versions', id, version] as const,
  incident: (incidentId: string) => [...runbookKeys.all, 'incident', incidentId] as const,
};

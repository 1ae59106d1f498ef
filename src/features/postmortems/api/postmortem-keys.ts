/** Every post-mortem and action item query key, built here so a key is never retyped. */
export const postmortemKeys = {
  all: ['postmortems'] as const,
  list: () => [...postmortemKeys.all, 'list'] as const,
  detail: (id: string) => [...postmortemKeys.all, 'detail', id] as const,
  /** The post-mortem of an incident (404 until one is started). */
  ofIncident: (incidentId: string) => [...postmortemKeys.all, 'incident', incidentId] as const,
  timelineDraft: (id: string) => [...postmortemKeys.all, 'timeline-draft', id] as const,
  presence: (id: string) => [...postmortemKeys.all, 'presence', id] as const,
  recurrence: (incidentId: string) => [...postmortemKeys.all, 'recurrence', incidentId] as const,
  actionItems: (filters: Record<string, string | undefined>) => [...postmortemKeys.all, 'action-items', filters] as const,
  allActionItems: () => [...postmortemKeys.all, 'action-items'] as const,
};

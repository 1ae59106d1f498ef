/** Every status-page query key, built here so a key is never retyped. */
export const statusKeys = {
  all: ['status-page'] as const,
  components: () => [...statusKeys.all, 'components'] as const,
  incidents: () => [...statusKeys.all, 'incidents'] as const,
  ofIncident: (incidentId: string) => [...statusKeys.all, 'incident', incidentId] as const,
  draft: (incidentId: string) => [...statusKeys.all, 'draft', incidentId] as const,
  maintenances: () => [...statusKeys.all, 'maintenances'] as const,
  chatMirrors: () => [...statusKeys.all, 'chat-mirrors'] as const,
  subscribers: () => [...statusKeys.all, 'subscribers'] as const,
};

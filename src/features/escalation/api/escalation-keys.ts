/**
 * Every escalation query key is built here, so endpoint files and mutations address the same cache
 * entries without retyping a key.
 */
export const escalationKeys = {
  all: ['escalation'] as const,
  view: (serviceId: string) => [...escalationKeys.all, 'view', serviceId] as const,
  maintenance: (serviceId: string) => [...escalationKeys.all, 'maintenance', serviceId] as const,
};

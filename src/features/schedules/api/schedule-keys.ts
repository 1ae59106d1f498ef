/**
 * Every schedule query key is built here, so endpoint files and mutations address the same cache
 * entries (and prefixes of them) without retyping a key.
 */
export const scheduleKeys = {
  all: ['schedules'] as const,
  list: () => [...scheduleKeys.all, 'list'] as const,
  detail: (id: string) => [...scheduleKeys.all, 'detail', id] as const,
  fairness: (id: string, from: string, to: string) => [...scheduleKeys.all, 'fairness', id, from, to] as const,
  onCall: () => [...scheduleKeys.all, 'on-call'] as const,
};

import type { z } from 'zod';
import { incidentSchema, timelineEventSchema } from './incidents';
import { serviceSchema } from './services';

/**
 * What `GET /api/v1/events` sends as each message's `data` (its SSE `id` is `seq`). Incident
 * events carry the incident as it is after the change, so a dashboard updates without a refetch.
 */
export const liveEventSchema = timelineEventSchema.extend({
  incident: incidentSchema.optional(),
  service: serviceSchema.optional(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

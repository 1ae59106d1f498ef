import { z } from 'zod';
import { incidentSchema } from './incidents';
import { serviceSummarySchema } from './services';
import { timelineEventBodySchema, timelineEventEnvelopeSchema } from './timeline-events';

/**
 * What `GET /api/v1/events` sends as each message's `data` (its SSE `id` is `seq`): a timeline
 * event of the one typed union. Incident events carry the incident as it is after the change, so a
 * dashboard updates without a refetch; service events carry the service without its keys (editors
 * fetch those through the API).
 */
export const liveEventSchema = z.intersection(
  timelineEventEnvelopeSchema.extend({
    incident: incidentSchema.optional(),
    /** Without keys: the stream goes to every reader, and keys are for the service's editors only. */
    service: serviceSummarySchema.optional(),
  }),
  timelineEventBodySchema,
);
export type LiveEvent = z.infer<typeof liveEventSchema>;

import { z } from 'zod';
import { isIanaZone } from '../domain/people/contact';
import { BUCKET_SIZES } from '../domain/metrics/buckets';
import { isoInstant } from './common';
import { severitySchema } from './incidents';

/**
 * GET /api/v1/metrics (JSON) and GET /api/v1/metrics.csv (the same numbers as CSV): MTTA, MTTR
 * and time to first escalation per week or month bucket in the viewer's zone, per group, and the
 * burnout view (interruptions per person in their own local hours). Aggregated on the server with
 * the domain's rules (domain/metrics); durations are milliseconds, null when nothing was measured.
 */

const filterId = z.string().min(1, 'must not be empty').max(100, 'must be an id');

export const metricsQuerySchema = z
  .object({
    from: isoInstant,
    to: isoInstant,
    /** The viewer's zone: buckets start at Monday 00:00 (week) or the 1st 00:00 (month) there. */
    zone: z.string({ error: 'is required (an IANA time zone)' }).refine(isIanaZone, { message: 'must be an IANA time zone such as Europe/Berlin (not an offset)' }),
    bucket: z.enum(BUCKET_SIZES, { error: 'must be week or month' }).default('week'),
    groupBy: z.enum(['severity', 'service', 'team'], { error: 'must be one of severity, service, team' }).optional(),
    severity: severitySchema.optional(),
    serviceId: filterId.optional(),
    teamId: filterId.optional(),
    /** A second range to compare against ("before"); both ends or neither. */
    compareFrom: isoInstant.optional(),
    compareTo: isoInstant.optional(),
  })
  .strict();
export type MetricsQuery = z.input<typeof metricsQuerySchema>;

export const spreadSchema = z.object({ n: z.number().int(), median: z.number().nullable(), p90: z.number().nullable() });

export const metricsSummarySchema = z.object({
  count: z.number().int(),
  mtta: spreadSchema,
  mttr: spreadSchema,
  escalation: spreadSchema,
});
export type MetricsSummaryDto = z.infer<typeof metricsSummarySchema>;

export const metricsBucketSchema = metricsSummarySchema.extend({ start: isoInstant, end: isoInstant });

export const metricsGroupSchema = z.object({
  /** A severity, a service id or a team id. */
  key: z.string(),
  /** What the chart's legend shows: "P1", the service's or the team's name. */
  name: z.string(),
  buckets: z.array(metricsBucketSchema),
  total: metricsSummarySchema,
});

export const personInterruptionsSchema = z.object({
  userId: z.string(),
  name: z.string(),
  /** The person's own zone, in which night (22:00–07:00) and weekend are read. */
  timeZone: z.string(),
  total: z.number().int(),
  night: z.number().int(),
  weekend: z.number().int(),
  offHours: z.number().int(),
  businessHours: z.number().int(),
  byLocalHour: z.array(z.number().int()).length(24),
});

export const metricChangeSchema = z.object({
  metric: z.enum(['count', 'mttaMedian', 'mttaP90', 'mttrMedian', 'mttrP90', 'escalationMedian']),
  before: z.number().nullable(),
  after: z.number().nullable(),
  change: z.number().nullable(),
  changePercent: z.number().nullable(),
});

export const metricsSchema = z.object({
  range: z.object({ from: isoInstant, to: isoInstant, zone: z.string(), bucket: z.enum(BUCKET_SIZES) }),
  buckets: z.array(metricsBucketSchema),
  total: metricsSummarySchema,
  /** Present when `groupBy` was given: only groups with incidents in the range. */
  groups: z.array(metricsGroupSchema),
  interruptions: z.array(personInterruptionsSchema),
  /** Present when `compareFrom`/`compareTo` were given: that range is "before", the main range "after". */
  comparison: z
    .object({
      before: z.object({ from: isoInstant, to: isoInstant, total: metricsSummarySchema }),
      after: z.object({ from: isoInstant, to: isoInstant, total: metricsSummarySchema }),
      changes: z.array(metricChangeSchema),
    })
    .nullable(),
});
export type MetricsDto = z.infer<typeof metricsSchema>;

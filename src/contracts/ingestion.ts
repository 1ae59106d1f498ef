import { z } from 'zod';
import { MONITORING_SEVERITIES, SEVERITIES } from '../domain/incident/severity';

const labelSet = z.record(z.string(), z.string());

/** Prometheus Alertmanager webhook, payload version "4". Unknown fields are ignored. */
export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (Alertmanager webhook payload version)' }),
  groupKey: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters'),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().default(''),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().default(''),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: labelSet.default({}),
        annotations: labelSet.default({}),
        startsAt: z.string().optional(),
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().optional(),
      }),
    )
    .max(10_000, 'must hold at most 10000 alerts'),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

const link = z.object({ href: z.string().min(1).max(2048), text: z.string().max(1024).optional() });

/** PagerDuty Events API v2, as `POST /v2/enqueue` accepts it. */
export const pagerDutyEventSchema = z
  .object({
    routing_key: z.string().min(1, 'is required'),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve'], {
      error: "must be one of 'trigger', 'acknowledge', 'resolve'",
    }),
    dedup_key: z.string().min(1, 'must not be empty').max(255, 'is too long (max 255 characters)').optional(),
    payload: z
      .object({
        summary: z.string().min(1, 'is required').max(1024, 'is too long (max 1024 characters)'),
        source: z.string().min(1, 'is required').max(255, 'is too long (max 255 characters)'),
        severity: z.enum(MONITORING_SEVERITIES, {
          error: "must be one of 'critical', 'error', 'warning', 'info'",
        }),
        timestamp: z.string().optional(),
        component: z.string().optional(),
        group: z.string().optional(),
        class: z.string().optional(),
        custom_details: z.unknown().optional(),
      })
      .optional(),
    images: z.array(z.unknown()).optional(),
    links: z.array(link).optional(),
    client: z.string().optional(),
    client_url: z.string().optional(),
  })
  .superRefine((event, ctx) => {
    if (event.event_action === 'trigger' && !event.payload) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'is required for a trigger event' });
    }
    if (event.event_action !== 'trigger' && !event.dedup_key) {
      ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: `is required for an ${event.event_action} event` });
    }
  });
export type PagerDutyEvent = z.infer<typeof pagerDutyEventSchema>;

export const pagerDutyAcceptedSchema = z.object({
  status: z.literal('success'),
  message: z.string(),
  dedup_key: z.string(),
});
export const pagerDutyInvalidSchema = z.object({
  status: z.string(),
  message: z.string(),
  errors: z.array(z.string()),
});

/** Firewatch's generic JSON event for anything that is neither Alertmanager nor PagerDuty. */
export const genericEventSchema = z
  .object({
    action: z.enum(['trigger', 'resolve']).default('trigger'),
    title: z.string().trim().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters').optional(),
    severity: z
      .enum([...MONITORING_SEVERITIES, ...SEVERITIES], {
        error: 'must be one of critical, error, warning, info, P1, P2, P3, P4',
      })
      .default('warning'),
    dedupKey: z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters').optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    links: z.array(link).max(20, 'must hold at most 20 links').optional(),
  })
  .superRefine((event, ctx) => {
    if (event.action === 'trigger' && !event.title) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'is required for a trigger' });
    }
    if (event.action === 'resolve' && !event.dedupKey) {
      ctx.addIssue({ code: 'custom', path: ['dedupKey'], message: 'is required to resolve' });
    }
  });
export type GenericEvent = z.infer<typeof genericEventSchema>;

export const ingestAcceptedSchema = z.object({
  status: z.enum(['accepted', 'ignored']),
  dedupKey: z.string(),
  incidentId: z.string().nullable(),
});
export type IngestAccepted = z.infer<typeof ingestAcceptedSchema>;

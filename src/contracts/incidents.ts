import { z } from 'zod';
import { PAGING_STATES, PHASES } from '../domain/incident/lifecycle';
import { SEVERITIES } from '../domain/incident/severity';
import { isoInstant, personName } from './common';
import { cursorQuery, limitQuery } from './pagination';
import { incidentRunbookProgressSchema } from './runbooks';

export const severitySchema = z.enum(SEVERITIES, { error: 'must be one of P1, P2, P3, P4' });
export const pagingStateSchema = z.enum(PAGING_STATES);
export const phaseSchema = z.enum(PHASES, { error: 'must be one of investigating, identified, monitoring, resolved' });

export const incidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  severity: severitySchema,
  state: pagingStateSchema,
  phase: phaseSchema,
  triggeredAt: isoInstant,
  acknowledgedAt: isoInstant.nullable(),
  resolvedAt: isoInstant.nullable(),
  alertCount: z.number().int(),
  lastAlertAt: isoInstant.nullable(),
  lastStatusUpdateAt: isoInstant.nullable(),
  commander: z.string().nullable(),
  scribe: z.string().nullable(),
  source: z.enum(['alertmanager', 'pagerduty', 'generic', 'manual']),
  dedupKey: z.string().nullable(),
  links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
  /** The run ticked most recently, when any runbook was started on the incident (absent from servers before runbooks). */
  runbookProgress: incidentRunbookProgressSchema.nullable().optional(),
});
export type IncidentDto = z.infer<typeof incidentSchema>;

export const incidentListQuerySchema = z.object({
  state: z.enum(['open', 'resolved', 'all'], { error: 'must be one of open, resolved, all' }).default('open'),
  serviceId: z.string().optional(),
  severity: severitySchema.optional(),
  limit: limitQuery(500, 200),
  cursor: cursorQuery,
});

/**
 * How incident lists are paged (keyset, see `./pagination`): the open list in the dashboard's
 * order (severity, then oldest first), every other list newest first; ties broken by id. A cursor
 * holds the last item's key in that order and is valid only for lists of the same order.
 */
export function incidentListOrder(state: 'open' | 'resolved' | 'all') {
  return state === 'open'
    ? { name: 'incidents:open', shape: ['string', 'number', 'string'] as const, keyOf: (i: { severity: string; triggeredAt: number; id: string }) => [i.severity, i.triggeredAt, i.id] as const }
    : { name: 'incidents:newest', shape: ['number', 'string'] as const, keyOf: (i: { severity: string; triggeredAt: number; id: string }) => [i.triggeredAt, i.id] as const };
}

/** An incident's timeline is paged oldest first (by sequence number), so new events only ever add pages at the end. */
export const TIMELINE_ORDER = { name: 'timeline:seq', shape: ['number'] as const };
export const timelineQuerySchema = z.object({ limit: limitQuery(1000, 1000), cursor: cursorQuery });

export const declareIncidentBodySchema = z.object({
  title: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
  serviceId: z.string({ error: 'is required' }).min(1, 'is required'),
  severity: severitySchema,
  commander: personName.optional(),
});

const nullablePerson = personName.nullable();

export const patchIncidentBodySchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters').optional(),
    severity: severitySchema.optional(),
    phase: phaseSchema.optional(),
    commander: nullablePerson.optional(),
    scribe: nullablePerson.optional(),
  })
  .strict()
  .refine(
    (body) => ['title', 'severity', 'phase', 'commander', 'scribe'].some((key) => key in body),
    { message: 'name at least one of title, severity, phase, commander, scribe' },
  );
export type PatchIncidentBody = z.infer<typeof patchIncidentBodySchema>;


export const noteBodySchema = z.object({
  text: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters'),
  /** A status update restarts the update-cadence clock; a plain note does not. */
  statusUpdate: z.boolean({ error: 'must be true or false' }).default(false),
});

/** One distinct alert grouped into an incident (an Alertmanager fingerprint or a dedup key). */
export const incidentAlertSchema = z.object({
  fingerprint: z.string(),
  status: z.enum(['firing', 'resolved']),
  summary: z.string(),
  labels: z.record(z.string(), z.string()),
  firstSeenAt: isoInstant,
  lastSeenAt: isoInstant,
  /** How many notifications carried this alert, duplicates included. */
  occurrences: z.number().int(),
});
export type IncidentAlertDto = z.infer<typeof incidentAlertSchema>;

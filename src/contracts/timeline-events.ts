import { z } from 'zod';
import { actorSchema, isoInstant } from './common';
import { pagingStateSchema, phaseSchema, severitySchema } from './incidents';

/**
 * The kinds of the append-only event log, each with the exact shape of its `data`. The server's
 * writers, the live stream, the incident timeline and the client's sentences all use this one
 * union, so a new kind is added here first and a writer with the wrong shape does not compile.
 *
 * Shapes only ever grow: a field added later is optional, because rows written before it are
 * read back through the same schema. Fields a kind does not name are dropped when reading, so a
 * field that a newer version adds does not make its rows unreadable to this one.
 */
const kind = <K extends string, D extends z.ZodRawShape>(name: K, data: D) => z.object({ kind: z.literal(name), data: z.object(data) });

const count = z.number().int().nonnegative();
/** The first few alert summaries of an event and how many more there were (see the ingest service). */
const alertSummaries = { alerts: z.array(z.string()), more: count };
const person = z.string().nullable();

const recordedKinds = [
  kind('incident.triggered', {
    title: z.string(),
    severity: severitySchema,
    source: z.enum(['alertmanager', 'pagerduty', 'generic']),
    /** Absent from the demo's scripted incidents. */
    dedupKey: z.string().optional(),
    alertCount: count,
    firing: count,
    ...alertSummaries,
  }),
  kind('incident.declared', { title: z.string(), severity: severitySchema, commander: person }),
  kind('alert.firing', { count, alertCount: count, ...alertSummaries }),
  kind('alert.resolved', { count, alertCount: count, ...alertSummaries }),
  kind('incident.acknowledged', {}),
  kind('incident.resolved', { previousState: pagingStateSchema, previousPhase: phaseSchema }),
  /** `phase` is the public phase when the note was written; the demo's scripted notes lack it. */
  kind('incident.note', { text: z.string(), phase: phaseSchema.optional() }),
  kind('incident.status_update', { text: z.string(), phase: phaseSchema }),
  kind('incident.severity_changed', { from: severitySchema, to: severitySchema }),
  kind('incident.phase_changed', { from: phaseSchema, to: phaseSchema }),
  kind('incident.role_changed', { role: z.enum(['commander', 'scribe']), from: person, to: person }),
  kind('incident.title_changed', { from: z.string(), to: z.string() }),
  kind('service.created', { name: z.string() }),
  kind('service.renamed', { from: z.string(), to: z.string() }),
  /** A rotation creates the new key with `replaces` and revokes the old one with `replacedBy`. */
  kind('integration_key.created', { keyId: z.string(), replaces: z.string().optional() }),
  kind('integration_key.revoked', { keyId: z.string(), replacedBy: z.string().optional() }),
  // Paging (notified, delivered, failed, skipped, escalated) adds its kinds here with its engine.
] as const;

/**
 * A stored row that none of the kinds above accepts: written by a newer version of Firewatch (a
 * kind this one does not know) or damaged. Reading it never fails; it is shown as what it was.
 * Nothing writes this kind.
 */
const unrecognisedKind = kind('unrecognised', { storedKind: z.string(), stored: z.unknown() });

/** What every writer may append: kind and data. */
export const recordedEventBodySchema = z.discriminatedUnion('kind', recordedKinds);
export type RecordedEventBody = z.infer<typeof recordedEventBodySchema>;

/** What a reader may receive: the recorded kinds, or a row this version could not read. */
export const timelineEventBodySchema = z.discriminatedUnion('kind', [...recordedKinds, unrecognisedKind]);
export type TimelineEventBody = z.infer<typeof timelineEventBodySchema>;
export type EventKind = TimelineEventBody['kind'];

export const EVENT_KINDS = timelineEventBodySchema.options.map((option) => option.shape.kind.value) as readonly EventKind[];

/** Where and when an event happened and who did it; the same for every kind. */
export const timelineEventEnvelopeSchema = z.object({
  seq: z.number().int(),
  at: isoInstant,
  incidentId: z.string().nullable(),
  serviceId: z.string().nullable(),
  actor: actorSchema,
});

/** One entry of the append-only log: the timeline and the live stream are views of it. */
export const timelineEventSchema = z.intersection(timelineEventEnvelopeSchema, timelineEventBodySchema);
export type TimelineEventDto = z.infer<typeof timelineEventSchema>;

/**
 * Reads one stored row's kind and data. A row that does not fit its kind (or whose kind this
 * version does not know) becomes `unrecognised`, carrying what was stored, so one odd row never
 * hides a whole timeline.
 */
export function readEventBody(storedKind: string, stored: unknown): TimelineEventBody {
  const parsed = recordedEventBodySchema.safeParse({ kind: storedKind, data: stored });
  return parsed.success ? parsed.data : { kind: 'unrecognised', data: { storedKind, stored } };
}

/** The envelope's fields alone, for code that builds an event around a body. */
export type TimelineEventEnvelope = z.infer<typeof timelineEventEnvelopeSchema>;
/** The `data` of one kind. */
export type EventDataOf<K extends EventKind> = Extract<TimelineEventBody, { kind: K }>['data'];

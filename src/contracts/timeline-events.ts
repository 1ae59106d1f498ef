import { z } from 'zod';
import { actorSchema, isoInstant } from './common';
import { ACTION_ITEM_STATUSES, POSTMORTEM_STATUSES } from '../domain/postmortem/model';
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
const postmortemStatus = z.enum(POSTMORTEM_STATUSES);
const channel = z.enum(['in-app', 'email', 'sms', 'voice', 'webhook']);
/** Which run of which runbook an event is about; the title as it was when the run started. */
const runRef = { runId: z.string(), runbookId: z.string(), title: z.string() };
const runProgress = z.object({
  done: count,
  total: count,
  section: z.object({ id: z.string(), title: z.string(), done: count, total: count }).nullable(),
});

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
  /** `how` and `by` (a person's id) are absent from rows written before paging existed. */
  kind('incident.acknowledged', { how: z.enum(['web', 'link', 'sms', 'api', 'integration']).optional(), by: z.string().nullable().optional() }),
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
  // Paging: every decision of the escalation engine and every outcome of a send.
  /** Level `level` (1-based) started; `lateByMs` when it fell due while the server was down or busy. */
  kind('escalation.escalated', {
    level: z.number().int().positive(),
    pass: count,
    round: count,
    reason: z.enum(['triggered', 'timeout', 'everyone-skipped', 'manual', 'repeat', 'ack-timeout']),
    lateByMs: count.optional(),
  }),
  kind('escalation.exhausted', { levels: count, passes: count, lateByMs: count.optional() }),
  /** The service had no policy, or was in a maintenance window: the incident pages nobody, and says so. */
  kind('escalation.not_started', { reason: z.enum(['no-policy', 'maintenance']), until: isoInstant.nullable() }),
  /** `address` is masked (`+1•••••0123`, `p•••@example.com`). */
  kind('page.notified', {
    userId: z.string(),
    name: z.string(),
    channel: channel,
    address: z.string().nullable(),
    level: z.number().int().positive(),
    lateByMs: count.optional(),
    /** Pages to this person bundled into this one by the storm limit ("3 more incidents"). */
    bundled: count.optional(),
  }),
  kind('page.delivered', { userId: z.string(), name: z.string(), channel: channel, address: z.string().nullable() }),
  kind('page.failed', { userId: z.string(), name: z.string(), channel: channel, address: z.string().nullable(), error: z.string(), retrying: z.boolean() }),
  /** Held back by the storm limit (one SMS or call per person per minute): sent with the next bundle. */
  kind('page.bundled', { userId: z.string(), name: z.string(), channel: channel, sendAt: isoInstant }),
  kind('page.skipped', {
    userId: z.string().nullable(),
    name: z.string().nullable(),
    level: z.number().int().positive(),
    reason: z.enum(['quiet-hours', 'low-urgency-deferred', 'nobody-on-call', 'schedule-missing', 'unknown-person', 'cannot-acknowledge', 'unverified-contact', 'channel-not-configured', 'no-rules-for-urgency']),
    detail: z.string(),
    until: isoInstant.nullable(),
    /** True when escalation moved to the next level at once because of it. */
    escalatedAtOnce: z.boolean(),
  }),
  kind('page.quiet_hours_overridden', { userId: z.string(), name: z.string(), level: z.number().int().positive(), why: z.enum(['last-level', 'p1-allowed']), detail: z.string() }),
  kind('maintenance.started', { windowId: z.string(), end: isoInstant, reason: z.string() }),
  kind('maintenance.ended', { windowId: z.string(), early: z.boolean() }),
  kind('escalation_policy.changed', { version: z.number().int(), levels: count }),
  // Runbooks on incidents: every run started, step ticked, command copied and time box overrun.
  kind('runbook.run_started', { ...runRef, version: z.number().int() }),
  /** `progress` is the run's after this tick, so the dashboard row updates from the event alone. */
  kind('runbook.step_checked', { ...runRef, stepId: z.string(), step: z.string(), section: z.string().nullable(), checked: z.boolean(), progress: runProgress }),
  kind('runbook.section_started', { ...runRef, sectionId: z.string(), section: z.string(), timeBoxMinutes: z.number().int().positive().nullable() }),
  /** Posted once per section and run, when its countdown reaches zero with steps left. */
  kind('runbook.time_box_overrun', { ...runRef, sectionId: z.string(), section: z.string(), timeBoxMinutes: z.number().int().positive(), startedAt: isoInstant }),
  kind('runbook.command_copied', { ...runRef, command: z.string() }),
  /** "Escalate now" from a criterion in the runbook: the next level of this incident's policy, or the named team's. */
  kind('runbook.escalation_requested', { ...runRef, criterion: z.string(), target: z.enum(['next-level', 'team']), teamId: z.string().nullable(), teamName: z.string().nullable() }),
  kind('runbook.feedback', { ...runRef, helped: z.boolean() }),
  // Post-mortems. Created, status and details changes are on the incident's timeline; section
  // saves and action item changes have no incident (they would crowd its timeline) and name it in `data`.
  kind('postmortem.created', { postmortemId: z.string(), title: z.string() }),
  kind('postmortem.status_changed', { postmortemId: z.string(), from: postmortemStatus, to: postmortemStatus, reason: z.string().nullable() }),
  /** Title, owner or follow-up review date changed: only the fields that changed are present, with their new values. */
  kind('postmortem.details_changed', {
    postmortemId: z.string(),
    title: z.string().optional(),
    owner: z.object({ id: z.string(), name: z.string() }).optional(),
    followUpOn: z.string().optional(),
  }),
  kind('postmortem.section_saved', { postmortemId: z.string(), incidentId: z.string(), section: z.string(), version: z.number().int() }),
  kind('action_item.changed', {
    postmortemId: z.string(),
    incidentId: z.string(),
    actionItemId: z.string(),
    title: z.string(),
    ownerId: z.string(),
    status: z.enum(ACTION_ITEM_STATUSES),
    change: z.enum(['created', 'updated', 'deleted']),
  }),
  // The status page. Publications and public updates are on the internal incident's timeline
  // (who told customers what, and when); component and maintenance changes have no incident.
  kind('status.published', { publicIncidentId: z.string(), title: z.string(), phase: phaseSchema, components: z.array(z.object({ name: z.string(), status: z.string() })) }),
  kind('status.public_update', { publicIncidentId: z.string(), updateId: z.string(), phase: phaseSchema, text: z.string() }),
  kind('status.public_update_overdue', { publicIncidentId: z.string(), dueAt: isoInstant, nudged: z.enum(['scribe', 'commander']), name: person }),
  kind('status.component_changed', { componentId: z.string(), name: z.string(), from: z.string().nullable(), to: z.string() }),
  kind('status.maintenance_changed', { maintenanceId: z.string(), title: z.string(), change: z.enum(['scheduled', 'updated', 'cancelled']) }),
  // A chat mirror's message that could not be delivered (retried while `retrying`).
  kind('chat.failed', { mirrorId: z.string(), name: z.string(), chat: z.string(), error: z.string(), retrying: z.boolean() }),
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

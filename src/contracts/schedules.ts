import { z } from 'zod';
import {
  MAX_LAYERS,
  MAX_QUERY_WINDOW_MS,
  instantProblem,
  localDateProblem,
  nameProblem,
  overrideProblems,
  participantsProblem,
  restrictionDaysProblem,
  restrictionEndProblem,
  restrictionsProblem,
  rotationEveryProblem,
  rotationKindProblem,
  spanProblems,
  timeOfDayProblem,
  weekdayProblem,
  zoneProblem,
} from '../domain/schedule/rules';
import type { ROTATION_LIMITS } from '../domain/schedule/rules';
import type { Schedule } from '../domain/schedule/schedule';
import { validateSchedule } from '../domain/schedule/schedule';
import { epochMs } from '../domain/time/instant';
import type { Weekday } from '../domain/time/zoned';
import { isoInstant } from './common';

/** A zod schema that applies one of the domain's rules (`domain/schedule/rules`) with its own words. */
function rule<T extends z.ZodType>(schema: T, check: (value: z.output<T>) => string | undefined) {
  return schema.superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const localTime = rule(z.string({ error: timeOfDayProblem('') }), timeOfDayProblem);
const weekday = rule(z.number({ error: weekdayProblem('') }), weekdayProblem);
const localDate = rule(z.string({ error: localDateProblem('') }), localDateProblem);
const every = (kind: keyof typeof ROTATION_LIMITS) => rule(z.number({ error: rotationEveryProblem(kind, '') }), (n) => rotationEveryProblem(kind, n));

export const scheduleZoneSchema = rule(z.string({ error: 'is required' }), zoneProblem);

export const rotationSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('daily') }),
    z.object({ kind: z.literal('weekly') }),
    z.object({ kind: z.literal('hours'), every: every('hours') }),
    z.object({ kind: z.literal('days'), every: every('days') }),
    z.object({ kind: z.literal('weeks'), every: every('weeks') }),
  ],
  { error: rotationKindProblem(undefined) },
);

export const restrictionSchema = z
  .object({ days: rule(z.array(z.number()), restrictionDaysProblem), start: localTime, end: localTime })
  .superRefine((r, ctx) => {
    const problem = restrictionEndProblem(r.start, r.end);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['end'] });
  });

export const layerSchema = z.object({
  id: z.string().min(1).max(100),
  name: rule(z.string({ error: nameProblem(undefined) }), nameProblem).transform((name) => name.trim()),
  participants: rule(z.array(z.string()), participantsProblem),
  rotation: rotationSchema,
  handoff: z.object({ weekday: weekday.optional(), time: localTime }),
  start: localDate,
  restrictions: rule(z.array(restrictionSchema), restrictionsProblem).default([]),
});
export type LayerDto = z.infer<typeof layerSchema>;

export const overrideSchema = z.object({ id: z.string(), userId: z.string(), start: isoInstant, end: isoInstant, createdBy: z.string().nullable() });
export type OverrideDto = z.infer<typeof overrideSchema>;

export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  teamId: z.string(),
  zone: z.string(),
  /** Increases with every change; a write must name the version it was based on. */
  version: z.number().int(),
  layers: z.array(layerSchema),
  overrides: z.array(overrideSchema),
  /** A backup lane follows the primary by this many shifts ("a week of primary, a week of backup"); null: none. */
  backupLag: z.number().int().nullable(),
});
export type ScheduleDto = z.infer<typeof scheduleSchema>;

/** The domain's view of a schedule, for resolving it on the server and, during a drag, in the browser. */
export function toDomainSchedule(dto: Pick<ScheduleDto, 'zone' | 'layers' | 'overrides'>): Schedule {
  return {
    zone: dto.zone,
    layers: dto.layers.map((layer) => ({
      id: layer.id,
      participants: layer.participants,
      rotation: layer.rotation,
      handoff: layer.handoff.weekday === undefined ? { time: layer.handoff.time } : { weekday: layer.handoff.weekday as Weekday, time: layer.handoff.time },
      start: layer.start,
      restrictions: layer.restrictions.map((r) => ({ days: r.days as Weekday[], start: r.start, end: r.end })),
    })),
    overrides: dto.overrides.map((o) => ({ id: o.id, userId: o.userId, start: epochMs(Date.parse(o.start)), end: epochMs(Date.parse(o.end)) })),
  };
}

const backupLagSchema = z.number({ error: 'must be a number of shifts or null' }).int('must be whole shifts').min(-10, 'must be between -10 and 10').max(10, 'must be between -10 and 10').refine((n) => n !== 0, { message: 'must not be 0 (the backup would be the primary)' }).nullable();

const scheduleName = rule(z.string({ error: 'is required' }), nameProblem).transform((name) => name.trim());
const layersSchema = z.array(layerSchema).max(MAX_LAYERS, `must hold at most ${MAX_LAYERS} layers`);

export const createScheduleBodySchema = z.object({
  name: scheduleName,
  teamId: z.string({ error: 'is required' }).min(1, 'is required'),
  zone: scheduleZoneSchema,
  layers: layersSchema.default([]),
  backupLag: backupLagSchema.default(1),
});

export const updateScheduleBodySchema = z.object({
  version: z.number({ error: 'is required (the version this change is based on)' }).int(),
  name: scheduleName.optional(),
  zone: scheduleZoneSchema.optional(),
  layers: layersSchema.optional(),
  backupLag: backupLagSchema.optional(),
});

/** Adds the domain's problems of a span (named relative to the object) as zod issues. */
function addSpanProblems(ctx: z.RefinementCtx, problems: ReadonlyArray<{ field: string; message: string }>): void {
  for (const p of problems) ctx.addIssue({ code: 'custom', message: p.message, path: [p.field] });
}

export const createOverrideBodySchema = z
  .object({ version: z.number({ error: 'is required (the version this change is based on)' }).int(), userId: z.string({ error: 'is required' }).min(1, 'is required'), start: isoInstant, end: isoInstant })
  .superRefine((o, ctx) => addSpanProblems(ctx, overrideProblems(Date.parse(o.start), Date.parse(o.end))));

export const updateOverrideBodySchema = createOverrideBodySchema;

/** `from`/`to` of segments and fairness: within the sane range, `to` after `from`, at most 400 days. */
export const segmentsQuerySchema = z
  .object({ from: isoInstant, to: isoInstant })
  .superRefine((q, ctx) => addSpanProblems(ctx, spanProblems(Date.parse(q.from), Date.parse(q.to), MAX_QUERY_WINDOW_MS, { start: 'from', end: 'to' })));

export const onCallQuerySchema = z.object({ at: rule(isoInstant, (at) => instantProblem(Date.parse(at))).optional() });

/**
 * The problems that keep a stored schedule from being resolved (its zone and layers), named as
 * the API names fields ("layers[0].start"); empty when it is sound. Storage may hold anything written before a rule
 * existed (or written by hand), so the layers are checked as untrusted JSON with the same rules.
 * The server answers a schedule with problems without resolving it, and the calendar shows them.
 */
export function scheduleProblems(dto: Pick<ScheduleDto, 'zone' | 'layers' | 'overrides'>): Array<{ field: string; problem: string }> {
  const out: Array<{ field: string; problem: string }> = [];
  const zone = zoneProblem(dto.zone);
  if (zone) out.push({ field: 'zone', problem: zone });
  const layers = layersSchema.safeParse(dto.layers);
  if (!layers.success) {
    for (const issue of layers.error.issues) out.push({ field: `layers${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`, problem: issue.message });
  }
  if (out.length > 0) return out;
  // Overrides are left out: the engine resolves any stored pair of instants (one ending before it
  // starts is ignored), so an override saved before the bounds existed is no reason to stop paging;
  // it can still be moved or removed.
  for (const p of validateSchedule(toDomainSchedule({ ...dto, overrides: [] }))) out.push({ field: p.field, problem: p.message });
  return out;
}

/** One schedule's entry in `GET /api/v1/on-call`. */
export const onCallPersonSchema = z.object({ userId: z.string(), name: z.string(), until: isoInstant.nullable(), inQuietHours: z.boolean() });
export type OnCallPersonDto = z.infer<typeof onCallPersonSchema>;

/**
 * `error` is null for a schedule that resolved; for one that cannot be resolved (stored before a
 * rule existed, say) it says why, `primary` and `backup` are null, and every other schedule is
 * still answered: one broken schedule never takes down the others.
 */
export const onCallEntrySchema = z.object({
  scheduleId: z.string(),
  name: z.string(),
  zone: z.string(),
  teamId: z.string(),
  primary: onCallPersonSchema.nullable(),
  backup: onCallPersonSchema.nullable(),
  error: z.object({ code: z.literal('invalid_schedule'), message: z.string(), fields: z.array(z.object({ field: z.string(), problem: z.string() })) }).nullable(),
});
export type OnCallEntryDto = z.infer<typeof onCallEntrySchema>;

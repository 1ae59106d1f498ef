import { z } from 'zod';
import { isIanaZone } from '../domain/people/contact';
import { parseLocalTime } from '../domain/people/quiet-hours';
import type { Schedule } from '../domain/schedule/schedule';
import { epochMs } from '../domain/time/instant';
import type { Weekday } from '../domain/time/zoned';
import { isoInstant } from './common';

const localTime = z.string().refine((text) => parseLocalTime(text) !== undefined, { message: 'must be a time HH:MM (24-hour)' });
const weekday = z.number({ error: 'must be a weekday 0 (Sunday) to 6' }).int().min(0, 'must be 0 (Sunday) to 6').max(6, 'must be 0 (Sunday) to 6');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), { message: 'must be a real date' });

export const scheduleZoneSchema = z
  .string({ error: 'is required' })
  .refine(isIanaZone, { message: 'must be an IANA time zone such as Europe/Berlin (not an offset)' });

export const rotationSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('daily') }),
    z.object({ kind: z.literal('weekly') }),
    z.object({ kind: z.literal('hours'), every: z.number().int('must be whole hours').min(1, 'must be at least 1').max(720, 'must be at most 720') }),
    z.object({ kind: z.literal('days'), every: z.number().int('must be whole days').min(1, 'must be at least 1').max(365, 'must be at most 365') }),
    z.object({ kind: z.literal('weeks'), every: z.number().int('must be whole weeks').min(1, 'must be at least 1').max(52, 'must be at most 52') }),
  ],
  { error: 'must be daily, weekly, every N hours, every N days or every N weeks' },
);

export const restrictionSchema = z
  .object({ days: z.array(weekday).min(1, 'must name at least one day').max(7), start: localTime, end: localTime })
  .refine((r) => r.start !== r.end, { message: 'start and end must differ', path: ['end'] });

export const layerSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  participants: z.array(z.string().min(1)).min(1, 'must list at least one person').max(100, 'must list at most 100 people'),
  rotation: rotationSchema,
  handoff: z.object({ weekday: weekday.optional(), time: localTime }),
  start: localDate,
  restrictions: z.array(restrictionSchema).max(14, 'must hold at most 14 restrictions').default([]),
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

const scheduleName = z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const createScheduleBodySchema = z.object({
  name: scheduleName,
  teamId: z.string({ error: 'is required' }).min(1, 'is required'),
  zone: scheduleZoneSchema,
  layers: z.array(layerSchema).max(10, 'must hold at most 10 layers').default([]),
  backupLag: backupLagSchema.default(1),
});

export const updateScheduleBodySchema = z.object({
  version: z.number({ error: 'is required (the version this change is based on)' }).int(),
  name: scheduleName.optional(),
  zone: scheduleZoneSchema.optional(),
  layers: z.array(layerSchema).max(10, 'must hold at most 10 layers').optional(),
  backupLag: backupLagSchema.optional(),
});

const overrideTimes = {
  start: isoInstant,
  end: isoInstant,
};

export const createOverrideBodySchema = z
  .object({ version: z.number({ error: 'is required (the version this change is based on)' }).int(), userId: z.string({ error: 'is required' }).min(1, 'is required'), ...overrideTimes })
  .refine((o) => Date.parse(o.end) > Date.parse(o.start), { message: 'must be after start', path: ['end'] });

export const updateOverrideBodySchema = createOverrideBodySchema;

export const segmentsQuerySchema = z
  .object({ from: isoInstant, to: isoInstant })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, { message: 'must be at most 400 days after from', path: ['to'] });

export const onCallQuerySchema = z.object({ at: isoInstant.optional() });

import { isIanaZone } from '../people/contact';
import { DAY_MS } from '../time/instant';
import { formatLocalDate, parseLocalDate, parseTimeOfDay } from '../time/zoned';
import type { LocalDay } from '../time/zoned';

/**
 * The one rule per field of a schedule. The zod contract, the domain's `validateSchedule` and the
 * layer editor all call these functions, so the API, the engine and the form refuse exactly the
 * same inputs with exactly the same words. Each returns the problem ("must be …") or undefined.
 */

/** Longest rotation per unit: a month of hours, a year of days, a year of weeks. */
export const ROTATION_LIMITS = { hours: 720, days: 365, weeks: 52 } as const;
export const MAX_LAYERS = 10;
export const MAX_PARTICIPANTS = 100;
export const MAX_RESTRICTIONS = 14;
export const MAX_NAME_LENGTH = 100;

/**
 * Every date and instant a schedule holds or is asked about lies in [1970-01-01, 2100-01-01) UTC:
 * wide enough for any real rotation, narrow enough that zone rules (sampled per year) and shift
 * counting stay cheap and no year 0000 or 9999 reaches the engine.
 */
export const SANE_RANGE = { start: Date.UTC(1970, 0, 1), end: Date.UTC(2100, 0, 1) } as const;
const FIRST_DAY = Math.round(SANE_RANGE.start / DAY_MS) as LocalDay;
const LAST_DAY = (Math.round(SANE_RANGE.end / DAY_MS) - 1) as LocalDay;
/** An override covers at most this long (a year and a day: a long leave, never a forgotten year 9999). */
export const MAX_OVERRIDE_MS = 366 * DAY_MS;
/** A window of segments or fairness is at most this long. */
export const MAX_QUERY_WINDOW_MS = 400 * DAY_MS;

const WEEKDAY_PROBLEM = 'must be a weekday 0 (Sunday) to 6';
const TIME_PROBLEM = 'must be a time HH:MM (24-hour), such as 09:00';

export function zoneProblem(zone: unknown): string | undefined {
  return typeof zone === 'string' && isIanaZone(zone) ? undefined : 'must be an IANA time zone such as Europe/Berlin (not an offset)';
}

export function nameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'must not be empty';
  return name.trim().length > MAX_NAME_LENGTH ? `must be at most ${MAX_NAME_LENGTH} characters` : undefined;
}

/** A calendar date that exists ('2026-02-30' does not; '2028-02-29' does) within {@link SANE_RANGE}. */
export function localDateProblem(text: unknown): string | undefined {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'must be a date YYYY-MM-DD';
  const day = parseLocalDate(text);
  if (day === undefined) return `must be a date that exists (${text} does not)`;
  if (day < FIRST_DAY || day > LAST_DAY) return `must be between ${formatLocalDate(FIRST_DAY)} and ${formatLocalDate(LAST_DAY)}`;
  return undefined;
}

export function timeOfDayProblem(text: unknown): string | undefined {
  return typeof text === 'string' && parseTimeOfDay(text) !== undefined ? undefined : TIME_PROBLEM;
}

export function weekdayProblem(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 6 ? undefined : WEEKDAY_PROBLEM;
}

export type RotationKind = 'daily' | 'weekly' | 'hours' | 'days' | 'weeks';

export function rotationKindProblem(kind: unknown): string | undefined {
  return kind === 'daily' || kind === 'weekly' || kind === 'hours' || kind === 'days' || kind === 'weeks' ? undefined : 'must be daily, weekly, every N hours, every N days or every N weeks';
}

/** The N of "every N hours/days/weeks": a whole number from 1 to the unit's {@link ROTATION_LIMITS}. */
export function rotationEveryProblem(kind: keyof typeof ROTATION_LIMITS, every: unknown): string | undefined {
  const max = ROTATION_LIMITS[kind];
  return typeof every === 'number' && Number.isInteger(every) && every >= 1 && every <= max ? undefined : `must be a whole number of ${kind} from 1 to ${max}`;
}

export function participantsProblem(participants: readonly unknown[]): string | undefined {
  if (participants.length === 0) return 'must list at least one person';
  if (participants.length > MAX_PARTICIPANTS) return `must list at most ${MAX_PARTICIPANTS} people`;
  return participants.every((p) => typeof p === 'string' && p.length > 0) ? undefined : 'must be user ids';
}

export function restrictionsProblem(restrictions: readonly unknown[]): string | undefined {
  return restrictions.length > MAX_RESTRICTIONS ? `must hold at most ${MAX_RESTRICTIONS} restrictions` : undefined;
}

export function restrictionDaysProblem(days: readonly unknown[]): string | undefined {
  if (days.length === 0) return 'must name at least one day';
  if (days.length > 7) return 'must name at most 7 days';
  return days.some((d) => weekdayProblem(d) !== undefined) ? `each day ${WEEKDAY_PROBLEM}` : undefined;
}

/** A window's end must differ from its start (the same time would be ambiguous: nothing or all day). */
export function restrictionEndProblem(start: string, end: string): string | undefined {
  return start === end ? 'must differ from start' : undefined;
}

/** A problem with one field, named relative to what was checked ("start", "handoff.time"). */
export type FieldProblem = { field: string; message: string };

/** What a layer-like value holds, as loosely as text from storage or a form may hold it. */
export type LayerInput = {
  name?: unknown;
  participants: readonly unknown[];
  rotation: { kind: unknown; every?: unknown };
  handoff: { weekday?: unknown; time: unknown };
  start: unknown;
  restrictions?: ReadonlyArray<{ days: readonly unknown[]; start: unknown; end: unknown }>;
};

/** Every problem of one layer, fields relative to the layer, in the order of the form. */
export function layerProblems(layer: LayerInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  const add = (field: string, message: string | undefined) => {
    if (message !== undefined) out.push({ field, message });
  };
  if (layer.name !== undefined) add('name', nameProblem(layer.name));
  add('participants', participantsProblem(layer.participants));
  add('start', localDateProblem(layer.start));
  add('handoff.time', timeOfDayProblem(layer.handoff.time));
  if (layer.handoff.weekday !== undefined) add('handoff.weekday', weekdayProblem(layer.handoff.weekday));
  const { kind, every } = layer.rotation;
  if (kind === 'hours' || kind === 'days' || kind === 'weeks') add('rotation.every', rotationEveryProblem(kind, every));
  else add('rotation.kind', rotationKindProblem(kind));
  const restrictions = layer.restrictions ?? [];
  add('restrictions', restrictionsProblem(restrictions));
  restrictions.forEach((r, j) => {
    const at = `restrictions[${j}]`;
    add(`${at}.days`, restrictionDaysProblem(r.days));
    add(`${at}.start`, timeOfDayProblem(r.start));
    const endTime = timeOfDayProblem(r.end);
    add(`${at}.end`, endTime ?? restrictionEndProblem(String(r.start), String(r.end)));
  });
  return out;
}

/** An instant a schedule stores or is asked about must lie in {@link SANE_RANGE}. */
export function instantProblem(at: number): string | undefined {
  if (!Number.isFinite(at)) return 'must be an instant';
  return at >= SANE_RANGE.start && at < SANE_RANGE.end ? undefined : 'must be between 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z';
}

/**
 * Problems of a span [start, end): both instants in {@link SANE_RANGE}, end after start, at most
 * `maxMs` long. Fields are `start`/`end` (or the names given, such as `from`/`to`).
 */
export function spanProblems(start: number, end: number, maxMs: number, names: { start: string; end: string } = { start: 'start', end: 'end' }): FieldProblem[] {
  const out: FieldProblem[] = [];
  const startProblem = instantProblem(start);
  const endProblem = instantProblem(end);
  if (startProblem) out.push({ field: names.start, message: startProblem });
  if (endProblem) out.push({ field: names.end, message: endProblem });
  if (startProblem || endProblem) return out;
  if (end <= start) out.push({ field: names.end, message: `must be after ${names.start}` });
  else if (end - start > maxMs) out.push({ field: names.end, message: `must be at most ${Math.round(maxMs / DAY_MS)} days after ${names.start}` });
  return out;
}

/** An override: in the sane range, end after start, at most {@link MAX_OVERRIDE_MS} long. */
export function overrideProblems(start: number, end: number): FieldProblem[] {
  return spanProblems(start, end, MAX_OVERRIDE_MS);
}

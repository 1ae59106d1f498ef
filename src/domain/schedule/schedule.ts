import { isIanaZone } from '../people/contact';
import type { EpochMs } from '../time/instant';
import { parseLocalDate, parseTimeOfDay } from '../time/zoned';
import type { Weekday } from '../time/zoned';

/**
 * How a layer hands over from one participant to the next.
 * - `daily`, `weekly`, `days` (every N local days): handoffs are wall-clock times in the schedule's
 *   zone, so a shift runs from one local handoff to the next; across DST a "day" is 23 or 25 hours
 *   and a "week" 167 or 169 hours.
 * - `hours` (every N hours): shifts are fixed durations in absolute time, N real hours each, counted
 *   from the first handoff; after a DST change the handoff's wall-clock time moves by the DST step.
 *   (A 12-hour rotation anchored at 08:00 reads 07:00/19:00 or 09:00/21:00 after a change; pick
 *   `days` or `daily` when the wall-clock time must stay put.)
 */
/** `weeks` hands over on the handoff weekday every N weeks (a fortnightly rotation is `weeks` 2). */
export type Rotation = { kind: 'daily' } | { kind: 'weekly' } | { kind: 'hours'; every: number } | { kind: 'days'; every: number } | { kind: 'weeks'; every: number };

/**
 * The local handoff time 'HH:MM' in the schedule's zone; `weekday` picks the day of a weekly
 * handoff (when omitted, the weekday of the layer's start date). Other rotations ignore `weekday`.
 */
export type Handoff = { weekday?: Weekday; time: string };

/**
 * A window of the week when the layer is active, in the schedule's zone: on each day listed the
 * window opens at `start` and closes at `end` (exclusive); `end` before `start` wraps midnight and
 * closes the next day (Fri 19:00–09:00 runs into Saturday); `end` equal to `start` is a whole day.
 * Edges follow the DST rules of the time module (a skipped edge falls right after the gap, a
 * repeated one at its first occurrence).
 */
export type Restriction = { days: readonly Weekday[]; start: string; end: string };

/**
 * One lane of a schedule: ordered participants (user ids) rotating with `rotation`. The first shift
 * starts at the first handoff on or after local date `start` ('YYYY-MM-DD'); before it the layer has
 * nobody. With `restrictions`, the layer has someone only inside their union; elsewhere it has nobody
 * and lower layers show through (an absent or empty list means always active).
 */
export type Layer = {
  id: string;
  participants: readonly string[];
  rotation: Rotation;
  handoff: Handoff;
  start: string;
  restrictions?: readonly Restriction[];
};

/** Someone on call for `[start, end)` regardless of the layers. An override with end ≤ start is ignored. */
export type Override = { id: string; userId: string; start: EpochMs; end: EpochMs };

/**
 * A schedule: rules in one IANA zone. Layers are in priority order, later (higher) layers win where
 * they have someone. Overrides win over every layer; where overrides overlap, the later one in the
 * array (created later) wins.
 */
export type Schedule = { zone: string; layers: readonly Layer[]; overrides: readonly Override[] };

/** A problem with a schedule, naming the field ("layers[1].handoff.time"). */
export type ScheduleProblem = { field: string; message: string };

const WEEKDAYS = new Set([0, 1, 2, 3, 4, 5, 6]);

/**
 * Every problem that would make the schedule meaningless; an empty list means every other function
 * of this module accepts it. (Empty participant lists are allowed: such a layer has nobody.)
 */
export function validateSchedule(schedule: Schedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (!isIanaZone(schedule.zone)) problem('zone', 'not an IANA time zone');
  const ids = new Set<string>();
  schedule.layers.forEach((layer, i) => {
    const at = `layers[${i}]`;
    if (ids.has(layer.id)) problem(`${at}.id`, 'duplicate layer id');
    ids.add(layer.id);
    if (parseLocalDate(layer.start) === undefined) problem(`${at}.start`, 'not a date YYYY-MM-DD');
    if (parseTimeOfDay(layer.handoff.time) === undefined) problem(`${at}.handoff.time`, 'not a time HH:MM');
    if (layer.handoff.weekday !== undefined && !WEEKDAYS.has(layer.handoff.weekday)) problem(`${at}.handoff.weekday`, 'not a weekday 0–6');
    const rotation = layer.rotation;
    if (rotation.kind === 'hours' || rotation.kind === 'days' || rotation.kind === 'weeks') {
      if (!Number.isInteger(rotation.every) || rotation.every < 1 || rotation.every > 10_000) problem(`${at}.rotation.every`, 'not a whole number from 1 to 10000');
    } else if (rotation.kind !== 'daily' && rotation.kind !== 'weekly') {
      problem(`${at}.rotation.kind`, 'not daily, weekly, hours, days or weeks');
    }
    (layer.restrictions ?? []).forEach((restriction, j) => {
      const where = `${at}.restrictions[${j}]`;
      if (parseTimeOfDay(restriction.start) === undefined) problem(`${where}.start`, 'not a time HH:MM');
      if (parseTimeOfDay(restriction.end) === undefined) problem(`${where}.end`, 'not a time HH:MM');
      if (restriction.days.some((d) => !WEEKDAYS.has(d))) problem(`${where}.days`, 'not weekdays 0–6');
    });
  });
  schedule.overrides.forEach((override, i) => {
    if (!Number.isFinite(override.start) || !Number.isFinite(override.end)) problem(`overrides[${i}]`, 'start and end must be instants');
    else if (override.end <= override.start) problem(`overrides[${i}].end`, 'must be after start');
  });
  return problems;
}

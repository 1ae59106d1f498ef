import type { EpochMs } from '../time/instant';
import type { Weekday } from '../time/zoned';
import { MAX_LAYERS, layerProblems, overrideProblems, zoneProblem } from './rules';

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
 * closes the next day (Fri 19:00–09:00 runs into Saturday); `end` equal to `start` would be a
 * whole day to the engine, but `validateSchedule` refuses it (as ambiguous). Edges follow the DST rules of the time module (a skipped edge falls right after the gap, a
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

/**
 * Every problem that would make the schedule meaningless, with the rules of `./rules` (the same
 * ones the HTTP contract and the layer editor apply); an empty list means every other function of
 * this module accepts it.
 */
export function validateSchedule(schedule: Schedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const zone = zoneProblem(schedule.zone);
  if (zone) problems.push({ field: 'zone', message: zone });
  if (schedule.layers.length > MAX_LAYERS) problems.push({ field: 'layers', message: `must hold at most ${MAX_LAYERS} layers` });
  const ids = new Set<string>();
  schedule.layers.forEach((layer, i) => {
    const at = `layers[${i}]`;
    if (ids.has(layer.id)) problems.push({ field: `${at}.id`, message: 'must not repeat another layer\'s id' });
    ids.add(layer.id);
    for (const p of layerProblems(layer)) problems.push({ field: `${at}.${p.field}`, message: p.message });
  });
  schedule.overrides.forEach((override, i) => {
    for (const p of overrideProblems(override.start, override.end)) problems.push({ field: `overrides[${i}].${p.field}`, message: p.message });
  });
  return problems;
}

import { dailyWindowInstants, inDailyWindow } from '../time/daily-window';
import type { DailyWindow } from '../time/daily-window';
import { DAY_MS, HOUR_MS, MINUTE_MS, epochMs } from '../time/instant';
import type { EpochMs } from '../time/instant';
import { normalize } from '../time/interval';
import type { Interval } from '../time/interval';
import { addLocalDays, instantOfLocal, parseLocalDate, parseTimeOfDay, wallOf, weekdayOf } from '../time/zoned';
import type { LocalDay, Weekday } from '../time/zoned';
import type { Layer } from './schedule';

/** A stretch of one layer's lane: shift number `shift` (0 = the first shift) held by `userId`. */
export type LayerSegment = { start: EpochMs; end: EpochMs; userId: string; shift: number };

type CompiledRestriction = { daily: DailyWindow; days: readonly Weekday[] };

/** A layer with its text parsed once; built by {@link compileLayer}. */
export type CompiledLayer = {
  readonly id: string;
  readonly zone: string;
  readonly participants: readonly string[];
  /** 'wall': handoffs every `stepDays` local days at `minute`; 'fixed': every `stepMs` from `firstAt`. */
  readonly mode: 'wall' | 'fixed';
  readonly firstDay: LocalDay;
  readonly stepDays: number;
  readonly minute: number;
  readonly firstAt: EpochMs;
  readonly stepMs: number;
  readonly restrictions: readonly CompiledRestriction[] | undefined;
};

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new RangeError(`invalid ${what}`);
  return value;
}

/**
 * Parses a layer's dates and times for the zone. Throws RangeError on text that
 * `validateSchedule` reports; a valid layer never throws.
 */
export function compileLayer(layer: Layer, zone: string): CompiledLayer {
  const startDay = must(parseLocalDate(layer.start), `start date of layer ${layer.id}`);
  const minute = must(parseTimeOfDay(layer.handoff.time), `handoff time of layer ${layer.id}`);
  const rotation = layer.rotation;
  let firstDay = startDay;
  let stepDays = 1;
  if (rotation.kind === 'weekly' || rotation.kind === 'weeks') {
    stepDays = rotation.kind === 'weeks' ? 7 * rotation.every : 7;
    const weekday = layer.handoff.weekday ?? weekdayOf(startDay);
    firstDay = addLocalDays(startDay, (weekday - weekdayOf(startDay) + 7) % 7);
  } else if (rotation.kind === 'days') {
    stepDays = rotation.every;
  }
  const every = rotation.kind === 'hours' || rotation.kind === 'days' || rotation.kind === 'weeks' ? rotation.every : 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`invalid rotation length of layer ${layer.id}`);
  const restrictions = layer.restrictions && layer.restrictions.length > 0
    ? layer.restrictions.map((r) => ({
        daily: { start: must(parseTimeOfDay(r.start), `restriction start of layer ${layer.id}`), end: must(parseTimeOfDay(r.end), `restriction end of layer ${layer.id}`) },
        days: r.days,
      }))
    : undefined;
  return {
    id: layer.id,
    zone,
    participants: layer.participants,
    mode: rotation.kind === 'hours' ? 'fixed' : 'wall',
    firstDay,
    stepDays,
    minute,
    firstAt: instantOfLocal(zone, firstDay, minute),
    stepMs: rotation.kind === 'hours' ? rotation.every * HOUR_MS : 0,
    restrictions,
  };
}

/**
 * The instant shift `k` begins (k = 0 is the first shift). Non-decreasing in k; strictly increasing
 * except where a whole local day is skipped by the zone. Wall-clock rotations place each handoff
 * with the DST rules of `instantOfWall`.
 */
export function handoffAt(layer: CompiledLayer, k: number): EpochMs {
  if (layer.mode === 'fixed') return epochMs(layer.firstAt + k * layer.stepMs);
  return instantOfLocal(layer.zone, addLocalDays(layer.firstDay, k * layer.stepDays), layer.minute);
}

/** The number of the shift running at `at` (handoffAt(k) ≤ at < handoffAt(k + 1)), or -1 before the first handoff. */
export function shiftIndexAt(layer: CompiledLayer, at: EpochMs): number {
  if (at < layer.firstAt) return -1;
  let k: number;
  if (layer.mode === 'fixed') {
    k = Math.floor((at - layer.firstAt) / layer.stepMs);
  } else {
    const anchor = layer.firstDay * DAY_MS + layer.minute * MINUTE_MS;
    k = Math.max(0, Math.floor((wallOf(layer.zone, at) - anchor) / (layer.stepDays * DAY_MS)));
  }
  while (handoffAt(layer, k + 1) <= at) k++;
  while (k >= 0 && handoffAt(layer, k) > at) k--;
  return k;
}

/** Who holds shift k (participants in order, round robin); undefined when there are none. */
export function participantOf(layer: CompiledLayer, k: number): string | undefined {
  const n = layer.participants.length;
  return n === 0 || k < 0 ? undefined : layer.participants[k % n];
}

/** Whether the layer's restrictions let it have someone at `at` (always true without restrictions). */
export function isLayerActiveAt(layer: CompiledLayer, at: EpochMs): boolean {
  if (!layer.restrictions) return true;
  return layer.restrictions.some((r) => inDailyWindow(layer.zone, r.daily, at, r.days));
}

/** The instants when the layer's restrictions let it have someone, within `window` (normalized). */
export function activeInstants(layer: CompiledLayer, window: Interval): Interval[] {
  if (!layer.restrictions) return window.end > window.start ? [{ start: window.start, end: window.end }] : [];
  return normalize(layer.restrictions.flatMap((r) => dailyWindowInstants(layer.zone, r.daily, window, r.days)));
}

/** Who the layer puts on call at `at`, or null (before the first shift, outside restrictions, no participants). */
export function layerUserAt(layer: CompiledLayer, at: EpochMs): string | null {
  if (layer.participants.length === 0) return null;
  const user = participantOf(layer, shiftIndexAt(layer, at));
  if (user === undefined) return null;
  return isLayerActiveAt(layer, at) ? user : null;
}

/**
 * The layer's lane within `window`: one segment per shift, cut to the restrictions, sorted,
 * half-open, non-overlapping. Segments are not merged across shifts (a handoff to the same person
 * stays visible); `layerUserAt(at)` is the user of the segment containing `at`, or null if none.
 */
export function layerSegments(layer: CompiledLayer, window: Interval): LayerSegment[] {
  const out: LayerSegment[] = [];
  if (layer.participants.length === 0 || window.end <= window.start) return out;
  let k = Math.max(0, shiftIndexAt(layer, window.start));
  let from = handoffAt(layer, k);
  const active = activeInstants(layer, window);
  let a = 0;
  while (from < window.end) {
    const to = handoffAt(layer, k + 1);
    const start = Math.max(from, window.start);
    const end = Math.min(to, window.end);
    const userId = participantOf(layer, k)!;
    // Cut [start, end) to the active instants (sorted, disjoint): a pointer walk.
    while (a < active.length && active[a]!.end <= start) a++;
    for (let b = a; b < active.length && active[b]!.start < end; b++) {
      const s = Math.max(start, active[b]!.start);
      const e = Math.min(end, active[b]!.end);
      if (e > s) out.push({ start: s as EpochMs, end: e as EpochMs, userId, shift: k });
    }
    from = to;
    k++;
  }
  return out;
}

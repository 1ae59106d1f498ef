import type { EpochMs } from '../time/instant';
import type { Interval } from '../time/interval';
import { compileLayer, layerSegments, layerUserAt } from './rotation';
import type { CompiledLayer, LayerSegment } from './rotation';
import type { Schedule } from './schedule';

/** Someone on call for `[start, end)` in the final schedule. */
export type OnCallSegment = { start: EpochMs; end: EpochMs; userId: string };

/** The visible part of an override: where no later override covers it. */
export type OverrideSegment = { start: EpochMs; end: EpochMs; userId: string; overrideId: string };

/** Everything a calendar needs for one window. */
export type Resolution = {
  window: Interval;
  /**
   * Who is on call: sorted, half-open, pairwise disjoint, and adjacent segments never share a user
   * (they are merged). Together with `gaps` they tile `window` exactly.
   */
  segments: OnCallSegment[];
  /** Where nobody is on call: sorted, disjoint, merged. */
  gaps: Interval[];
  /** Each layer's own lane (before priorities), in the schedule's layer order; see `layerSegments`. */
  layers: Array<{ layerId: string; segments: LayerSegment[] }>;
  /** The parts of overrides that take effect (later overrides hide earlier ones), sorted by start. */
  overrides: OverrideSegment[];
};

type Candidate = { start: number; end: number; priority: number; userId: string; overrideId?: string };

/** A binary max-heap of candidate indices ordered by priority. */
class PriorityHeap {
  private readonly items: number[] = [];
  constructor(private readonly priorityOf: (index: number) => number) {}
  push(index: number): void {
    const items = this.items;
    items.push(index);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.priorityOf(items[parent]!) >= this.priorityOf(items[i]!)) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }
  peek(): number | undefined {
    return this.items[0];
  }
  pop(): void {
    const items = this.items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < items.length && this.priorityOf(items[l]!) > this.priorityOf(items[top]!)) top = l;
      if (r < items.length && this.priorityOf(items[r]!) > this.priorityOf(items[top]!)) top = r;
      if (top === i) return;
      [items[top], items[i]] = [items[i]!, items[top]!];
      i = top;
    }
  }
}

/**
 * Splits `window` at every candidate edge and reports, for each piece in order, the candidate of
 * highest priority covering it (or -1). Pieces tile the window; O(n log n).
 */
function sweep(candidates: readonly Candidate[], window: Interval, emit: (start: number, end: number, winner: number) => void): void {
  const events: number[] = []; // encoded as index * 2 + (0 = start, 1 = end), sorted by time below
  const timeOf = (event: number) => ((event & 1) === 0 ? candidates[event >> 1]!.start : candidates[event >> 1]!.end);
  candidates.forEach((c, i) => {
    if (c.end > c.start && c.end > window.start && c.start < window.end) events.push(i * 2, i * 2 + 1);
  });
  events.sort((a, b) => timeOf(a) - timeOf(b));
  const ended = new Uint8Array(candidates.length);
  const heap = new PriorityHeap((i) => candidates[i]!.priority);
  const top = () => {
    for (let i = heap.peek(); i !== undefined; i = heap.peek()) {
      if (!ended[i]) return i;
      heap.pop();
    }
    return -1;
  };
  let cursor: number = window.start;
  let e = 0;
  while (e < events.length) {
    const t = timeOf(events[e]!);
    if (t > cursor) {
      const end = Math.min(t, window.end);
      if (end > cursor) emit(cursor, end, top());
      cursor = end;
      if (cursor >= window.end) return;
    }
    for (; e < events.length && timeOf(events[e]!) === t; e++) {
      const event = events[e]!;
      if (event & 1) ended[event >> 1] = 1;
      else heap.push(event >> 1);
    }
  }
  if (cursor < window.end) emit(cursor, window.end, top());
}

function compileAll(schedule: Schedule): CompiledLayer[] {
  return schedule.layers.map((layer) => compileLayer(layer, schedule.zone));
}

/**
 * Resolves a schedule over `window`: the final on-call segments, the coverage gaps, every layer's
 * lane and the effective overrides. Priority at each instant: the last override in the array that
 * covers it, else the highest layer (last in the array) that has someone there, else a gap.
 * Agrees with `onCallAt` at every instant of the window. Throws RangeError for a schedule that
 * `validateSchedule` rejects (unknown zone, malformed times).
 */
export function resolveSegments(schedule: Schedule, window: Interval): Resolution {
  const layers = compileAll(schedule);
  const lanes = layers.map((layer) => ({ layerId: layer.id, segments: window.end > window.start ? layerSegments(layer, window) : [] }));
  const candidates: Candidate[] = [];
  lanes.forEach((lane, priority) => {
    for (const s of lane.segments) candidates.push({ start: s.start, end: s.end, priority, userId: s.userId });
  });
  const overrideCandidates: Candidate[] = schedule.overrides.map((o, i) => ({ start: o.start, end: o.end, priority: i, userId: o.userId, overrideId: o.id }));
  for (const c of overrideCandidates) candidates.push({ ...c, priority: layers.length + c.priority });

  const segments: OnCallSegment[] = [];
  const gaps: Interval[] = [];
  const overrides: OverrideSegment[] = [];
  if (window.end <= window.start) return { window, segments, gaps, layers: lanes, overrides };

  sweep(candidates, window, (start, end, winner) => {
    if (winner < 0) {
      const last = gaps[gaps.length - 1];
      if (last && last.end === start) last.end = end as EpochMs;
      else gaps.push({ start: start as EpochMs, end: end as EpochMs });
      return;
    }
    const userId = candidates[winner]!.userId;
    const last = segments[segments.length - 1];
    if (last && last.end === start && last.userId === userId) last.end = end as EpochMs;
    else segments.push({ start: start as EpochMs, end: end as EpochMs, userId });
  });

  sweep(overrideCandidates, window, (start, end, winner) => {
    if (winner < 0) return;
    const { userId, overrideId } = overrideCandidates[winner]!;
    const last = overrides[overrides.length - 1];
    if (last && last.end === start && last.overrideId === overrideId) last.end = end as EpochMs;
    else overrides.push({ start: start as EpochMs, end: end as EpochMs, userId, overrideId: overrideId! });
  });

  return { window, segments, gaps, layers: lanes, overrides };
}

/**
 * Who is on call at instant `at`, or null when nobody is: the same priority rule as
 * `resolveSegments`, evaluated for one instant without resolving a window (cost independent of how
 * long the schedule has run).
 */
export function onCallAt(schedule: Schedule, at: EpochMs): string | null {
  for (let i = schedule.overrides.length - 1; i >= 0; i--) {
    const o = schedule.overrides[i]!;
    if (at >= o.start && at < o.end) return o.userId;
  }
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const user = layerUserAt(compileLayer(schedule.layers[i]!, schedule.zone), at);
    if (user !== null) return user;
  }
  return null;
}

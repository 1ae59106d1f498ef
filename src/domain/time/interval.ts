import type { EpochMs } from './instant';

/**
 * A half-open span of time `[start, end)`: it contains `start` and every instant before `end`,
 * never `end` itself, so two intervals that touch (`a.end === b.start`) do not overlap. An interval
 * whose `end` is not after its `start` is empty. This module is the only place that does the algebra.
 */
export type Interval = { start: EpochMs; end: EpochMs };

/** Builds an interval; it may be empty (end ≤ start), which every function here treats as nothing. */
export function interval(start: EpochMs, end: EpochMs): Interval {
  return { start, end };
}

/** Whether the interval holds no instant (end ≤ start). */
export function isEmpty(span: Interval): boolean {
  return span.end <= span.start;
}

/** Length in milliseconds; 0 for an empty interval, never negative. */
export function lengthOf(span: Interval): number {
  return span.end > span.start ? span.end - span.start : 0;
}

/** Whether `at` lies in `[start, end)`. */
export function containsInstant(span: Interval, at: number): boolean {
  return at >= span.start && at < span.end;
}

/**
 * The canonical form of a set of intervals: empty ones dropped, sorted by start, overlapping and
 * touching ones merged. The result is sorted, pairwise disjoint and never adjacent
 * (`result[i].end < result[i + 1].start`), and covers exactly the instants of the input.
 * The input is not modified.
 */
export function normalize(spans: readonly Interval[]): Interval[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.start <= last.end) {
      if (span.end > last.end) last.end = span.end;
    } else {
      out.push({ start: span.start, end: span.end });
    }
  }
  return out;
}

/** Union of two sets of intervals, normalized. */
export function union(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return normalize([...a, ...b]);
}

/** The overlap of two intervals, or undefined when they share no instant. */
export function intersectOne(a: Interval, b: Interval): Interval | undefined {
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return end > start ? { start, end } : undefined;
}

/** The instants in both sets, normalized (linear after normalizing both inputs). */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = normalize(a);
  const y = normalize(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i]!;
    const q = y[j]!;
    const overlap = intersectOne(p, q);
    if (overlap) out.push(overlap);
    if (p.end < q.end) i++;
    else j++;
  }
  return out;
}

/** The instants of `a` that are not in `b`, normalized. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = normalize(a);
  const y = normalize(b);
  const out: Interval[] = [];
  let j = 0;
  for (const span of x) {
    let cursor = span.start;
    while (j < y.length && y[j]!.end <= cursor) j++;
    let k = j;
    while (k < y.length && y[k]!.start < span.end) {
      const cut = y[k]!;
      if (cut.start > cursor) out.push({ start: cursor, end: cut.start });
      if (cut.end > cursor) cursor = cut.end;
      if (cursor >= span.end) break;
      k++;
    }
    if (cursor < span.end) out.push({ start: cursor, end: span.end });
  }
  return out;
}

/** The part of a set of intervals inside `window`, normalized. */
export function clip(spans: readonly Interval[], window: Interval): Interval[] {
  return intersect(spans, [window]);
}

/** The number of milliseconds covered by the set (overlaps counted once). */
export function totalLength(spans: readonly Interval[]): number {
  let total = 0;
  for (const span of normalize(spans)) total += span.end - span.start;
  return total;
}

/** Whether any interval of the set contains `at`. */
export function coversInstant(spans: readonly Interval[], at: number): boolean {
  return spans.some((span) => containsInstant(span, at));
}

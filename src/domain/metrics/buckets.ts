import { DAY_MS, epochMs } from '../time/instant';
import type { EpochMs } from '../time/instant';
import { addLocalDays, instantOfLocal, localDayOfWall, wallOf, weekdayOf } from '../time/zoned';
import type { LocalDay } from '../time/zoned';

/**
 * Calendar buckets in the viewer's IANA zone: a week starts on Monday at 00:00 local, a month on the
 * 1st at 00:00 local. Bucket boundaries are wall-clock, so a week holding a DST change lasts 167 or
 * 169 hours and such a month one hour less or more than its days times 24.
 *
 * Each bucket is the half-open interval [its start, the next bucket's start). A local midnight that
 * does not exist (a zone that springs forward at 00:00) starts the bucket at the first instant after
 * the gap; one that occurs twice starts it at the first occurrence (the rules of `instantOfWall`).
 * `bucketStart` is defined from those boundaries — the last bucket start at or before the instant —
 * so every instant falls in exactly one bucket even in the repeated hour of a zone falling back at
 * midnight, where the local date alone would disagree.
 */
export type BucketSize = 'week' | 'month';

export const BUCKET_SIZES = ['week', 'month'] as const satisfies readonly BucketSize[];

/**
 * The most buckets `bucketsBetween` lists (about 38 years of weeks). A wider range is refused with a
 * RangeError rather than building an answer nobody can draw; the server should reject it as bad input first.
 */
export const MAX_BUCKETS = 2000;

function dayOfMonth(day: LocalDay): number {
  // A LocalDay times DAY_MS is the local date encoded as if it were UTC, so UTC getters read it without any zone.
  return new Date(day * DAY_MS).getUTCDate();
}

/** The local day on which the bucket holding `day` starts. */
function firstDayOf(day: LocalDay, size: BucketSize): LocalDay {
  if (size === 'week') return addLocalDays(day, -((weekdayOf(day) + 6) % 7));
  return addLocalDays(day, -(dayOfMonth(day) - 1));
}

/** The local day on which the bucket after the one starting on `first` starts. */
function nextFirstDay(first: LocalDay, size: BucketSize): LocalDay {
  if (size === 'week') return addLocalDays(first, 7);
  // 31 days on from the 1st is always inside the next month.
  return firstDayOf(addLocalDays(first, 31), 'month');
}

/** The start of the bucket that begins after the bucket starting at `start` (a bucket start from this module). */
export function nextBucketStart(start: EpochMs, size: BucketSize, zone: string): EpochMs {
  const first = firstDayOf(localDayOfWall(wallOf(zone, start)), size);
  return instantOfLocal(zone, nextFirstDay(first, size), 0);
}

/** The start of the bucket (week from Monday 00:00 or month from the 1st 00:00, local in `zone`) holding `at`. */
export function bucketStart(at: EpochMs, size: BucketSize, zone: string): EpochMs {
  let first = firstDayOf(localDayOfWall(wallOf(zone, at)), size);
  let start = instantOfLocal(zone, first, 0);
  // Only in a zone that falls back across midnight can the local date point at a bucket whose
  // boundary is on the other side of `at`; step to the bucket whose half-open interval holds it.
  while (start > at) {
    first = firstDayOf(addLocalDays(first, -1), size);
    start = instantOfLocal(zone, first, 0);
  }
  for (;;) {
    const next = nextFirstDay(first, size);
    const nextStart = instantOfLocal(zone, next, 0);
    if (nextStart > at) return epochMs(start);
    first = next;
    start = nextStart;
  }
}

/**
 * Every bucket start for the buckets that overlap `[from, to)`, in order, empty buckets included: the
 * first is the bucket holding `from` (it may begin before `from`), the last the one holding the last
 * instant before `to`. Nothing when `to ≤ from`. Throws RangeError beyond {@link MAX_BUCKETS}.
 */
export function bucketsBetween(from: EpochMs, to: EpochMs, size: BucketSize, zone: string): EpochMs[] {
  const starts: EpochMs[] = [];
  if (to <= from) return starts;
  let start = bucketStart(from, size, zone);
  while (start < to) {
    if (starts.length >= MAX_BUCKETS) throw new RangeError(`more than ${MAX_BUCKETS} ${size} buckets in the range`);
    starts.push(start);
    start = nextBucketStart(start, size, zone);
  }
  return starts;
}

/**
 * The index of the bucket holding `at` among sorted bucket starts, or -1 when `at` is before the
 * first or at/after `end` (the end of the last bucket). Binary search, so the caller buckets many
 * instants against one list without any zone lookups.
 */
export function bucketIndex(starts: readonly EpochMs[], end: EpochMs, at: number): number {
  if (starts.length === 0 || at < starts[0]! || at >= end) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

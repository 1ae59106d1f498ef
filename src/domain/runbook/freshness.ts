import { epochMs } from '../time/instant';
import type { EpochMs } from '../time/instant';

// A review interval counts elapsed days of 24 h, not calendar days: no zone can move the due date.
const DAY_MS = 24 * 60 * 60 * 1000;

/** When the next review is due: `intervalDays` × 24 h after the last review (or the creation when never reviewed). */
export function reviewDueAt(lastReviewedAt: EpochMs, intervalDays: number): EpochMs {
  return epochMs(lastReviewedAt + intervalDays * DAY_MS);
}

/** Overdue once the due instant has passed; at the due instant itself it is due, not yet overdue. */
export function isReviewOverdue(lastReviewedAt: EpochMs, intervalDays: number, now: EpochMs): boolean {
  return now > reviewDueAt(lastReviewedAt, intervalDays);
}

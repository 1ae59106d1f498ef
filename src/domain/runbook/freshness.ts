import type { EpochMs } from '../time/instant';

/** When the next review is due: `intervalDays` × 24 h after the last review (or the creation when never reviewed). */
export function reviewDueAt(lastReviewedAt: EpochMs, intervalDays: number): EpochMs {
  throw new Error(`reviewDueAt not built yet: ${lastReviewedAt} ${intervalDays}`);
}

export function isReviewOverdue(lastReviewedAt: EpochMs, intervalDays: number, now: EpochMs): boolean {
  throw new Error(`isReviewOverdue not built yet: ${lastReviewedAt} ${intervalDays} ${now}`);
}

import { describe, expect, it } from 'vitest';
import { epochMs } from '../time/instant';
import { isReviewOverdue, reviewDueAt } from './freshness';

const reviewed = epochMs(Date.parse('2026-10-20T12:00:00Z'));

describe('review freshness', () => {
  it('is due interval × 24 h after the last review, across a daylight-saving change', () => {
    // New York falls back on 2026-11-01; the due instant is still 14 × 24 h later, at 12:00 UTC.
    expect(reviewDueAt(reviewed, 14)).toBe(Date.parse('2026-11-03T12:00:00Z'));
    expect(reviewDueAt(reviewed, 1)).toBe(Date.parse('2026-10-21T12:00:00Z'));
  });

  it('is overdue only after the due instant has passed', () => {
    const due = reviewDueAt(reviewed, 90);
    expect(isReviewOverdue(reviewed, 90, epochMs(due - 1))).toBe(false);
    expect(isReviewOverdue(reviewed, 90, due)).toBe(false);
    expect(isReviewOverdue(reviewed, 90, epochMs(due + 1))).toBe(true);
  });
});

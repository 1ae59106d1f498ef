import { describe, expect, it } from 'vitest';
import { epochMs, parseIsoInstant } from '../time/instant';
import { canMove, defaultFollowUpOn, endOfLocalDate, isEditable, isOverdue, isPastDate, postmortemDueAt, reminderAt } from './model';

const at = (iso: string) => parseIsoInstant(iso)!;

describe('post-mortem statuses', () => {
  it('go draft → in review → published, and back only to draft', () => {
    expect(canMove('draft', 'in_review')).toBe(true);
    expect(canMove('in_review', 'published')).toBe(true);
    expect(canMove('in_review', 'draft')).toBe(true);
    expect(canMove('published', 'draft')).toBe(true);
    expect(canMove('draft', 'published')).toBe(false);
    expect(canMove('published', 'in_review')).toBe(false);
    expect(canMove('draft', 'draft')).toBe(false);
  });

  it('a published post-mortem is read-only', () => {
    expect(isEditable('published')).toBe(false);
    expect(isEditable('in_review')).toBe(true);
  });
});

describe('the 48-hour due time', () => {
  it('counts 48 elapsed hours from the resolution, and none while the incident is open', () => {
    expect(postmortemDueAt(at('2026-03-28T23:30:00Z'))).toBe(at('2026-03-30T23:30:00Z'));
    expect(postmortemDueAt(null)).toBeNull();
  });
});

describe('dates in the owner’s zone', () => {
  it('an item due on a date is overdue from the next local midnight, not UTC midnight', () => {
    const item = { status: 'open' as const, dueOn: '2026-03-10' };
    // Midnight in Los Angeles (PDT from 8 March) is 07:00 UTC.
    expect(endOfLocalDate('2026-03-10', 'America/Los_Angeles')).toBe(at('2026-03-11T07:00:00Z'));
    expect(isOverdue(item, 'America/Los_Angeles', at('2026-03-11T06:59:59Z'))).toBe(false);
    expect(isOverdue(item, 'America/Los_Angeles', at('2026-03-11T07:00:00Z'))).toBe(true);
    expect(isOverdue(item, 'Asia/Tokyo', at('2026-03-10T15:00:00Z'))).toBe(true);
  });

  it('closed items and items without a date are never overdue', () => {
    const late = at('2027-01-01T00:00:00Z');
    expect(isOverdue({ status: 'done', dueOn: '2026-03-10' }, 'UTC', late)).toBe(false);
    expect(isOverdue({ status: 'wont_do', dueOn: '2026-03-10' }, 'UTC', late)).toBe(false);
    expect(isOverdue({ status: 'in_progress', dueOn: '2026-03-10' }, 'UTC', late)).toBe(true);
    expect(isOverdue({ status: 'open', dueOn: null }, 'UTC', late)).toBe(false);
  });

  it('a past date is one before today where the owner is', () => {
    const now = at('2026-03-10T23:30:00Z');
    expect(isPastDate('2026-03-10', 'Europe/Berlin', now)).toBe(true);
    expect(isPastDate('2026-03-10', 'America/New_York', now)).toBe(false);
    expect(isPastDate('2026-03-09', 'America/New_York', now)).toBe(true);
  });

  it('the follow-up review defaults to a week later in the owner’s calendar, across a DST change', () => {
    expect(defaultFollowUpOn(at('2026-03-05T01:00:00Z'), 'America/New_York')).toBe('2026-03-11');
    expect(defaultFollowUpOn(at('2026-03-05T01:00:00Z'), 'Europe/Berlin')).toBe('2026-03-12');
    expect(reminderAt('2026-03-09', 'America/New_York')).toBe(epochMs(at('2026-03-09T13:00:00Z')));
    expect(reminderAt('2026-03-06', 'America/New_York')).toBe(epochMs(at('2026-03-06T14:00:00Z')));
  });
});

import { describe, expect, it } from 'vitest';
import { dueLabel, mergedDraft } from './labels';

describe('post-mortem labels', () => {
  it('counts down to the due time, then counts how late it is, and stops once published', () => {
    const dueAt = '2026-03-05T03:14:00.000Z';
    const due = Date.parse(dueAt);
    expect(dueLabel({ status: 'draft', dueAt }, due - (31 * 60 + 5) * 60_000)).toEqual({ text: 'Due in 31 h 5 min', overdue: false });
    expect(dueLabel({ status: 'in_review', dueAt }, due + 2 * 3_600_000)).toEqual({ text: 'Overdue by 2 h 0 min', overdue: true });
    expect(dueLabel({ status: 'published', dueAt }, due + 2 * 3_600_000)).toEqual({ text: 'Published', overdue: false });
    expect(dueLabel({ status: 'draft', dueAt: null }, due).text).toBe('Due 48 h after the incident resolves');
  });

  it('merges two texts keeping every line of both', () => {
    const merged = mergedDraft('a\nshared\ntheirs only', 'a\nshared\nmine only');
    expect(merged.split('\n')).toEqual(expect.arrayContaining(['a', 'shared', 'theirs only', 'mine only']));
    expect(merged.split('\n').filter((l) => l === 'shared')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { isHighUrgency, mostUrgent, severityFromLabel } from './severity';

describe('severity from a monitoring label', () => {
  it.each([
    ['critical', 'P1'],
    ['CRITICAL', 'P1'],
    ['error', 'P2'],
    ['warning', 'P3'],
    [' info ', 'P4'],
    ['p2', 'P2'],
    ['P4', 'P4'],
  ])('maps %j to %s', (label, expected) => {
    expect(severityFromLabel(label)).toBe(expected);
  });

  it('falls back to P3 (or the given default) for a missing or unfamiliar label, never dropping the alert', () => {
    expect(severityFromLabel(undefined)).toBe('P3');
    expect(severityFromLabel('sev-bananas')).toBe('P3');
    expect(severityFromLabel('sev-bananas', 'P2')).toBe('P2');
  });

  it('picks the most urgent of several', () => {
    expect(mostUrgent(['P3', 'P1', 'P4'], 'P3')).toBe('P1');
    expect(mostUrgent([], 'P4')).toBe('P4');
  });

  it('treats P1 and P2 as high urgency', () => {
    expect(['P1', 'P2', 'P3', 'P4'].map((s) => isHighUrgency(s as 'P1'))).toEqual([true, true, false, false]);
  });
});

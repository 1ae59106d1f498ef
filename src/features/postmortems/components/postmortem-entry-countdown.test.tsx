import { describe, expect, it } from 'vitest';
import { countdownText } from './postmortem-entry-countdown';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('countdownText', () => {
  it('counts whole minutes down to the due time, rounded down', () => {
    expect(countdownText(48 * HOUR, 48 * MIN)).toBe('due in 47 h 12 min');
    expect(countdownText(48 * HOUR, 48 * MIN + 59_999)).toBe('due in 47 h 11 min');
    expect(countdownText(10 * MIN, 0)).toBe('due in 10 min');
    expect(countdownText(30_000, 0)).toBe('due in 0 min');
  });

  it('says overdue by how long once the due time has come', () => {
    expect(countdownText(0, 0)).toBe('overdue by 0 min');
    expect(countdownText(0, 2 * HOUR + 5 * MIN)).toBe('overdue by 2 h 5 min');
    expect(countdownText(0, 50 * HOUR)).toBe('overdue by 50 h 0 min');
  });
});

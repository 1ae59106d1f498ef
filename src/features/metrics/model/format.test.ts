import { describe, expect, it } from 'vitest';
import { axisUnitFor, bucketLabel, formatDuration, formatPercent, formatShare } from './format';

const MIN = 60_000;

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [0, '0 s'],
    [45_000, '45 s'],
    [2 * MIN, '2 min'],
    [2.5 * MIN, '2 min 30 s'],
    [6.5 * MIN, '6 min 30 s'],
    [23.7 * MIN, '24 min'],
    [65 * MIN, '1 h 05 min'],
    [120 * MIN, '2 h 00 min'],
    [26 * 60 * MIN, '1 d 2 h'],
    [48 * 60 * MIN, '2 d'],
    [-5_000, '0 s'],
  ])('%s ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatPercent and formatShare', () => {
  it('writes a change with a real minus sign or a plus', () => {
    expect(formatPercent(-93)).toBe('\u221293 %');
    expect(formatPercent(12)).toBe('+12 %');
    expect(formatPercent(0)).toBe('0 %');
  });

  it('writes a share, and nothing for no whole', () => {
    expect(formatShare(1, 4)).toBe('25 %');
    expect(formatShare(0, 0)).toBe('—');
  });
});

describe('bucketLabel and axisUnitFor', () => {
  it('names a bucket by its start in the viewer’s zone, not UTC', () => {
    // Monday 2 Nov 00:00 in New York is 05:00 UTC; in Tokyo it is still 1 Nov 15:00 UTC.
    expect(bucketLabel('2026-11-02T05:00:00.000Z', 'week', 'America/New_York')).toBe('2 Nov 2026');
    expect(bucketLabel('2026-10-31T15:00:00.000Z', 'month', 'Asia/Tokyo')).toBe('Nov 2026');
  });

  it('counts in hours once a value passes three hours', () => {
    expect(axisUnitFor([null, 30 * MIN]).name).toBe('minutes');
    expect(axisUnitFor([181 * MIN]).name).toBe('hours');
  });
});

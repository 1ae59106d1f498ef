import { describe, expect, it } from 'vitest';
import { formatOffset } from './preview-lines';

describe('preview offsets', () => {
  it.each([
    [0, '+0:00'],
    [60_000, '+1:00'],
    [5 * 60_000 + 30_000, '+5:30'],
    [10 * 60_000, '+10:00'],
    [65 * 60_000, '+1:05:00'],
  ])('%i ms after the alert reads %s', (ms, text) => {
    expect(formatOffset(ms)).toBe(text);
  });
});

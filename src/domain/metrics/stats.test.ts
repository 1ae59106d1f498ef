import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, percentile, percentileOfSorted, spreadOf, spreadOfInPlace } from './stats';

describe('median and percentile (linear interpolation between closest ranks)', () => {
  it('have no value for no data, rather than 0', () => {
    expect(median([])).toBeNull();
    expect(percentile([], 90)).toBeNull();
    expect(spreadOf([])).toEqual({ n: 0, median: null, p90: null });
  });

  it('take the middle value of an odd set and the mean of the two middle values of an even set', () => {
    expect(median([7])).toBe(7);
    // sorted 1, 2, 3 → rank (3 − 1) · 0.5 = 1 → 2
    expect(median([3, 1, 2])).toBe(2);
    // sorted 1, 2, 3, 4 → rank (4 − 1) · 0.5 = 1.5 → 2 + 0.5 · (3 − 2) = 2.5
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolate p90 between the two closest ranks', () => {
    // 1..10: rank 9 · 0.9 = 8.1 → x[8] + 0.1 · (x[9] − x[8]) = 9 + 0.1 · 1 = 9.1
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9.1);
    // 10, 20, 30, 40, 50: rank 4 · 0.9 = 3.6 → 40 + 0.6 · 10 = 46
    expect(percentile([50, 10, 40, 20, 30], 90)).toBe(46);
    // two values 2 and 4 minutes (ms): rank 1 · 0.9 = 0.9 → 120 000 + 0.9 · 120 000 = 228 000
    expect(percentile([240_000, 120_000], 90)).toBe(228_000);
    // one value: every percentile is that value
    expect(percentile([5], 90)).toBe(5);
  });

  it('give the minimum at p0 and the maximum at p100', () => {
    expect(percentile([3, 9, 1], 0)).toBe(1);
    expect(percentile([3, 9, 1], 100)).toBe(9);
  });

  it('agree with each other: the median is p50, and spreadOf gives both with the count', () => {
    const values = [15, 20, 30, 60];
    expect(median(values)).toBe(percentile(values, 50));
    // sorted 15, 20, 30, 60: median (20 + 30) / 2 = 25; p90 rank 2.7 → 30 + 0.7 · 30 = 51
    expect(spreadOf(values)).toEqual({ n: 4, median: 25, p90: 51 });
  });

  it('leave the caller’s array in its order', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuse a percentile outside 0–100 and values that are not finite numbers', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('spreadOf by selection', () => {
  it('gives exactly what sorting and interpolating gives, for any set of durations', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 300 }), fc.boolean(), (raw, fewValues) => {
        // Many repeated values as well as spread-out ones: partitions must cope with ties.
        const values = fewValues ? raw.map((v) => v % 7) : raw;
        const sorted = [...values].sort((a, b) => a - b);
        expect(spreadOf(values)).toEqual({ n: values.length, median: percentileOfSorted(sorted, 50), p90: percentileOfSorted(sorted, 90) });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('spreadOf over a Float64Array', () => {
  it('gives what it gives for the same plain array, and leaves the typed array in its order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 300 }), fc.boolean(), (raw, fewValues) => {
        const values = fewValues ? raw.map((v) => v % 7) : raw;
        const typed = Float64Array.from(values);
        expect(spreadOf(typed)).toEqual(spreadOf(values));
        expect(Array.from(typed)).toEqual(values);
      }),
      { numRuns: 1000 },
    );
  });

  it('in place: the same answer, the same numbers left in the array (reordered), and only in the slice given', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 300 }), fc.nat(), fc.nat(), (values, a, b) => {
        const all = Float64Array.from(values);
        const from = values.length === 0 ? 0 : a % (values.length + 1);
        const to = from + (values.length - from === 0 ? 0 : b % (values.length - from + 1));
        const slice = values.slice(from, to);
        expect(spreadOfInPlace(all.subarray(from, to))).toEqual(spreadOf(slice));
        expect(Array.from(all.subarray(from, to)).sort((x, y) => x - y)).toEqual([...slice].sort((x, y) => x - y));
        expect(Array.from(all.subarray(0, from))).toEqual(values.slice(0, from));
        expect(Array.from(all.subarray(to))).toEqual(values.slice(to));
      }),
      { numRuns: 1000 },
    );
  });

  it('works through the example by hand and refuses what is not a finite number', () => {
    // sorted 15, 20, 30, 60: median (20 + 30) / 2 = 25; p90 rank 2.7 → 30 + 0.7 · 30 = 51
    expect(spreadOfInPlace(Float64Array.of(60, 15, 30, 20))).toEqual({ n: 4, median: 25, p90: 51 });
    expect(spreadOf(new Float64Array(0))).toEqual({ n: 0, median: null, p90: null });
    expect(() => spreadOf(Float64Array.of(1, Number.NaN))).toThrow(RangeError);
    expect(() => spreadOfInPlace(Float64Array.of(Number.POSITIVE_INFINITY))).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochMs } from './instant';
import { clip, containsInstant, coversInstant, intersect, intersectOne, lengthOf, normalize, subtract, totalLength, union } from './interval';
import type { Interval } from './interval';

const span = (start: number, end: number): Interval => ({ start: start as EpochMs, end: end as EpochMs });

/** Intervals with integer edges in 0..40, some empty or reversed. */
const arbSpan = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })).map(([a, b]) => span(a, b));
const arbSet = fc.array(arbSpan, { maxLength: 8 });

/** With integer edges, a set is determined by which unit cells [i, i + 1) it holds. */
const cells = (spans: readonly Interval[]) => Array.from({ length: 42 }, (_, i) => coversInstant(spans, i));

function expectCanonical(spans: readonly Interval[]) {
  spans.forEach((s, i) => {
    expect(s.end).toBeGreaterThan(s.start);
    const next = spans[i + 1];
    if (next) expect(s.end).toBeLessThan(next.start); // sorted, disjoint, not even touching
  });
}

describe('half-open intervals', () => {
  it('contain the start and not the end; touching intervals do not overlap', () => {
    expect(containsInstant(span(10, 20), 10)).toBe(true);
    expect(containsInstant(span(10, 20), 20)).toBe(false);
    expect(intersectOne(span(10, 20), span(20, 30))).toBeUndefined();
    expect(lengthOf(span(20, 10))).toBe(0);
  });

  it('merge overlapping and touching intervals, drop empty ones', () => {
    expect(normalize([span(20, 30), span(0, 10), span(10, 15), span(5, 5), span(28, 40), span(50, 45)])).toEqual([span(0, 15), span(20, 40)]);
  });

  it('subtract holes out of the middle and off the ends', () => {
    expect(subtract([span(0, 100)], [span(10, 20), span(30, 40), span(90, 120), span(-5, 2)])).toEqual([span(2, 10), span(20, 30), span(40, 90)]);
  });

  it('clip to a window and count overlapping time once', () => {
    expect(clip([span(0, 10), span(15, 30)], span(5, 20))).toEqual([span(5, 10), span(15, 20)]);
    expect(totalLength([span(0, 10), span(5, 15), span(20, 21)])).toBe(16);
  });

  it('normalize: canonical and the same instants', () => {
    fc.assert(
      fc.property(arbSet, (a) => {
        const n = normalize(a);
        expectCanonical(n);
        expect(cells(n)).toEqual(cells(a));
        expect(normalize(n)).toEqual(n);
      }),
    );
  });

  it('union, intersect, subtract and clip agree with set algebra on every instant', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbSpan, (a, b, window) => {
        const [ca, cb, cw] = [cells(a), cells(b), cells([window])];
        const ops: Array<[Interval[], (i: number) => boolean]> = [
          [union(a, b), (i) => ca[i]! || cb[i]!],
          [intersect(a, b), (i) => ca[i]! && cb[i]!],
          [subtract(a, b), (i) => ca[i]! && !cb[i]!],
          [clip(a, window), (i) => ca[i]! && cw[i]!],
        ];
        for (const [result, oracle] of ops) {
          expectCanonical(result);
          expect(cells(result)).toEqual(cells(a).map((_, i) => oracle(i)));
        }
      }),
    );
  });

  it('total length is the number of covered unit cells; a = (a − b) ∪ (a ∩ b) without overlap', () => {
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        expect(totalLength(a)).toBe(cells(a).filter(Boolean).length);
        expect(totalLength(subtract(a, b)) + totalLength(intersect(a, b))).toBe(totalLength(a));
      }),
    );
  });
});

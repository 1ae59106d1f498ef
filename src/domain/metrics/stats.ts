/**
 * Order statistics for the metrics page.
 *
 * One method everywhere: linear interpolation between closest ranks (Hyndman & Fan type 7, the
 * default of numpy, R and spreadsheets' PERCENTILE.INC, and what PostgreSQL's `percentile_cont`
 * computes). For sorted values x[0..n-1] and p in [0, 100], the rank is h = (n - 1) · p / 100 and the
 * result is x[⌊h⌋] + (h - ⌊h⌋) · (x[⌊h⌋ + 1] - x[⌊h⌋]). Chosen over nearest-rank so that the median is
 * the median people expect (the mean of the two middle values of an even set) and p50 equals it.
 * The result may therefore be a value that is not in the set (a median of 2 and 3 ms is 2.5 ms).
 *
 * No values → null (a week without acknowledged incidents has no MTTA, which is not 0).
 */

function checkValues(values: readonly number[] | Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  }
}

/** The p-th percentile (0 ≤ p ≤ 100) of values already sorted ascending; null when empty. */
export function percentileOfSorted(sorted: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new RangeError(`percentile must be within 0–100: ${p}`);
  const n = sorted.length;
  if (n === 0) return null;
  // h = (n - 1) · p / 100, kept as lower + remainder / 100 so that whole-number inputs and a
  // whole-number p interpolate without the rounding error of a fractional rank (9.1, not 9.0999…).
  const scaled = (n - 1) * p;
  const lower = Math.floor(scaled / 100);
  const remainder = scaled - lower * 100;
  const low = sorted[lower]!;
  if (remainder === 0 || lower + 1 >= n) return low;
  const high = sorted[lower + 1]!;
  return low + ((high - low) * remainder) / 100;
}

/** The p-th percentile (0 ≤ p ≤ 100) by linear interpolation; null for no values. The input is not modified. */
export function percentile(values: readonly number[], p: number): number | null {
  checkValues(values);
  return percentileOfSorted([...values].sort((a, b) => a - b), p);
}

/** The median (= the 50th percentile by the same method); null for no values. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

/**
 * Moves the k-th smallest of a[lo..hi] to a[k], smaller or equal ones before it and greater or equal
 * ones after it (quickselect, Hoare partition around a median of three). Expected linear time; after
 * a few unlucky partitions it sorts what is left, so adversarial data costs n log n, never n².
 */
function selectInPlace(a: Float64Array, k: number, lo: number, hi: number): void {
  let budget = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (hi > lo) {
    if (hi - lo < 16 || budget-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const x = a[lo]!;
    const y = a[lo + ((hi - lo) >> 1)]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    // The pivot is one of the values, so both scans stop inside the range and the first pass swaps.
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and anything between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Median, p90 and how many values they were taken from. */
export type Spread = { n: number; median: number | null; p90: number | null };

/**
 * Median and p90 by the same interpolation as {@link percentile}, found by selection instead of a
 * full sort (the metrics endpoint summarizes 100,000 incidents several times over within 200 ms).
 * The input, a plain array or a Float64Array, is not modified.
 */
export function spreadOf(values: readonly number[] | Float64Array): Spread {
  checkValues(values);
  return spreadInPlace(Float64Array.from(values));
}

/**
 * {@link spreadOf} without the copy: reorders `values` (the same numbers stay in it). For a caller
 * that fills one typed array per metric and summarizes slices of it (`subarray`), so that a whole
 * answer allocates a few arrays instead of one per bucket and group.
 */
export function spreadOfInPlace(values: Float64Array): Spread {
  checkValues(values);
  return spreadInPlace(values);
}

/** The p-th percentile of `a[lo..]` once `a[..lo)` holds only values at or below it: selects rank ⌊(n − 1) · p / 100⌋, then interpolates. */
function selectPercentile(a: Float64Array, p: number, lo: number): number {
  // Same rank arithmetic as percentileOfSorted.
  const n = a.length;
  const scaled = (n - 1) * p;
  const lower = Math.floor(scaled / 100);
  const remainder = scaled - lower * 100;
  selectInPlace(a, lower, lo, n - 1);
  const low = a[lower]!;
  if (remainder === 0 || lower + 1 >= n) return low;
  let high = a[lower + 1]!;
  for (let i = lower + 2; i < n; i++) if (a[i]! < high) high = a[i]!;
  return low + ((high - low) * remainder) / 100;
}

function spreadInPlace(a: Float64Array): Spread {
  const n = a.length;
  if (n === 0) return { n: 0, median: null, p90: null };
  const medianValue = selectPercentile(a, 50, 0);
  // Ranks only grow from p50 to p90, and everything from the median's rank on is at or above it,
  // so the second selection works on what is left.
  return { n, median: medianValue, p90: selectPercentile(a, 90, Math.floor(((n - 1) * 50) / 100)) };
}

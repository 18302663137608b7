/**
 * Order statistics on plain arrays.
 *
 * `percentileOfSorted` is numpy's default ("linear", Hyndman–Fan type 7) percentile, the
 * one `np.percentile` and hence arch's percentile bootstrap interval use: for probability
 * q and n sorted values, h = (n − 1)·q, result = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */

import { ReproError } from "../../core/errors.js";

/** Copy and sort ascending. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values as ArrayLike<number>).sort();
}

/** Type-7 quantile of already sorted values, q ∈ [0, 1]. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new ReproError("cannot take a percentile of no values");
  if (!(q >= 0 && q <= 1)) throw new ReproError(`percentile probability must be in [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1]!;
  const frac = h - lo;
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  return frac === 0 ? a : a + frac * (b - a);
}

/** Type-7 quantile of unsorted values. */
export function percentile(values: ArrayLike<number>, q: number): number {
  return percentileOfSorted(sortedCopy(values), q);
}

/** Median (mean of the two middle values for even n). */
export function median(values: ArrayLike<number>): number {
  return percentile(values, 0.5);
}

/** Arithmetic mean. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) throw new ReproError("cannot take the mean of no values");
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  return s / n;
}

/**
 * Trimmed mean exactly as `scipy.stats.trim_mean(values, proportion)`: sort, cut
 * k = ⌊proportion·n⌋ values from each end, average the remaining n − 2k. With
 * proportion 0.25 this is the interquartile mean (IQM); e.g. n = 10 cuts 2 from each end
 * and averages 6 values (no fractional weighting of boundary values).
 */
export function trimMean(values: ArrayLike<number>, proportion: number): number {
  const n = values.length;
  if (n === 0) throw new ReproError("cannot take the trimmed mean of no values");
  if (!(proportion >= 0 && proportion < 0.5)) {
    throw new ReproError(`trim proportion must be in [0, 0.5), got ${proportion}`);
  }
  const k = Math.floor(proportion * n);
  const sorted = sortedCopy(values);
  let s = 0;
  for (let i = k; i < n - k; i++) s += sorted[i]!;
  return s / (n - 2 * k);
}

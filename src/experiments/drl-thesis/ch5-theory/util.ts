/** Small helpers shared by the Chapter 5 experiment files. */

import type { StateMatrix } from "../../../mdp/types.js";

/** Round to `digits` significant digits (stored tables stay small; NaN/±Infinity pass through). */
export function sig(x: number, digits = 6): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

/** 1 / 0 for a boolean (CSV cells are numbers or strings). */
export function flag(b: boolean): number {
  return b ? 1 : 0;
}

/** max |x|. */
export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let t = 0; t < x.length; t++) m = Math.max(m, Math.abs(x[t]!));
  return m;
}

/**
 * Tightness τ = mean over ordered pairs i ≠ j with d(i, j) > 0 of |V_i − V_j| / d(i, j)
 * (research note N4): 1 = the bound is attained, small = loose. NaN if no such pair.
 */
export function tightness(V: ArrayLike<number>, d: StateMatrix): number {
  const n = V.length;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const dij = d[i * n + j]!;
      if (dij > 1e-12) {
        sum += Math.abs(V[i]! - V[j]!) / dij;
        count++;
      }
    }
  return count > 0 ? sum / count : Number.NaN;
}

/** Mean of a matrix's off-diagonal and diagonal entries. */
export function offDiagonalMean(d: StateMatrix, n: number): { off: number; diag: number } {
  let off = 0;
  let diag = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) diag += d[i * n + j]!;
      else off += d[i * n + j]!;
    }
  return { off: n > 1 ? off / (n * (n - 1)) : 0, diag: diag / n };
}

/** Elementwise a − b. */
export function minus(a: StateMatrix, b: StateMatrix): StateMatrix {
  return Float64Array.from(a, (v, t) => v - b[t]!);
}

/** max_t |a_t − b_t|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let t = 0; t < a.length; t++) m = Math.max(m, Math.abs(a[t]! - b[t]!));
  return m;
}

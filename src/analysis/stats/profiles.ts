/**
 * Performance profiles (Agarwal et al. 2021, §4, "score distributions"): for each
 * threshold τ, the fraction of runs with score > τ, pooled over all runs × tasks
 * (`variant: "runs"`, rliable's default), or the fraction of tasks whose mean score over
 * runs is > τ (`variant: "taskMeans"`, the "average score distribution"). Bands are
 * stratified-bootstrap percentile intervals at every τ (rliable's profile default is
 * 2000 replicates, as is ours).
 */

import { ReproError } from "../../core/errors.js";
import { type BootstrapOptions, vectorIntervalEstimate } from "./bootstrap.js";
import { type ScoreInput, type ScoreMatrix, taskMeans, toScoreMatrix } from "./scores.js";

export type ProfileVariant = "runs" | "taskMeans";

export interface PerformanceProfile {
  taus: Float64Array;
  /** Fraction > τ, per τ. */
  profile: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
}

/** `n` evenly spaced thresholds from `lo` to `hi` inclusive (numpy linspace). */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new ReproError(`linspace needs a positive integer count, got ${n}`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new ReproError(`linspace bounds must be finite, got ${lo}, ${hi}`);
  const out = new Float64Array(n);
  if (n === 1) {
    out[0] = lo;
    return out;
  }
  const step = (hi - lo) / (n - 1);
  for (let i = 0; i < n; i++) out[i] = lo + i * step;
  out[n - 1] = hi;
  return out;
}

/** Fraction of `values` strictly greater than each τ. */
export function fractionAbove(values: ArrayLike<number>, taus: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const out = new Float64Array(taus.length);
  for (let i = 0; i < taus.length; i++) {
    const tau = taus[i]!;
    // first index with sorted[idx] > tau
    let a = 0;
    let b = n;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (sorted[mid]! > tau) b = mid;
      else a = mid + 1;
    }
    out[i] = (n - a) / n;
  }
  return out;
}

/** Profile values (no interval) of one score matrix. */
export function profileValues(m: ScoreMatrix, taus: ArrayLike<number>, variant: ProfileVariant = "runs"): Float64Array {
  return fractionAbove(variant === "runs" ? m.values : taskMeans(m), taus);
}

function checkTaus(taus: ArrayLike<number>): Float64Array {
  const t = Float64Array.from(taus);
  if (t.length === 0) throw new ReproError("performance profile needs at least one threshold τ");
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i]!)) throw new ReproError(`threshold τ[${i}] is ${t[i]}; thresholds must be finite`);
  }
  return t;
}

/** Performance profile with bootstrap bands. */
export function performanceProfile(
  scores: ScoreInput,
  taus: ArrayLike<number>,
  opts: BootstrapOptions & { variant?: ProfileVariant } = {},
): PerformanceProfile {
  const variant = opts.variant ?? "runs";
  if (variant !== "runs" && variant !== "taskMeans") {
    throw new ReproError(`profile variant must be "runs" or "taskMeans", got "${String(variant)}"`);
  }
  const t = checkTaus(taus);
  const m = toScoreMatrix(scores);
  const v = vectorIntervalEstimate([m], (s) => profileValues(s, t, variant), opts);
  return { taus: t, profile: v.point, lo: v.lo, hi: v.hi };
}

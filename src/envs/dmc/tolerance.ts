/**
 * The DeepMind Control Suite reward shaping function `tolerance` and its sigmoids
 * (Tassa et al. 2018, "DeepMind Control Suite", §"Reward"; restated in
 * research/anchors.md §5.1). Written from the published formulas.
 *
 * tolerance(x, bounds=[lo, hi], margin, sigmoid, valueAtMargin):
 *   1                                   if lo ≤ x ≤ hi
 *   0                                   if outside and margin = 0
 *   sigmoid(d / margin, valueAtMargin)  otherwise, d = distance from x to the nearest bound.
 *
 * Every sigmoid s(z, v) satisfies s(0) = 1 and s(±1) = v (the value at the margin):
 *   gaussian      exp(−½ (z·a)²),          a = sqrt(−2 ln v)
 *   hyperbolic    1 / cosh(z·a),           a = arccosh(1/v)
 *   long_tail     1 / ((z·a)² + 1),        a = sqrt(1/v − 1)
 *   reciprocal    1 / (|z|·a + 1),         a = 1/v − 1
 *   cosine        (1 + cos(π z a)) / 2 for |z a| < 1 else 0,   a = arccos(2v − 1)/π
 *   linear        1 − |z a| for |z a| < 1 else 0,              a = 1 − v
 *   quadratic     1 − (z a)² for |z a| < 1 else 0,             a = sqrt(1 − v)
 *   tanh_squared  1 − tanh(z a)²,          a = arctanh(sqrt(1 − v))
 * The first four and tanh_squared need 0 < v < 1; cosine, linear, quadratic allow v = 0.
 */

import { ReproError } from "../../core/errors.js";

export type SigmoidKind =
  | "gaussian"
  | "hyperbolic"
  | "long_tail"
  | "reciprocal"
  | "cosine"
  | "linear"
  | "quadratic"
  | "tanh_squared";

export const SIGMOID_KINDS: readonly SigmoidKind[] = [
  "gaussian", "hyperbolic", "long_tail", "reciprocal", "cosine", "linear", "quadratic", "tanh_squared",
];

/** Sigmoid value at normalised distance z (z = 0 at the bound, |z| = 1 at the margin). */
export function sigmoid(z: number, valueAtMargin: number, kind: SigmoidKind): number {
  const v = valueAtMargin;
  const openInterval = kind === "cosine" || kind === "linear" || kind === "quadratic" ? false : true;
  if (openInterval ? !(v > 0 && v < 1) : !(v >= 0 && v < 1)) {
    throw new ReproError(
      `valueAtMargin for the ${kind} sigmoid must be in ${openInterval ? "(0, 1)" : "[0, 1)"}, got ${v}`,
    );
  }
  switch (kind) {
    case "gaussian": {
      const a = Math.sqrt(-2 * Math.log(v));
      return Math.exp(-0.5 * (z * a) ** 2);
    }
    case "hyperbolic": {
      const a = Math.acosh(1 / v);
      return 1 / Math.cosh(z * a);
    }
    case "long_tail": {
      const a = Math.sqrt(1 / v - 1);
      return 1 / ((z * a) ** 2 + 1);
    }
    case "reciprocal": {
      const a = 1 / v - 1;
      return 1 / (Math.abs(z) * a + 1);
    }
    case "cosine": {
      const za = z * (Math.acos(2 * v - 1) / Math.PI);
      return Math.abs(za) < 1 ? (1 + Math.cos(Math.PI * za)) / 2 : 0;
    }
    case "linear": {
      const za = z * (1 - v);
      return Math.abs(za) < 1 ? 1 - Math.abs(za) : 0;
    }
    case "quadratic": {
      const za = z * Math.sqrt(1 - v);
      return Math.abs(za) < 1 ? 1 - za * za : 0;
    }
    case "tanh_squared": {
      const a = Math.atanh(Math.sqrt(1 - v));
      return 1 - Math.tanh(z * a) ** 2;
    }
    default:
      throw new ReproError(`unknown sigmoid '${String(kind)}'; use one of ${SIGMOID_KINDS.join(", ")}`);
  }
}

export interface ToleranceOptions {
  /** [lower, upper] bounds (inclusive); ±Infinity allowed. Default [0, 0]. */
  bounds?: readonly [number, number];
  /** Distance over which the reward falls to `valueAtMargin`. Default 0 (a hard indicator). */
  margin?: number;
  /** Default "gaussian". */
  sigmoid?: SigmoidKind;
  /** Sigmoid value at distance `margin` from the bounds. Default 0.1. */
  valueAtMargin?: number;
}

/** dm_control-style `tolerance`: 1 inside the bounds, decaying by a sigmoid outside. */
export function tolerance(x: number, opts: ToleranceOptions = {}): number {
  const [lo, hi] = opts.bounds ?? [0, 0];
  const margin = opts.margin ?? 0;
  if (!(lo <= hi)) throw new ReproError(`tolerance bounds must satisfy lower <= upper, got [${lo}, ${hi}]`);
  if (!(margin >= 0)) throw new ReproError(`tolerance margin must be >= 0, got ${margin}`);
  if (x >= lo && x <= hi) return 1;
  if (margin === 0) return 0;
  const d = (x < lo ? lo - x : x - hi) / margin;
  return sigmoid(d, opts.valueAtMargin ?? 0.1, opts.sigmoid ?? "gaussian");
}

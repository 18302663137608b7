/**
 * Behavioral-metric operators as plain functions on n × n matrices, and one generic
 * fixed-point iteration for all of them.
 *
 * Every operator in this folder (π-bisimulation (5.1), MICo (5.3), shift MICo (Def. 5.5.1),
 * RAP (5.9), the c-weighted metric (4.1), the W2 lift) is an L∞ contraction with a known
 * modulus (γ, or c for (4.1)), so Banach iteration from any start converges to the unique
 * fixed point, and after a step with change δ_k = ‖d_k − d_{k−1}‖∞ the a-posteriori bound
 * ‖d_k − d*‖∞ ≤ modulus/(1 − modulus) · δ_k holds.
 */

import { ReproError } from "../core/errors.js";
import type { StateMatrix } from "../mdp/types.js";

/** A map on metrics d ↦ F(d), d[x·n + y] = d(x, y). */
export interface MetricOperator {
  /** Readable name with the equation number, e.g. "π-bisimulation F_B (5.1)". */
  readonly name: string;
  readonly nStates: number;
  /** The L∞ contraction modulus the theory claims for this operator (γ, or c for (4.1)). */
  readonly modulus: number;
  /** F(d); must not modify d. */
  apply(d: StateMatrix): StateMatrix;
  /** Optional exact solver for the fixed point, faster than plain iteration (‖d − d*‖∞ ≤ tol). */
  solve?(tol: number): StateMatrix;
}

export interface FixedPointOptions {
  /** Stop when the a-posteriori error bound modulus/(1−modulus)·δ_k is below tol; default 1e-10. */
  readonly tol?: number;
  /** Give up after this many applications of F; default 100000. */
  readonly maxIter?: number;
  /**
   * Contraction modulus used in the stopping rule. Default: the operator's claimed modulus.
   * If it is ≥ 1 the rule falls back to δ_k < tol.
   */
  readonly modulus?: number;
}

export interface FixedPointResult {
  /** The last iterate d_k. */
  readonly d: StateMatrix;
  /** Number of applications of F. */
  readonly iterations: number;
  /** δ_k = ‖d_k − d_{k−1}‖∞ for k = 1..iterations. */
  readonly residuals: number[];
  /** Observed contraction ratios δ_k / δ_{k−1} (k ≥ 2; skipped when δ_{k−1} = 0). */
  readonly ratios: number[];
  /** Largest observed ratio (0 if none). */
  readonly maxRatio: number;
  /** A-posteriori bound on ‖d − d*‖∞ (Infinity if the modulus is ≥ 1). */
  readonly errorBound: number;
  readonly converged: boolean;
}

/** ‖a − b‖∞. */
export function supDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let t = 0; t < a.length; t++) {
    const v = Math.abs(a[t]! - b[t]!);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** Iterate d_{k+1} = F(d_k) from d0 until the error bound is below tol (Banach). */
export function fixedPoint(
  op: MetricOperator | ((d: StateMatrix) => StateMatrix),
  d0: StateMatrix,
  options: FixedPointOptions = {},
): FixedPointResult {
  const apply = typeof op === "function" ? op : (d: StateMatrix) => op.apply(d);
  const modulus = options.modulus ?? (typeof op === "function" ? 1 : op.modulus);
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 100000;
  if (!(tol > 0)) throw new ReproError(`fixedPoint: tol must be > 0, got ${tol}`);
  const factor = modulus < 1 ? modulus / (1 - modulus) : 1;
  let d = d0;
  const residuals: number[] = [];
  const ratios: number[] = [];
  let maxRatio = 0;
  let converged = false;
  let k = 0;
  while (k < maxIter) {
    const next = apply(d);
    const delta = supDistance(next, d);
    k++;
    if (residuals.length > 0) {
      const prev = residuals[residuals.length - 1]!;
      if (prev > 0) {
        const r = delta / prev;
        ratios.push(r);
        if (r > maxRatio) maxRatio = r;
      }
    }
    residuals.push(delta);
    d = next;
    if (!Number.isFinite(delta)) break;
    if (factor * delta < tol || delta === 0) {
      converged = true;
      break;
    }
  }
  const last = residuals[residuals.length - 1] ?? 0;
  return {
    d,
    iterations: k,
    residuals,
    ratios,
    maxRatio,
    errorBound: modulus < 1 ? factor * last : Infinity,
    converged,
  };
}

/** The fixed point of `op` to tolerance tol: its own solver if it has one, else iteration from 0. */
export function solveMetric(op: MetricOperator, tol = 1e-10): StateMatrix {
  if (op.solve) return op.solve(tol);
  const res = fixedPoint(op, new Float64Array(op.nStates * op.nStates), { tol });
  if (!res.converged) {
    throw new ReproError(
      `${op.name}: fixed-point iteration did not converge in ${res.iterations} steps (last change ${res.residuals[res.residuals.length - 1]}); is the operator a contraction?`,
    );
  }
  return res.d;
}

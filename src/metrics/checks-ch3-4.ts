/**
 * Checks for the Chapter 3–4 statements of Chen (2022) that need no learning (research note
 * seed000-ch1-4 §6, T13, T14, T17), as pure functions returning a CheckResult (checks.ts), so
 * the chapter and the tests run the same code. Each takes the formula under test as an
 * argument where a test must be able to hand it a wrong one (a wrong Σ term, a swapped order).
 */
import type { Rng } from "../core/rng.js";
import { policyTransitions } from "../mdp/evaluate.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";
import { wp } from "../ot/wasserstein.js";
import { checkResult, type CheckResult } from "./checks.js";
import { fixedPoint, supDistance } from "./fixed-point.js";
import { deterministicSuccessors, policyTotalVariation, psmDeterministic, psmOperator } from "./psm.js";

/** A closed form W2(N(μ_a, diag σ_a²), N(μ_b, diag σ_b²)) from means and standard deviations. */
export type GaussianW2 = (meanA: ArrayLike<number>, stdA: ArrayLike<number>, meanB: ArrayLike<number>, stdB: ArrayLike<number>) => number;

/** mean_k (x_(k) − y_(k))² of two sorted samples of equal size: the 1-D empirical W2² (quantile coupling). */
export function sortedCouplingW2Squared(xSorted: ArrayLike<number>, ySorted: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < xSorted.length; k++) s += (xSorted[k]! - ySorted[k]!) ** 2;
  return s / xSorted.length;
}

/** mean_k |x_(k) − y_(k)|: the 1-D empirical W1 of two sorted samples of equal size. */
export function sortedCouplingW1(xSorted: ArrayLike<number>, ySorted: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < xSorted.length; k++) s += Math.abs(xSorted[k]! - ySorted[k]!);
  return s / xSorted.length;
}

function sortedNormalSample(rng: Rng, mean: number, std: number, size: number): Float64Array {
  return Float64Array.from({ length: size }, () => rng.normal(mean, std)).sort();
}

export interface GaussianPairResult {
  dim: number;
  closedFormSquared: number;
  empiricalSquared: number;
  relativeError: number;
  /** Empirical W1 ≤ W2 per dimension: the smallest RMS − mean|·| of the sorted differences. */
  w1LeW2Slack: number;
}

/**
 * T13: the closed form against the per-dimension 1-D quantile coupling of `samples` draws of
 * each Gaussian (W2² of a product of 1-D laws with a diagonal covariance is the sum over
 * dimensions). Pairs whose reference W2² is below `minSquared` (default 1) are redrawn: the
 * Monte-Carlo spread of the estimate is ≈ 2|Δμ|·√((σ_a² + σ_b²)/n) (≈ 0.006 at n = 2·10⁵), so
 * 2% of a distance much below 1 measures sampling noise, not the formula.
 */
export function checkGaussianW2ClosedForm(
  closedForm: GaussianW2,
  rng: Rng,
  opts: { pairs?: number; samples?: number; maxDim?: number; relTol?: number; minSquared?: number } = {},
): CheckResult & { pairs: GaussianPairResult[] } {
  const relTol = opts.relTol ?? 0.02;
  const samples = opts.samples ?? 200_000;
  const minSquared = opts.minSquared ?? 1;
  const pairs: GaussianPairResult[] = [];
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  while (pairs.length < (opts.pairs ?? 20)) {
    const dim = 1 + rng.int(opts.maxDim ?? 4);
    const draw = () => ({ mean: Array.from({ length: dim }, () => rng.normal()), std: Array.from({ length: dim }, () => rng.uniformIn(0.2, 2)) });
    const a = draw();
    const b = draw();
    // the reference distance decides which pairs are informative, not the formula under test
    const ref = a.mean.reduce((s, m, k) => s + (m - b.mean[k]!) ** 2 + (a.std[k]! - b.std[k]!) ** 2, 0);
    if (ref < minSquared) continue;
    let empirical = 0;
    let w1Slack = Infinity;
    for (let k = 0; k < dim; k++) {
      const xs = sortedNormalSample(rng, a.mean[k]!, a.std[k]!, samples);
      const ys = sortedNormalSample(rng, b.mean[k]!, b.std[k]!, samples);
      const w2sq = sortedCouplingW2Squared(xs, ys);
      empirical += w2sq;
      w1Slack = Math.min(w1Slack, Math.sqrt(w2sq) - sortedCouplingW1(xs, ys));
    }
    const closed = closedForm(a.mean, a.std, b.mean, b.std) ** 2;
    const relativeError = Math.abs(closed - empirical) / empirical;
    pairs.push({ dim, closedFormSquared: closed, empiricalSquared: empirical, relativeError, w1LeW2Slack: w1Slack });
    const slack = Math.min(relTol - relativeError, w1Slack + 1e-12);
    if (slack < worst) (worst = slack), (ce = { dim, closed, empirical, relativeError, w1LeW2Slack: w1Slack });
  }
  return { ...checkResult(`closed-form W2 within ${relTol * 100}% of the quantile coupling; empirical W1 ≤ W2`, worst, 0, ce), pairs };
}

/** T13: symmetry, W2(a, a) = 0, W2 > 0 for distinct laws, and the triangle inequality on random triples. */
export function checkGaussianW2Axioms(closedForm: GaussianW2, rng: Rng, opts: { triples?: number; tol?: number } = {}): CheckResult {
  const tol = opts.tol ?? 1e-12;
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  const note = (slack: number, what: Record<string, unknown>) => {
    if (slack < worst) (worst = slack), (ce = what);
  };
  for (let t = 0; t < (opts.triples ?? 1000); t++) {
    const dim = 1 + rng.int(5);
    const g = () => ({ m: Array.from({ length: dim }, () => rng.normal(0, 2)), s: Array.from({ length: dim }, () => rng.uniformIn(0, 3)) });
    const [x, y, z] = [g(), g(), g()];
    const w = (a: typeof x, b: typeof x) => closedForm(a.m, a.s, b.m, b.s);
    const xy = w(x, y);
    const yz = w(y, z);
    const xz = w(x, z);
    note(tol - Math.abs(xy - w(y, x)), { symmetry: [xy, w(y, x)] });
    note(tol - Math.abs(w(x, x)), { selfDistance: w(x, x) });
    note(xy > 0 ? 0 : -1, { distinctButZero: xy });
    note(xy + yz - xz + 1e-15 * (1 + xz), { triangle: { xy, yz, xz } });
  }
  return checkResult("W2 closed form: symmetric, zero exactly on equal laws, triangle inequality", worst, tol, ce);
}

/**
 * T14: W_lower(d)(P^π_i, P^π_j) ≤ W_upper(d)(P^π_i, P^π_j) for every pair, exact transport
 * with cost d^p (W1 ≤ W2 for p = 1 < 2: Jensen on the optimal W2 coupling).
 */
export function checkWassersteinOrder(mdp: FiniteMdp, pi: Policy, d: StateMatrix, orders: { lower: number; upper: number } = { lower: 1, upper: 2 }, tol = 1e-9): CheckResult & { maxGap: number } {
  const n = mdp.nStates;
  const P = policyTransitions(mdp, pi);
  const row = (i: number) => P.subarray(i * n, (i + 1) * n);
  let worst = Infinity;
  let maxGap = 0;
  let ce: Record<string, unknown> | undefined;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const lo = wp(d, n, row(i), row(j), orders.lower);
      const hi = wp(d, n, row(i), row(j), orders.upper);
      maxGap = Math.max(maxGap, hi - lo);
      if (hi - lo < worst) (worst = hi - lo), (ce = { i, j, lower: lo, upper: hi });
    }
  return { ...checkResult(`W${orders.lower}(d) ≤ W${orders.upper}(d) on every pair of P^π rows`, worst, tol, ce), maxGap };
}

/**
 * T17: on a deterministic MDP with a deterministic policy, the fixed point of (3.7) (iterated
 * with exact W1 from 0) equals the pair recursion (3.8) with DIST = `dist` (default TV; a test
 * passes a wrong one) to `tol` in sup norm.
 */
export function checkPsmDeterministic(mdp: FiniteMdp, pi: Policy, dist?: StateMatrix, tol = 1e-9): CheckResult & { d: StateMatrix } {
  const tv = policyTotalVariation(pi, mdp.nStates, mdp.nActions);
  const viaW1 = fixedPoint(psmOperator(mdp, pi, tv), new Float64Array(mdp.nStates ** 2), { tol: 1e-12 }).d;
  const viaRecursion = psmDeterministic(deterministicSuccessors(mdp, pi), dist ?? tv, mdp.gamma);
  const gap = supDistance(viaW1, viaRecursion);
  return { ...checkResult("PSM: (3.7) with exact W1 = (3.8) on a deterministic MDP", -gap, tol, { supGap: gap }), d: viaW1 };
}

/**
 * The shared random-MDP suite for the Chapter 2 checks (research note seed000-ch1-4 §6,
 * "Shared test harness"): n ∈ {3..8} states, |A| ∈ {2,3}, P(·|s,a) ~ Dirichlet(0.5·1),
 * R(s,a) ~ U[0,1], π(·|s) ~ Dirichlet(1), ρ0 ~ Dirichlet(1), γ cycling through the tier's list,
 * and softmax logits θ ~ N(0,1) for the policy-gradient checks.
 */

import type { Rng } from "../../../core/rng.js";
import { randomMdp, randomPolicy, randomStateDistribution } from "../../../mdp/generate.js";
import type { FiniteMdp, Policy } from "../../../mdp/types.js";

export interface MdpCase {
  /** e.g. "mdp07 (n=5, |A|=2, γ=0.9)". */
  label: string;
  mdp: FiniteMdp;
  pi: Policy;
  rho0: Float64Array;
  /**
   * Softmax logits θ_{s,a} ~ N(0, 1) for the policy-gradient checks (T6, T7). Kept separate from
   * π ~ Dirichlet(1): log π of a Dirichlet draw can put ~1e-4 on an action, and then the
   * per-component REINFORCE estimator is dominated by rare events, so its sample SE is unreliable
   * at 10³–10⁴ episodes (observed: spurious |z| ≈ 20–70 at two of 40 smoke seeds).
   */
  theta: Float64Array;
}

/** `count` random MDP cases drawn from `rng` (deterministic given its seed). */
export function mdpSuite(rng: Rng, count: number, gammas: readonly number[]): MdpCase[] {
  const cases: MdpCase[] = [];
  for (let i = 0; i < count; i++) {
    const nStates = 3 + rng.int(6);
    const nActions = 2 + rng.int(2);
    const gamma = gammas[i % gammas.length]!;
    const mdp = randomMdp(rng, { nStates, nActions, gamma, dirichletAlpha: 0.5 });
    const pi = randomPolicy(rng, mdp, { alpha: 1 });
    const rho0 = randomStateDistribution(rng, nStates, 1);
    const theta = Float64Array.from({ length: nStates * nActions }, () => rng.normal(0, 1));
    cases.push({ label: `mdp${String(i).padStart(2, "0")} (n=${nStates}, |A|=${nActions}, γ=${gamma})`, mdp, pi, rho0, theta });
  }
  return cases;
}

/** Running mean and standard error of a stream of vectors (Welford, per component). */
export class VectorMoments {
  readonly dim: number;
  count = 0;
  readonly mean: Float64Array;
  private readonly m2: Float64Array;
  constructor(dim: number) {
    this.dim = dim;
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dim);
  }
  push(x: ArrayLike<number>): void {
    this.count++;
    const k = this.count;
    for (let i = 0; i < this.dim; i++) {
      const d = x[i]! - this.mean[i]!;
      this.mean[i]! += d / k;
      this.m2[i]! += d * (x[i]! - this.mean[i]!);
    }
  }
  /** Standard error of the mean per component (sample variance with n − 1). */
  standardErrors(): Float64Array {
    const se = new Float64Array(this.dim);
    if (this.count < 2) return se.fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < this.dim; i++) se[i] = Math.sqrt(this.m2[i]! / (this.count - 1) / this.count);
    return se;
  }
}

/** |estimate − exact| / SE, with 0/0 = 0 and x/0 = ∞. */
export function zScore(estimate: number, exact: number, se: number): number {
  const d = Math.abs(estimate - exact);
  if (se > 0) return d / se;
  return d === 0 ? 0 : Number.POSITIVE_INFINITY;
}

/** Two-sided normal tail probability P(|Z| > z). */
export function normalTwoSidedTail(z: number): number {
  // P(|Z| > z) = erfc(z/√2)
  return erfc(z / Math.SQRT2);
}

/** Complementary error function (Chebyshev-fitted rational form, fractional error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * MICo (Theorem 5.4.3, Eq. (5.3)) and shift MICo (Definition 5.5.1).
 *
 *   F_M(d)(i, j) = |E_π r_i − E_π r_j|        + γ Σ_{k,l} P^π(k|i) P^π(l|j) d(k, l)     (5.3)
 *   F̃_M(d)(i, j) = E_{a_i,a_j∼π} |r_i − r_j|  + γ Σ_{k,l} P^π(k|i) P^π(l|j) d(k, l)     (Def. 5.5.1)
 *
 * The next-state term couples s'_i and s'_j independently (a Łukaszyk–Karmowski distance),
 * which is the matrix product P^π d (P^π)ᵀ, so one application costs O(n³). Both are affine
 * γ-contractions in L∞ with a row-stochastic kernel P^π ⊗ P^π.
 */

import { policyTransitions } from "../mdp/evaluate.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";
import { solveMetric, type MetricOperator } from "./fixed-point.js";
import { expectedAbsRewardDifference, rewardDifference } from "./rewards.js";

/** M d Mᵀ for square n × n matrices (the independent coupling of rows i and j of M). */
export function independentCouplingTerm(M: ArrayLike<number>, d: ArrayLike<number>, n: number): Float64Array {
  const tmp = new Float64Array(n * n); // tmp = M d
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const mik = M[i * n + k]!;
      if (mik === 0) continue;
      const rowD = k * n;
      const rowT = i * n;
      for (let l = 0; l < n; l++) tmp[rowT + l]! += mik * d[rowD + l]!;
    }
  }
  const out = new Float64Array(n * n); // out = tmp Mᵀ
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      const rowT = i * n;
      const rowM = j * n;
      for (let l = 0; l < n; l++) v += tmp[rowT + l]! * M[rowM + l]!;
      out[i * n + j] = v;
    }
  }
  return out;
}

/**
 * d ↦ R + w · M d Mᵀ: the common shape of MICo, shift MICo and RAP (with M = P^π or the
 * mean-next-state matrix Q). A w-contraction whenever M is row-stochastic.
 */
export function affinePairOperator(
  name: string,
  rewardTerm: StateMatrix,
  M: StateMatrix,
  weight: number,
  n: number,
): MetricOperator {
  return {
    name,
    nStates: n,
    modulus: weight,
    apply(d: StateMatrix): StateMatrix {
      const out = independentCouplingTerm(M, d, n);
      for (let t = 0; t < n * n; t++) out[t] = rewardTerm[t]! + weight * out[t]!;
      return out;
    },
  };
}

export interface DiscountOverride {
  /** Weight of the next-state term; default the MDP's γ. */
  readonly gamma?: number;
}

/** The MICo operator F_M^π of (5.3). */
export function micoOperator(mdp: FiniteMdp, pi: Policy, opts: DiscountOverride = {}): MetricOperator {
  return affinePairOperator(
    "MICo F_M (5.3)",
    rewardDifference(mdp, pi),
    policyTransitions(mdp, pi),
    opts.gamma ?? mdp.gamma,
    mdp.nStates,
  );
}

/** The shift-MICo operator F̃_M^π of Definition 5.5.1 (expectation outside the absolute value). */
export function shiftMicoOperator(mdp: FiniteMdp, pi: Policy, opts: DiscountOverride = {}): MetricOperator {
  return affinePairOperator(
    "shift MICo F̃_M (Def. 5.5.1)",
    expectedAbsRewardDifference(mdp, pi),
    policyTransitions(mdp, pi),
    opts.gamma ?? mdp.gamma,
    mdp.nStates,
  );
}

/** d_M^π, the unique fixed point of (5.3), to sup-norm error tol. */
export function micoMetric(mdp: FiniteMdp, pi: Policy, tol = 1e-10): StateMatrix {
  return solveMetric(micoOperator(mdp, pi), tol);
}

/** d̃_M^π, the unique fixed point of F̃_M (Lemma 5.5.2), to sup-norm error tol. */
export function shiftMicoMetric(mdp: FiniteMdp, pi: Policy, tol = 1e-10): StateMatrix {
  return solveMetric(shiftMicoOperator(mdp, pi), tol);
}

/**
 * The lifted (pair) MDPs of §5.9.1, built explicitly so their values can be computed by
 * ordinary policy evaluation (src/mdp) and compared with the metric fixed points:
 *
 *   states Ŝ = S × S (index i·n + j), actions Â = A × A (index a·|A| + b),
 *   P̂((k, l) | (i, j), (a, b)) = P(k|i, a) P(l|j, b),   π̂(a, b | i, j) = π(a|i) π(b|j).
 *
 * Rewards:
 *   "mico"  R̂((i, j))             = |E_π r_i − E_π r_j|                        Lemma 5.9.2 → V = d_M
 *   "shift" R̃((i, j), (a, b))     = |r(i, a) − r(j, b)|                        Lemma 5.9.3 → V = d̃_M
 *   "delta" R̂_Δ((i, j), (a, b))   = |r(i, a) − r(j, b)| − |E_π r_i − E_π r_j|   Lemma 5.9.4 → V_Δ ≥ 0
 *
 * Sizes grow as n⁴|A|² entries of P̂, so this is for small MDPs (it refuses above 2·10⁷).
 */

import { ReproError } from "../core/errors.js";
import { policyRewards } from "../mdp/evaluate.js";
import type { FiniteMdp, Policy } from "../mdp/types.js";

export type LiftedReward = "mico" | "shift" | "delta";

export function liftedMdp(mdp: FiniteMdp, pi: Policy, reward: LiftedReward): FiniteMdp {
  const { nStates: n, nActions: A, P, R, gamma } = mdp;
  const N = n * n;
  const AA = A * A;
  if (N * AA * N > 2e7) {
    throw new ReproError(`lifted MDP would have ${N * AA * N} transition entries; use at most ~8 states × 3 actions`);
  }
  const rpi = policyRewards(mdp, pi);
  const Ph = new Float64Array(N * AA * N);
  const Rh = new Float64Array(N * AA);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const sh = i * n + j;
      const base = Math.abs(rpi[i]! - rpi[j]!);
      for (let a = 0; a < A; a++) {
        for (let b = 0; b < A; b++) {
          const ah = a * A + b;
          const pair = Math.abs(R[i * A + a]! - R[j * A + b]!);
          Rh[sh * AA + ah] = reward === "mico" ? base : reward === "shift" ? pair : pair - base;
          const off = (sh * AA + ah) * N;
          for (let k = 0; k < n; k++) {
            const pk = P[(i * A + a) * n + k]!;
            if (pk === 0) continue;
            for (let l = 0; l < n; l++) Ph[off + k * n + l] = pk * P[(j * A + b) * n + l]!;
          }
        }
      }
    }
  }
  return { nStates: N, nActions: AA, P: Ph, R: Rh, gamma };
}

/** π̂(a, b | i, j) = π(a|i) π(b|j). */
export function liftedPolicy(mdp: FiniteMdp, pi: Policy): Policy {
  const { nStates: n, nActions: A } = mdp;
  const out = new Float64Array(n * n * A * A);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let a = 0; a < A; a++)
        for (let b = 0; b < A; b++) out[(i * n + j) * A * A + a * A + b] = pi[i * A + a]! * pi[j * A + b]!;
  return out;
}

/**
 * Reward terms of the behavioral metrics, as n × n matrices over state pairs (i, j).
 *
 * Following the thesis (§5.4–§5.6), r_s^a is the reward of action a in state s; we use the
 * MDP's mean reward R(s, a) for it. The reward "random variable" r_s of §5.6.2 takes value
 * R(s, a) with probability π(a|s); when the MDP has reward noise (rewardVar), the second-
 * moment quantities below (used by (5.11)–(5.13)) add it, the first-moment ones cannot see it.
 * Actions of the two states are drawn independently: a_i ~ π(·|s_i), a_j ~ π(·|s_j).
 */

import { policyRewards } from "../mdp/evaluate.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";

/** |E_{a_i∼π} r_{s_i}^{a_i} − E_{a_j∼π} r_{s_j}^{a_j}| — the reward term of (5.1), (5.3), (5.9). */
export function rewardDifference(mdp: FiniteMdp, pi: Policy): StateMatrix {
  const n = mdp.nStates;
  const r = policyRewards(mdp, pi);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = Math.abs(r[i]! - r[j]!);
  return out;
}

/** E_{a_i, a_j ∼ π} |r_{s_i}^{a_i} − r_{s_j}^{a_j}| — the reward term of shift MICo (Definition 5.5.1). */
export function expectedAbsRewardDifference(mdp: FiniteMdp, pi: Policy): StateMatrix {
  const { nStates: n, nActions: m, R } = mdp;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let a = 0; a < m; a++) {
        const pa = pi[i * m + a]!;
        if (pa === 0) continue;
        const ra = R[i * m + a]!;
        for (let b = 0; b < m; b++) v += pa * pi[j * m + b]! * Math.abs(ra - R[j * m + b]!);
      }
      out[i * n + j] = v;
    }
  }
  return out;
}

/** E_{a_i, a_j ∼ π}[(r_{s_i}^{a_i} − r_{s_j}^{a_j})²] (plus reward-noise variances if present) — (5.11). */
export function expectedSquaredRewardDifference(mdp: FiniteMdp, pi: Policy): StateMatrix {
  const { nStates: n, nActions: m, R, rewardVar } = mdp;
  const noise = new Float64Array(n);
  if (rewardVar) for (let s = 0; s < n; s++) for (let a = 0; a < m; a++) noise[s]! += pi[s * m + a]! * rewardVar[s * m + a]!;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let a = 0; a < m; a++) {
        const pa = pi[i * m + a]!;
        if (pa === 0) continue;
        const ra = R[i * m + a]!;
        for (let b = 0; b < m; b++) {
          const diff = ra - R[j * m + b]!;
          v += pa * pi[j * m + b]! * diff * diff;
        }
      }
      out[i * n + j] = v + noise[i]! + noise[j]!;
    }
  }
  return out;
}

/** Var[r_s] with r_s = R(s, a), a ∼ π(·|s) (plus E_π[rewardVar] if the rewards are noisy) — (5.11). */
export function policyRewardVariance(mdp: FiniteMdp, pi: Policy): Float64Array {
  const { nStates: n, nActions: m, R, rewardVar } = mdp;
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let mean = 0;
    for (let a = 0; a < m; a++) mean += pi[s * m + a]! * R[s * m + a]!;
    let v = 0;
    for (let a = 0; a < m; a++) {
      const dev = R[s * m + a]! - mean;
      v += pi[s * m + a]! * (dev * dev + (rewardVar ? rewardVar[s * m + a]! : 0));
    }
    out[s] = v;
  }
  return out;
}

/**
 * Sampling trajectories from a finite MDP under a fixed policy. Rewards are the mean R(s,a),
 * plus Gaussian noise with variance rewardVar(s,a) when the MDP has stochastic rewards.
 */

import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { FiniteMdp, Policy } from "./types.js";
import { checkState } from "./validate.js";

/**
 * Index i in [0, length) drawn with probability w[offset+i] / Σ w (inverse CDF on one
 * uniform; no allocation). Assumes non-negative weights with a positive sum (validated MDPs
 * and policies satisfy this).
 */
export function sampleIndexAt(rng: Rng, w: ArrayLike<number>, offset: number, length: number): number {
  let total = 0;
  for (let i = 0; i < length; i++) total += w[offset + i]!;
  let u = rng.uniform() * total;
  let last = -1;
  for (let i = 0; i < length; i++) {
    const p = w[offset + i]!;
    if (p > 0) {
      last = i;
      u -= p;
      if (u < 0) return i;
    }
  }
  if (last < 0) throw new ReproError("sampleIndexAt: weights have no positive entry");
  return last; // floating-point leftovers
}

/** a ~ π(·|s). */
export function sampleAction(rng: Rng, mdp: FiniteMdp, pi: Policy, s: number): number {
  return sampleIndexAt(rng, pi, s * mdp.nActions, mdp.nActions);
}

/** s' ~ P(·|s,a). */
export function sampleNextState(rng: Rng, mdp: FiniteMdp, s: number, a: number): number {
  const n = mdp.nStates;
  return sampleIndexAt(rng, mdp.P, (s * mdp.nActions + a) * n, n);
}

/** r ~ N(R(s,a), rewardVar(s,a)) (exactly R(s,a) when the MDP has no reward variances). */
export function sampleReward(rng: Rng, mdp: FiniteMdp, s: number, a: number): number {
  const i = s * mdp.nActions + a;
  const mean = mdp.R[i]!;
  const v = mdp.rewardVar?.[i] ?? 0;
  return v > 0 ? rng.normal(mean, Math.sqrt(v)) : mean;
}

export interface Episode {
  /** s_0 … s_{H−1}. */
  states: Int32Array;
  /** a_0 … a_{H−1}. */
  actions: Int32Array;
  /** r_0 … r_{H−1}. */
  rewards: Float64Array;
  /** s_H, the state after the last step. */
  finalState: number;
}

/** Roll out `horizon` steps of π from s0 (a_t ~ π(·|s_t), r_t sampled, s_{t+1} ~ P(·|s_t,a_t)). */
export function sampleEpisode(rng: Rng, mdp: FiniteMdp, pi: Policy, s0: number, horizon: number): Episode {
  checkState(mdp, s0, "s0");
  if (!Number.isInteger(horizon) || horizon < 0) throw new ReproError(`horizon must be a non-negative integer, got ${horizon}`);
  const states = new Int32Array(horizon);
  const actions = new Int32Array(horizon);
  const rewards = new Float64Array(horizon);
  let s = s0;
  for (let t = 0; t < horizon; t++) {
    const a = sampleAction(rng, mdp, pi, s);
    states[t] = s;
    actions[t] = a;
    rewards[t] = sampleReward(rng, mdp, s, a);
    s = sampleNextState(rng, mdp, s, a);
  }
  return { states, actions, rewards, finalState: s };
}

/**
 * One sampled truncated discounted return Σ_{t<H} γ^t r_t from s0 (no allocation; for
 * Monte-Carlo estimates of V^π). Optionally force the first action (for Q^π(s0, a0)).
 */
export function sampleDiscountedReturn(
  rng: Rng,
  mdp: FiniteMdp,
  pi: Policy,
  s0: number,
  horizon: number,
  firstAction?: number,
): number {
  let s = s0;
  let g = 0;
  let disc = 1;
  for (let t = 0; t < horizon; t++) {
    const a = t === 0 && firstAction !== undefined ? firstAction : sampleAction(rng, mdp, pi, s);
    g += disc * sampleReward(rng, mdp, s, a);
    disc *= mdp.gamma;
    s = sampleNextState(rng, mdp, s, a);
  }
  return g;
}

/** Σ_t γ^t r_t of a reward sequence. */
export function discountedReturn(rewards: ArrayLike<number>, gamma: number): number {
  let g = 0;
  for (let t = rewards.length - 1; t >= 0; t--) g = rewards[t]! + gamma * g;
  return g;
}

/** Reward-to-go G_t = Σ_{k≥t} γ^{k−t} r_k for every t. */
export function rewardsToGo(rewards: ArrayLike<number>, gamma: number): Float64Array {
  const G = new Float64Array(rewards.length);
  let g = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    g = rewards[t]! + gamma * g;
    G[t] = g;
  }
  return G;
}

/** Smallest H with γ^H < eps (truncation horizon for discounted returns; 1 when γ = 0). */
export function truncationHorizon(gamma: number, eps = 1e-8): number {
  if (!(gamma >= 0 && gamma < 1)) throw new ReproError(`gamma is ${gamma}, must be in [0, 1)`);
  if (!(eps > 0 && eps < 1)) throw new ReproError(`eps must be in (0, 1), got ${eps}`);
  if (gamma === 0) return 1;
  return Math.floor(Math.log(eps) / Math.log(gamma)) + 1;
}

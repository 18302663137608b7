/**
 * Tier settings for the Chapter 2 checks. `small` uses the research note's sizes
 * (seed000-ch1-4 §6): ≥ 20 random MDPs with n ∈ {3..8}, |A| ∈ {2,3}, P ~ Dirichlet(0.5),
 * R ~ U[0,1], π ~ Dirichlet(1), γ ∈ {0.5, 0.9, 0.99}; 10⁴ MC rollouts; 3·10⁵ Q-learning
 * updates × 5 seeds; 2·10⁴ REINFORCE episodes.
 */

import { ReproError } from "../../../core/errors.js";
import type { Tier } from "../../../core/tiers.js";

export interface Ch2Config {
  tier: Tier;
  /** Number of random MDPs for the exact checks (T1–T3, T6, T8, T10). */
  nMdps: number;
  gammas: number[];
  /** Monte-Carlo V^π check (T1): rollouts per start state, on at most mcMdps MDPs with γ ≤ mcMaxGamma. */
  mcRollouts: number;
  mcMdps: number;
  mcMaxGamma: number;
  /** Truncation: γ^H < horizonEps. */
  horizonEps: number;
  /** Random policies compared with Q* (T3). */
  randomPoliciesT3: number;
  /** Q-learning (T4): MDPs (5×2, γ = 0.9), seeds each, total updates, checkpoints. */
  qlMdps: number;
  qlSeeds: number;
  qlUpdates: number;
  qlCheckpoints: number[];
  /** DQN loss (T5): exact-minimisation iterations; SGD environment steps. */
  dqnExactIters: number;
  dqnSgdSteps: number;
  dqnMdps: number;
  /** Policy-gradient ascent (T6): steps and step size. */
  gaSteps: number;
  gaAlpha: number;
  /** REINFORCE (T7): episodes per MDP, on at most reinforceMdps MDPs with γ ≤ reinforceMaxGamma. */
  reinforceEpisodes: number;
  reinforceMdps: number;
  reinforceMaxGamma: number;
  /** PPO grid resolution (T9). */
  ppoGridR: number;
  ppoGridA: number;
  /** Squashed-Gaussian quadrature points (T11) and score/reparam samples. */
  squashPoints: number;
  squashSamples: number;
}

const SMALL: Omit<Ch2Config, "tier"> = {
  nMdps: 20,
  gammas: [0.5, 0.9, 0.99],
  mcRollouts: 10000,
  mcMdps: 20,
  mcMaxGamma: 0.9,
  horizonEps: 1e-8,
  randomPoliciesT3: 100,
  qlMdps: 20,
  qlSeeds: 5,
  qlUpdates: 300000,
  qlCheckpoints: [1000, 3000, 10000, 30000, 100000, 300000],
  dqnExactIters: 200,
  dqnSgdSteps: 100000,
  dqnMdps: 5,
  gaSteps: 200,
  gaAlpha: 0.1,
  reinforceEpisodes: 20000,
  reinforceMdps: 20,
  reinforceMaxGamma: 0.9,
  ppoGridR: 301,
  ppoGridA: 81,
  squashPoints: 100000,
  squashSamples: 20000,
};

/** The settings for a tier. */
export function ch2Config(tier: Tier): Ch2Config {
  switch (tier) {
    case "smoke":
      return {
        ...SMALL,
        tier,
        nMdps: 4,
        mcRollouts: 1000,
        mcMdps: 2,
        randomPoliciesT3: 20,
        qlMdps: 1,
        qlSeeds: 2,
        dqnExactIters: 50,
        dqnSgdSteps: 30000,
        dqnMdps: 1,
        gaSteps: 50,
        reinforceEpisodes: 1000,
        reinforceMdps: 2,
        ppoGridR: 61,
        ppoGridA: 21,
        squashPoints: 20000,
        squashSamples: 10000,
      };
    case "small":
      return { ...SMALL, tier };
    case "paper":
      // Same sizes as small, plus the expensive γ = 0.99 cases for the sampling checks.
      return { ...SMALL, tier, mcMaxGamma: 0.99, reinforceEpisodes: 50000 };
    default:
      throw new ReproError(`tier must be "smoke", "small" or "paper", got "${String(tier)}"`);
  }
}

/**
 * Tier settings for the Chapter 5 theory checks (issue 4 items 4–5; research note
 * seed000-ch5-7 Part B, F.1). `small` sweeps ≥ 1,000 random MDPs: 2–30 states, 1–5 actions,
 * γ ∈ {0.5, 0.9, 0.99}, dense Dirichlet / sparse / deterministic transitions, stochastic /
 * deterministic policies, rewards at three scales (some action-constant, some noisy). The
 * exact-W1 operator F_B is budgeted: its fixed point (policy iteration, cheap) is computed on
 * every MDP, but its operator-level probes run only on the smaller MDPs (see the limits).
 */

import { ReproError } from "../../../core/errors.js";
import type { Tier } from "../../../core/tiers.js";

export interface Ch5Config {
  tier: Tier;
  /** Random MDPs in the main sweep. */
  nMdps: number;
  /** State counts are drawn from these bands with these probabilities. */
  sizeBands: { lo: number; hi: number; weight: number }[];
  maxActions: number;
  gammas: number[];
  /** Reward scales (R ~ U[0,1]·scale, or U[−1,1]·scale for "signed"). */
  rewardScales: number[];
  /** Fraction of MDPs whose reward does not depend on the action (Lemma 5.5.4 equality case). */
  actionConstantFraction: number;
  /** Fraction of MDPs with Gaussian reward noise (exercises the variance terms of (5.11)). */
  rewardNoiseFraction: number;
  /** F_B operator probes (contraction: random pairs; uniqueness: three starts by plain iteration). */
  bisimContractionMaxStates: number;
  bisimContractionSamples: number;
  bisimUniquenessMaxStates: number;
  bisimUniquenessMaxGamma: number;
  /** Lifted pair MDPs (n²|A|² states×actions) are built for n ≤ this and |A| ≤ liftedMaxActions. */
  liftedMaxStates: number;
  liftedMaxActions: number;
  /** Random (i, j) pairs per MDP kept for the |ΔV| vs metric scatter (first `scatterMdps` MDPs). */
  scatterPairsPerMdp: number;
  scatterMdps: number;
  /** Mean-closed (stochastic-transition) MDPs for RAP (5.10): this many with affine and with random rewards. */
  meanClosedPerKind: number;
  meanClosedMaxStates: number;
  /** Shift-MICo gap experiment: base MDPs, reward spreads across actions, policy temperatures. */
  gapBases: number;
  gapStates: number;
  gapActions: number;
  gapSpreads: number[];
  gapTemperatures: number[];
  /** Chapter 4 c-weighted bound: random MDPs × c values. */
  cWeightedMdps: number;
  cValues: number[];
  /** Chapter 4 K₂,₃ fits. */
  k23NormDims: number[];
  k23NormRestarts: number;
  k23NormSteps: number;
  k23MetaRestarts: number;
  k23MetaSteps: number;
  /** Convergence curves: states of the illustrative MDPs. */
  convergenceStates: number;
  /** Chapter 3–4 statements (research note seed000-ch1-4 §6; chapters3-4.ts). */
  ch34: Ch34Config;
}

/** Sample sizes of the Chapter 3–4 checks (research note §6 gives the small-tier values). */
export interface Ch34Config {
  /** T13: Gaussian pairs and samples per law and dimension for the quantile coupling. */
  gaussianPairs: number;
  gaussianSamples: number;
  gaussianTriples: number;
  /** T14: random MDPs for W1(d*) ≤ W2(d*). */
  wOrderMdps: number;
  /** T17: deterministic MDPs for (3.7) = (3.8), and stochastic-π MDPs for the contraction. */
  psmMdps: number;
  psmStochasticMdps: number;
  /** T21: paired seeds and Adam steps per meta-learner fit. */
  symmetrySeeds: number;
  symmetrySteps: number;
  /** T22: draws of ȳ_N per N. */
  drqDraws: number;
  drqN: number[];
  /** T23: random (q, k) cases. */
  infoNceCases: number;
  /** T24: samples and Adam steps per dynamics fit. */
  dynamicsSamples: number;
  dynamicsSteps: number;
}

const SMALL: Omit<Ch5Config, "tier"> = {
  nMdps: 1000,
  sizeBands: [
    { lo: 2, hi: 8, weight: 0.5 },
    { lo: 9, hi: 16, weight: 0.3 },
    { lo: 17, hi: 30, weight: 0.2 },
  ],
  maxActions: 5,
  gammas: [0.5, 0.9, 0.99],
  rewardScales: [0.1, 1, 10],
  actionConstantFraction: 0.1,
  rewardNoiseFraction: 0.25,
  bisimContractionMaxStates: 12,
  bisimContractionSamples: 4,
  bisimUniquenessMaxStates: 10,
  bisimUniquenessMaxGamma: 0.9,
  liftedMaxStates: 6,
  liftedMaxActions: 3,
  scatterPairsPerMdp: 4,
  scatterMdps: 400,
  meanClosedPerKind: 150,
  meanClosedMaxStates: 12,
  gapBases: 20,
  gapStates: 8,
  gapActions: 4,
  gapSpreads: [0, 0.1, 0.3, 1],
  gapTemperatures: [0, 0.1, 0.3, 1, 3, 100],
  cWeightedMdps: 100,
  cValues: [0.3, 0.5, 0.7, 0.95, 0.99],
  k23NormDims: [2, 5],
  k23NormRestarts: 5,
  k23NormSteps: 5000,
  k23MetaRestarts: 5,
  k23MetaSteps: 20000,
  convergenceStates: 8,
  ch34: {
    gaussianPairs: 20,
    gaussianSamples: 200_000,
    gaussianTriples: 1000,
    wOrderMdps: 20,
    psmMdps: 20,
    psmStochasticMdps: 10,
    symmetrySeeds: 10,
    symmetrySteps: 200,
    drqDraws: 10_000,
    drqN: [1, 2, 4, 8],
    infoNceCases: 200,
    dynamicsSamples: 1000,
    dynamicsSteps: 8000,
  },
};

/** The settings for a tier. */
export function ch5Config(tier: Tier): Ch5Config {
  switch (tier) {
    case "smoke":
      return {
        ...SMALL,
        tier,
        nMdps: 36,
        sizeBands: [
          { lo: 2, hi: 6, weight: 0.7 },
          { lo: 7, hi: 10, weight: 0.3 },
        ],
        bisimContractionMaxStates: 8,
        bisimContractionSamples: 2,
        bisimUniquenessMaxStates: 6,
        scatterMdps: 36,
        meanClosedPerKind: 8,
        meanClosedMaxStates: 8,
        gapBases: 2,
        gapTemperatures: [0, 0.3, 1, 100],
        cWeightedMdps: 6,
        k23NormDims: [5],
        k23NormRestarts: 2,
        k23NormSteps: 1000,
        k23MetaRestarts: 1,
        k23MetaSteps: 2000,
        convergenceStates: 5,
        ch34: { ...SMALL.ch34, gaussianPairs: 3, gaussianSamples: 50_000, wOrderMdps: 4, psmMdps: 4, psmStochasticMdps: 2, symmetrySteps: 15, drqDraws: 4000, infoNceCases: 20, dynamicsSamples: 300, dynamicsSteps: 1500 },
      };
    case "small":
      return { ...SMALL, tier };
    case "paper":
      // Theory has no "paper" scale: the thesis states theorems, not experiments. More MDPs.
      return { ...SMALL, tier, nMdps: 3000, meanClosedPerKind: 500, cWeightedMdps: 300 };
    default:
      throw new ReproError(`tier must be "smoke", "small" or "paper", got "${String(tier)}"`);
  }
}

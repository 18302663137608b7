/**
 * The MDP classes of the main sweep. Case k cycles through γ × transition kind × policy kind
 * (so every combination is equally represented) and draws the rest — states, actions,
 * reward scale and kind, reward noise — from the case's own forked random stream, so case k
 * is the same MDP whatever else runs.
 */

import type { Rng } from "../../../core/rng.js";
import { randomMdp, randomPolicy, type TransitionKind } from "../../../mdp/generate.js";
import type { FiniteMdp, Policy } from "../../../mdp/types.js";
import { validateMdp } from "../../../mdp/validate.js";
import type { Ch5Config } from "./config.js";

export type RewardKind = "uniform" | "signed" | "action-constant";
export type PolicyKind = "stochastic" | "deterministic";

export interface SweepCaseInfo {
  id: number;
  nStates: number;
  nActions: number;
  gamma: number;
  transitions: TransitionKind;
  policy: PolicyKind;
  rewardKind: RewardKind;
  rewardScale: number;
  rewardNoise: boolean;
}

export interface SweepCase {
  info: SweepCaseInfo;
  mdp: FiniteMdp;
  pi: Policy;
}

const TRANSITIONS: readonly TransitionKind[] = ["dirichlet", "sparse", "deterministic"];
const POLICIES: readonly PolicyKind[] = ["stochastic", "deterministic"];

function drawSize(rng: Rng, cfg: Ch5Config): number {
  const band = cfg.sizeBands[rng.categorical(cfg.sizeBands.map((b) => b.weight))]!;
  return band.lo + rng.int(band.hi - band.lo + 1);
}

/** Case `id` of the sweep, drawn from `rng` (pass `root.fork("case-" + id)`). */
export function sweepCase(rng: Rng, id: number, cfg: Ch5Config): SweepCase {
  const g = cfg.gammas[id % cfg.gammas.length]!;
  const transitions = TRANSITIONS[Math.floor(id / cfg.gammas.length) % TRANSITIONS.length]!;
  const policy = POLICIES[Math.floor(id / (cfg.gammas.length * TRANSITIONS.length)) % POLICIES.length]!;
  const nStates = drawSize(rng, cfg);
  const nActions = 1 + rng.int(cfg.maxActions);
  const rewardScale = cfg.rewardScales[rng.int(cfg.rewardScales.length)]!;
  const u = rng.uniform();
  const rewardKind: RewardKind = u < cfg.actionConstantFraction ? "action-constant" : u < 0.5 + cfg.actionConstantFraction / 2 ? "uniform" : "signed";
  const rewardNoise = rng.uniform() < cfg.rewardNoiseFraction;
  let mdp = randomMdp(rng, {
    nStates,
    nActions,
    gamma: g,
    transitions,
    branching: Math.min(nStates, 2 + rng.int(3)),
    dirichletAlpha: transitions === "dirichlet" ? [0.3, 1, 3][rng.int(3)]! : 1,
    rewardRange: rewardKind === "signed" ? [-1, 1] : [0, 1],
    rewardScale,
    ...(rewardNoise ? { rewardNoise: [0, 0.25] as const } : {}),
  });
  if (rewardKind === "action-constant") {
    const R = Float64Array.from(mdp.R);
    for (let s = 0; s < nStates; s++) for (let a = 1; a < nActions; a++) R[s * nActions + a] = R[s * nActions]!;
    mdp = validateMdp({ ...mdp, R });
  }
  const pi = cleanPolicy(randomPolicy(rng, mdp, { kind: policy, alpha: [0.3, 1, 3][rng.int(3)]! }), nActions);
  return {
    info: { id, nStates, nActions, gamma: g, transitions, policy, rewardKind, rewardScale, rewardNoise },
    mdp,
    pi,
  };
}

/**
 * Drop action probabilities below 1e-9 (Dirichlet(0.3) draws can be 1e-20) and renormalise,
 * so "the support of π(·|s)" in Lemma 5.5.4 is numerically meaningful: an action with
 * probability 1e-20 would make the Gini mean difference positive but below any tolerance.
 */
export function cleanPolicy(pi: Policy, nActions: number): Policy {
  const out = Float64Array.from(pi, (p) => (p < 1e-9 ? 0 : p));
  for (let s = 0; s < out.length / nActions; s++) {
    let z = 0;
    for (let a = 0; a < nActions; a++) z += out[s * nActions + a]!;
    for (let a = 0; a < nActions; a++) out[s * nActions + a]! /= z;
  }
  return out;
}

/** Mean over states of the policy entropy −Σ_a π(a|s) ln π(a|s) (nats). */
export function meanPolicyEntropy(mdp: FiniteMdp, pi: Policy): number {
  const { nStates: n, nActions: A } = mdp;
  let h = 0;
  for (let s = 0; s < n; s++) for (let a = 0; a < A; a++) {
    const p = pi[s * A + a]!;
    if (p > 0) h -= p * Math.log(p);
  }
  return h / n;
}

/** Mean over states of the π-weighted standard deviation of R(s, ·) across actions. */
export function meanRewardSpread(mdp: FiniteMdp, pi: Policy): number {
  const { nStates: n, nActions: A, R } = mdp;
  let total = 0;
  for (let s = 0; s < n; s++) {
    let m = 0;
    for (let a = 0; a < A; a++) m += pi[s * A + a]! * R[s * A + a]!;
    let v = 0;
    for (let a = 0; a < A; a++) v += pi[s * A + a]! * (R[s * A + a]! - m) ** 2;
    total += Math.sqrt(v);
  }
  return total / n;
}

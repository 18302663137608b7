/**
 * Random finite MDPs and policies for numeric checks. All randomness comes from the `Rng`
 * passed in (draws advance its state, so two calls with the same generator give different
 * MDPs; the same seed gives the same sequence of MDPs).
 *
 * Defaults follow the research notes' shared harness (seed000-ch1-4 §6, seed000-ch5-7 B.0):
 * P(·|s,a) ~ Dirichlet(α·1), R(s,a) ~ U[0,1], π(·|s) ~ Dirichlet(1).
 */

import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { FiniteMdp, Policy } from "./types.js";
import { validateMdp } from "./validate.js";

export type TransitionKind = "dirichlet" | "sparse" | "deterministic";

export interface RandomMdpOptions {
  nStates: number;
  nActions: number;
  /** Discount factor in [0, 1); default 0.9. */
  gamma?: number;
  /**
   * How P(·|s,a) is drawn: "dirichlet" = dense Dirichlet(α·1) over all states (default);
   * "sparse" = Dirichlet(α·1) over `branching` distinct successor states chosen uniformly;
   * "deterministic" = one-hot on a uniformly chosen successor f(s,a).
   */
  transitions?: TransitionKind;
  /** Dirichlet concentration α for "dirichlet" and "sparse"; default 1. */
  dirichletAlpha?: number;
  /** Number of successor states per (s,a) for "sparse"; default min(2, nStates). */
  branching?: number;
  /** Mean rewards R(s,a) ~ U[lo, hi) · rewardScale; default [0, 1]. */
  rewardRange?: readonly [number, number];
  /** Multiplies every mean reward; default 1. */
  rewardScale?: number;
  /**
   * If given, rewards are stochastic: rewardVar(s,a) ~ U[lo, hi) (scaled by rewardScale²),
   * and samples are Gaussian with that variance (see sample.ts). Absent = deterministic rewards.
   */
  rewardNoise?: readonly [number, number];
}

function positiveInt(x: number, name: string): void {
  if (!Number.isInteger(x) || x <= 0) throw new ReproError(`randomMdp: ${name} must be a positive integer, got ${x}`);
}

/** Draw a random finite MDP (validated). */
export function randomMdp(rng: Rng, opts: RandomMdpOptions): FiniteMdp {
  const n = opts.nStates;
  const m = opts.nActions;
  positiveInt(n, "nStates");
  positiveInt(m, "nActions");
  const gamma = opts.gamma ?? 0.9;
  const kind = opts.transitions ?? "dirichlet";
  const alpha = opts.dirichletAlpha ?? 1;
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new ReproError(`randomMdp: dirichletAlpha must be > 0, got ${alpha}`);
  const branching = opts.branching ?? Math.min(2, n);
  if (kind === "sparse" && (!Number.isInteger(branching) || branching < 1 || branching > n)) {
    throw new ReproError(`randomMdp: branching must be an integer in [1, nStates=${n}], got ${branching}`);
  }
  const [lo, hi] = opts.rewardRange ?? [0, 1];
  const scale = opts.rewardScale ?? 1;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo)) {
    throw new ReproError(`randomMdp: rewardRange must be [lo, hi] with lo ≤ hi, got [${lo}, ${hi}]`);
  }
  if (!Number.isFinite(scale)) throw new ReproError(`randomMdp: rewardScale must be finite, got ${scale}`);

  const P = new Float64Array(n * m * n);
  const allStates = Array.from({ length: n }, (_, i) => i);
  for (let s = 0; s < n; s++) {
    for (let a = 0; a < m; a++) {
      const off = (s * m + a) * n;
      if (kind === "dirichlet") {
        P.set(rng.dirichlet(alpha, n), off);
      } else if (kind === "sparse") {
        const support = rng.shuffle(allStates.slice()).slice(0, branching);
        const w = rng.dirichlet(alpha, branching);
        for (let k = 0; k < branching; k++) P[off + support[k]!] = w[k]!;
      } else if (kind === "deterministic") {
        P[off + rng.int(n)] = 1;
      } else {
        throw new ReproError(`randomMdp: transitions must be "dirichlet", "sparse" or "deterministic", got "${String(kind)}"`);
      }
    }
  }
  const R = new Float64Array(n * m);
  for (let i = 0; i < n * m; i++) R[i] = scale * rng.uniformIn(lo, hi);
  let rewardVar: Float64Array | undefined;
  if (opts.rewardNoise !== undefined) {
    const [vlo, vhi] = opts.rewardNoise;
    if (!(vlo >= 0 && vhi >= vlo && Number.isFinite(vhi))) {
      throw new ReproError(`randomMdp: rewardNoise must be a variance range [lo, hi] with 0 ≤ lo ≤ hi, got [${vlo}, ${vhi}]`);
    }
    rewardVar = new Float64Array(n * m);
    for (let i = 0; i < n * m; i++) rewardVar[i] = scale * scale * rng.uniformIn(vlo, vhi);
  }
  const mdp: FiniteMdp = rewardVar ? { nStates: n, nActions: m, P, R, gamma, rewardVar } : { nStates: n, nActions: m, P, R, gamma };
  return validateMdp(mdp);
}

export interface RandomPolicyOptions {
  /** "stochastic" = π(·|s) ~ Dirichlet(alpha·1) (default); "deterministic" = one-hot on a uniform action. */
  kind?: "stochastic" | "deterministic";
  /** Dirichlet concentration for stochastic policies; default 1. */
  alpha?: number;
}

/** Draw a random policy for `mdp`. */
export function randomPolicy(rng: Rng, mdp: FiniteMdp, opts: RandomPolicyOptions = {}): Policy {
  const { nStates: n, nActions: m } = mdp;
  const kind = opts.kind ?? "stochastic";
  const alpha = opts.alpha ?? 1;
  const pi = new Float64Array(n * m);
  for (let s = 0; s < n; s++) {
    if (kind === "deterministic") {
      pi[s * m + rng.int(m)] = 1;
    } else if (kind === "stochastic") {
      if (!(alpha > 0)) throw new ReproError(`randomPolicy: alpha must be > 0, got ${alpha}`);
      pi.set(rng.dirichlet(alpha, m), s * m);
    } else {
      throw new ReproError(`randomPolicy: kind must be "stochastic" or "deterministic", got "${String(kind)}"`);
    }
  }
  return pi;
}

/** A random distribution over states, ~ Dirichlet(alpha·1) (e.g. an initial-state distribution ρ0). */
export function randomStateDistribution(rng: Rng, nStates: number, alpha = 1): Float64Array {
  positiveInt(nStates, "nStates");
  return rng.dirichlet(alpha, nStates);
}

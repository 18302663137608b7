/**
 * Hand-built MDPs where a statement is tight or fails, and the generator of "mean-closed"
 * MDPs on which RAP (5.9) is well defined with stochastic transitions. Every example states
 * its exact expected numbers so tests can compare against them.
 */

import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { createMdp } from "../mdp/create.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";
import { lineEmbedding, type StateEmbedding } from "./rap.js";

export interface Example {
  readonly mdp: FiniteMdp;
  readonly pi: Policy;
}

function oneAction(P: number[][], R: number[], gamma: number): Example {
  const mdp = createMdp({ P: P.map((row) => [row]), R: R.map((r) => [r]), gamma });
  return { mdp, pi: Float64Array.from(R, () => 1) };
}

/**
 * T16 (Chapter 4): states [s1, s2, a, b], one action; s1 → a, s2 → b, a and b absorbing,
 * R(a) = 1, others 0. V(s1) − V(s2) = γ/(1−γ) while d_c(s1, s2)/(1−c) = c/(1−c), so the
 * c-weighted bound fails exactly when c < γ and is tight at c = γ.
 */
export function cWeightedCounterexample(gamma: number): Example {
  return oneAction(
    [
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ],
    [0, 0, 1, 0],
    gamma,
  );
}

/**
 * The smallest c < γ counterexample: two absorbing states with rewards 1 and 0.
 * |ΔV| = 1/(1−γ) while d_c/(1−c) = 1/(1−c).
 */
export function cWeightedTwoStateCounterexample(gamma: number): Example {
  return oneAction(
    [
      [1, 0],
      [0, 1],
    ],
    [1, 0],
    gamma,
  );
}

export interface EmbeddedExample extends Example {
  readonly embedding: StateEmbedding;
}

/**
 * N8: the value bound (5.10) fails without the mean-state assumption. States on a line at
 * x = [−1, 0, 0.5, 1], one action; from x = 0 go to ±1 with probability ½, the others are
 * absorbing; r(x) = 1[|x| ≥ 1]. At γ = 0.9: V = [10, 9, 0, 10], m(0) = 0, d_G(0, 0.5) = 0
 * but |V(0) − V(0.5)| = 9.
 */
export function msaCounterexample(gamma: number): EmbeddedExample {
  const ex = oneAction(
    [
      [1, 0, 0, 0],
      [0.5, 0, 0, 0.5],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ],
    [1, 0, 0, 1],
    gamma,
  );
  return { ...ex, embedding: lineEmbedding([-1, 0, 0.5, 1]) };
}

/**
 * A 3-state version (minimal: with 2 states a mean-closed transition is deterministic, and
 * then d_G = d_M bounds |ΔV|). x = [−1, 0, 1], one action, 0 → ±1 w.p. ½, ends absorbing,
 * r = [0, 0, 2]. V = [0, γ/(1−γ), 2/(1−γ)]; d_G(−1, 0) = 0 while |ΔV| = γ/(1−γ).
 */
export function msaMinimalCounterexample(gamma: number): EmbeddedExample {
  const ex = oneAction(
    [
      [1, 0, 0],
      [0.5, 0, 0.5],
      [0, 0, 1],
    ],
    [0, 0, 2],
    gamma,
  );
  return { ...ex, embedding: lineEmbedding([-1, 0, 1]) };
}

/**
 * N11 as an MDP: two start states p and q with reward 0 lead to p = ½δ₋₁ + ½δ₁ and
 * q = ⅛δ₋₂ + ¾δ₀ + ⅛δ₂ on line states x ∈ {−2, …, 2}, which are absorbing with reward
 * (1−γ)|x| so V(x) = |x|. Both next-state laws have mean 0 and variance 1, so DBC's Gaussian
 * W2 term is 0 and d_DBC(p, q) = 0, while V(p) − V(q) = γ(1 − ½) = γ/2 (and the exact W1 = 1).
 * State order: [p, q, x=−2, −1, 0, 1, 2].
 */
export function dbcGaussianCounterexample(gamma: number): EmbeddedExample {
  const xs = [-2, -1, 0, 1, 2];
  const P: number[][] = [
    [0, 0, 0, 0.5, 0, 0.5, 0],
    [0, 0, 0.125, 0, 0.75, 0, 0.125],
  ];
  const R = [0, 0];
  for (let t = 0; t < 5; t++) {
    const row = new Array<number>(7).fill(0);
    row[2 + t] = 1;
    P.push(row);
    R.push((1 - gamma) * Math.abs(xs[t]!));
  }
  const ex = oneAction(P, R, gamma);
  return { ...ex, embedding: lineEmbedding([0, 0, ...xs]) };
}

/**
 * N4 closed form: one state with a self-loop, two actions with rewards 0 and 1, π = (½, ½).
 * d_M(s, s) = d_B(s, s) = 0, d̃_M(s, s) = 0.5/(1 − γ).
 */
export function singleStateShiftExample(gamma: number): Example {
  const mdp = createMdp({ P: [[[1], [1]]], R: [[0, 1]], gamma });
  return { mdp, pi: Float64Array.from([0.5, 0.5]) };
}

export interface MeanClosedOptions {
  readonly nStates: number;
  readonly nActions: number;
  readonly gamma: number;
  /**
   * "random": R(s, a) ~ U[0, 1] (the mean-state assumption generally fails);
   * "affine": R chosen so that V^π(s) = w·x_s + c exactly (N8 positive case; MSA holds).
   */
  readonly rewards: "random" | "affine";
}

export interface MeanClosedExample extends EmbeddedExample {
  /** m(s, a), the state at the mean of P(·|s, a). */
  readonly meanMap: Int32Array;
  /** For "affine" rewards, the exact value w·x + c; otherwise undefined. */
  readonly affineValue?: Float64Array;
}

/**
 * N7(b): states on a line x_s = s; each (s, a) has a centre m and a spread k with
 * P = (1 − 2p)δ_m + p δ_{m−k} + p δ_{m+k}, so E[x_{s'}] = x_m exactly. A stochastic policy
 * π(·|s) ~ Dirichlet(1). Needs nStates ≥ 3 for non-degenerate spreads.
 */
export function meanClosedMdp(rng: Rng, opts: MeanClosedOptions): MeanClosedExample {
  const { nStates: n, nActions: A, gamma } = opts;
  if (!Number.isInteger(n) || n < 3) throw new ReproError(`meanClosedMdp needs nStates ≥ 3, got ${n}`);
  const P = new Float64Array(n * A * n);
  const meanMap = new Int32Array(n * A);
  const maxK = Math.floor((n - 1) / 2);
  for (let sa = 0; sa < n * A; sa++) {
    const k = 1 + rng.int(maxK);
    const m = k + rng.int(n - 2 * k);
    const p = rng.uniformIn(0.05, 0.45);
    P[sa * n + m] = 1 - 2 * p;
    P[sa * n + m - k]! += p;
    P[sa * n + m + k]! += p;
    meanMap[sa] = m;
  }
  const pi = new Float64Array(n * A);
  for (let s = 0; s < n; s++) pi.set(rng.dirichlet(1, A), s * A);
  const R = new Float64Array(n * A);
  let affineValue: Float64Array | undefined;
  if (opts.rewards === "affine") {
    const w = rng.uniformIn(-1, 1);
    const c = rng.uniformIn(-1, 1);
    affineValue = Float64Array.from({ length: n }, (_, s) => w * s + c);
    for (let s = 0; s < n; s++) {
      // Zero-mean action noise ξ(s, ·) under π(·|s).
      const xi = Float64Array.from({ length: A }, () => rng.uniformIn(-0.5, 0.5));
      let mean = 0;
      for (let a = 0; a < A; a++) mean += pi[s * A + a]! * xi[a]!;
      for (let a = 0; a < A; a++) {
        const mNext = meanMap[s * A + a]!;
        R[s * A + a] = w * s + c - gamma * (w * mNext + c) + xi[a]! - mean;
      }
    }
  } else {
    for (let t = 0; t < n * A; t++) R[t] = rng.uniform();
  }
  const mdp = createMdp({ P, R, gamma, nStates: n, nActions: A });
  const base = { mdp, pi, embedding: lineEmbedding(Float64Array.from({ length: n }, (_, s) => s)), meanMap };
  return affineValue ? { ...base, affineValue } : base;
}

/**
 * T19 target: the shortest-path metric of K₂,₃ on nodes [a1, a2, b1, b2, b3]:
 * d(a, b) = 1, d(a1, a2) = 2, d(b_i, b_j) = 2. `b` is the pentagonal-inequality weight
 * vector (B nodes +1, A nodes −1): every L1 (hence every L2) metric has Σ_{i<j} b_i b_j δ_ij ≤ 0,
 * while this target gives +2.
 */
export function k23Target(): { target: StateMatrix; n: number; b: number[] } {
  const n = 5;
  const side = [0, 0, 1, 1, 1];
  const target = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) target[i * n + j] = i === j ? 0 : side[i] === side[j] ? 2 : 1;
  return { target, n, b: [-1, -1, 1, 1, 1] };
}

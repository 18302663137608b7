/**
 * RAP distance (Definition 5.6.1, Eq. (5.9)) on a finite MDP, and its variance-corrected
 * reward form (5.11)–(5.13).
 *
 *   F_G(d)(i, j) = |E_π r_i − E_π r_j| + γ E_{a_i, a_j ∼ π} d(E[s'_i], E[s'_j])          (5.9)
 *
 * What E[s'] means here. (5.9) evaluates d at the *expected next state*, so states must be
 * points of a vector space: we embed state s as a vector x_s (a `StateEmbedding`), form the
 * mean μ(s, a) = Σ_{s'} P(s'|s, a) x_{s'}, and require μ(s, a) to be the embedding of some
 * state m(s, a) — otherwise d(E[s'], ·) is undefined on a finite state set.
 *   - One-hot embedding (x_s = e_s, the default): μ(s, a) is the whole distribution P(·|s, a),
 *     which is a vertex e_k only when the transition is deterministic. So with one-hot states
 *     RAP is defined exactly for deterministic transitions, where it equals MICo (d_G = d_M).
 *   - A line (or any injective) embedding admits "mean-closed" stochastic MDPs, e.g. states
 *     x_s = s and P = (1−2p)δ_m + pδ_{m−k} + pδ_{m+k}. There F_G is well defined and still a
 *     γ-contraction, but the value bound (5.10) needs the mean-state assumption
 *     Σ_{s'} P(s'|s,a) V(s') = V(m(s, a)) of the proof in §5.9.2, and fails without it.
 * With m fixed, F_G(d) = R + γ Q d Qᵀ with Q(i, k) = Σ_a π(a|i)[m(i, a) = k].
 */

import { ReproError } from "../core/errors.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";
import { solveMetric, type MetricOperator } from "./fixed-point.js";
import { affinePairOperator, independentCouplingTerm, type DiscountOverride } from "./mico.js";
import { expectedSquaredRewardDifference, policyRewardVariance, rewardDifference } from "./rewards.js";

/** States as vectors: coords[s·dim + t] is coordinate t of state s. */
export interface StateEmbedding {
  readonly dim: number;
  readonly coords: Float64Array;
}

/** x_s = e_s ∈ ℝⁿ: the mean next state is the transition distribution itself. */
export function oneHotEmbedding(nStates: number): StateEmbedding {
  const coords = new Float64Array(nStates * nStates);
  for (let s = 0; s < nStates; s++) coords[s * nStates + s] = 1;
  return { dim: nStates, coords };
}

/** x_s = xs[s] ∈ ℝ (states on a line). */
export function lineEmbedding(xs: ArrayLike<number>): StateEmbedding {
  return { dim: 1, coords: Float64Array.from(xs) };
}

export interface MeanStateOptions {
  /** Sup-norm tolerance for "the mean equals a state's embedding"; default 1e-9. */
  readonly tol?: number;
}

/**
 * m(s, a): the state whose embedding equals E_{s'∼P(·|s,a)}[x_{s'}] (Int32Array of length
 * nStates·nActions). Throws a one-line error naming the first (s, a) whose mean is not a state.
 */
export function meanNextStateMap(mdp: FiniteMdp, embedding: StateEmbedding, opts: MeanStateOptions = {}): Int32Array {
  const { nStates: n, nActions: A, P } = mdp;
  const { dim, coords } = embedding;
  if (coords.length !== n * dim) {
    throw new ReproError(`embedding has ${coords.length} coordinates, expected nStates×dim = ${n}×${dim}`);
  }
  const tol = opts.tol ?? 1e-9;
  const out = new Int32Array(n * A);
  const mean = new Float64Array(dim);
  for (let sa = 0; sa < n * A; sa++) {
    mean.fill(0);
    for (let s2 = 0; s2 < n; s2++) {
      const p = P[sa * n + s2]!;
      if (p === 0) continue;
      for (let t = 0; t < dim; t++) mean[t]! += p * coords[s2 * dim + t]!;
    }
    let found = -1;
    for (let k = 0; k < n && found < 0; k++) {
      let dev = 0;
      for (let t = 0; t < dim; t++) dev = Math.max(dev, Math.abs(coords[k * dim + t]! - mean[t]!));
      if (dev <= tol) found = k;
    }
    if (found < 0) {
      const s = Math.floor(sa / A);
      throw new ReproError(
        `RAP (5.9) is undefined here: the mean next state of (s=${s}, a=${sa - s * A}) is not the embedding of any state; use deterministic transitions, or a "mean-closed" MDP under a line embedding`,
      );
    }
    out[sa] = found;
  }
  return out;
}

/** Q(i, k) = Σ_a π(a|i) [m(i, a) = k]: where the policy's expected next states go. */
export function meanStateTransitions(mdp: FiniteMdp, pi: Policy, meanMap: Int32Array): StateMatrix {
  const { nStates: n, nActions: A } = mdp;
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let a = 0; a < A; a++) Q[i * n + meanMap[i * A + a]!]! += pi[i * A + a]!;
  return Q;
}

/** The RAP operator F_G^π of (5.9), for a mean-next-state map from `meanNextStateMap`. */
export function rapOperator(mdp: FiniteMdp, pi: Policy, meanMap: Int32Array, opts: DiscountOverride = {}): MetricOperator {
  return affinePairOperator(
    "RAP F_G (5.9)",
    rewardDifference(mdp, pi),
    meanStateTransitions(mdp, pi, meanMap),
    opts.gamma ?? mdp.gamma,
    mdp.nStates,
  );
}

/** d_G^π, the unique fixed point of (5.9) (Theorem 5.6.2), to sup-norm error tol. */
export function rapMetric(mdp: FiniteMdp, pi: Policy, meanMap: Int32Array, tol = 1e-10): StateMatrix {
  return solveMetric(rapOperator(mdp, pi, meanMap), tol);
}

/**
 * Right-hand side of (5.12) evaluated at d:
 *   sqrt(E[(r_i − r_j)²] − Var r_i − Var r_j) + γ E_{a_i,a_j} d(m(i, a_i), m(j, a_j)).
 * At d = d_G it reproduces d_G, because by (5.11) the square root is |E r_i − E r_j|.
 */
export function rapVarianceForm(mdp: FiniteMdp, pi: Policy, meanMap: Int32Array, d: StateMatrix): StateMatrix {
  const n = mdp.nStates;
  const sq = expectedSquaredRewardDifference(mdp, pi);
  const v = policyRewardVariance(mdp, pi);
  const next = independentCouplingTerm(meanStateTransitions(mdp, pi, meanMap), d, n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const inner = sq[i * n + j]! - v[i]! - v[j]!;
      out[i * n + j] = Math.sqrt(Math.max(0, inner)) + mdp.gamma * next[i * n + j]!;
    }
  }
  return out;
}

/**
 * Jensen gap of the mean-state assumption (§5.9.2): J(s, a) = Σ_{s'} P(s'|s,a) V(s') − V(m(s, a)).
 * The proof of (5.10) assumes J ≡ 0.
 */
export function meanStateJensenGap(mdp: FiniteMdp, V: ArrayLike<number>, meanMap: Int32Array): Float64Array {
  const { nStates: n, nActions: A, P } = mdp;
  const J = new Float64Array(n * A);
  for (let sa = 0; sa < n * A; sa++) {
    let ev = 0;
    for (let s2 = 0; s2 < n; s2++) ev += P[sa * n + s2]! * V[s2]!;
    J[sa] = ev - V[meanMap[sa]!]!;
  }
  return J;
}

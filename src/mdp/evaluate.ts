/**
 * Exact and iterative evaluation of finite MDPs (float64).
 *
 * Equation numbers refer to Chen (2022), Ch. 2 (research note seed000-ch1-4 §2):
 *   (2.2)  V^π(s) = Σ_a π(a|s) Σ_s' P(s'|s,a) [R(s,a) + γ V^π(s')]
 *   (2.3)/(2.13)  Q^π(s,a) = R(s,a) + γ Σ_s' P(s'|s,a) V^π(s')
 *   (2.6)  Q*(s,a) = R(s,a) + γ Σ_s' P(s'|s,a) max_a' Q*(s',a')
 *   (2.5)  π*(s) = argmax_a Q*(s,a)
 */

import { ReproError } from "../core/errors.js";
import { dot, luFactor, luSolve, maxAbsDiff, transpose } from "./linalg.js";
import type { FiniteMdp, Policy, StateMatrix } from "./types.js";
import { validatePolicy, validateStateDistribution } from "./validate.js";

/** R^π(s) = Σ_a π(a|s) R(s,a). */
export function policyRewards(mdp: FiniteMdp, pi: Policy): Float64Array {
  const { nStates: n, nActions: m, R } = mdp;
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let v = 0;
    for (let a = 0; a < m; a++) v += pi[s * m + a]! * R[s * m + a]!;
    out[s] = v;
  }
  return out;
}

/** P^π(s, s') = Σ_a π(a|s) P(s'|s,a), an nStates×nStates row-stochastic matrix. */
export function policyTransitions(mdp: FiniteMdp, pi: Policy): StateMatrix {
  const { nStates: n, nActions: m, P } = mdp;
  const out = new Float64Array(n * n);
  for (let s = 0; s < n; s++) {
    for (let a = 0; a < m; a++) {
      const w = pi[s * m + a]!;
      if (w === 0) continue;
      const off = (s * m + a) * n;
      for (let s2 = 0; s2 < n; s2++) out[s * n + s2]! += w * P[off + s2]!;
    }
  }
  return out;
}

/** The matrix I − γ P^π. */
function bellmanMatrix(mdp: FiniteMdp, pi: Policy): Float64Array {
  const n = mdp.nStates;
  const Ppi = policyTransitions(mdp, pi);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) A[i] = -mdp.gamma * Ppi[i]!;
  for (let i = 0; i < n; i++) A[i * n + i]! += 1;
  return A;
}

/**
 * Exact V^π from the Bellman expectation equation (2.2) in matrix form,
 * (I − γP^π) V = R^π, solved by LU with partial pivoting. Validates π.
 */
export function evaluatePolicy(mdp: FiniteMdp, pi: Policy): Float64Array {
  validatePolicy(mdp, pi);
  return luSolve(luFactor(bellmanMatrix(mdp, pi), mdp.nStates), policyRewards(mdp, pi));
}

export interface IterationOptions {
  /** Stop when the sup-norm change between successive iterates is below this; default 1e-12. */
  tol?: number;
  /** Give up after this many sweeps; default 100000. */
  maxIter?: number;
}

export interface IterativeEvaluationResult {
  V: Float64Array;
  iterations: number;
  /** ‖V_k − V_{k−1}‖∞ at the last sweep. */
  residual: number;
  /** A-posteriori error bound γ/(1−γ)·residual on ‖V_k − V^π‖∞. */
  errorBound: number;
  converged: boolean;
}

/** Iterative policy evaluation V_{k+1} = R^π + γ P^π V_k from V_0 = 0 (the fixed-point form of (2.2)). */
export function iterativePolicyEvaluation(
  mdp: FiniteMdp,
  pi: Policy,
  opts: IterationOptions = {},
): IterativeEvaluationResult {
  validatePolicy(mdp, pi);
  const tol = opts.tol ?? 1e-12;
  const maxIter = opts.maxIter ?? 100000;
  const n = mdp.nStates;
  const g = mdp.gamma;
  const Rpi = policyRewards(mdp, pi);
  const Ppi = policyTransitions(mdp, pi);
  let V = new Float64Array(n);
  let next = new Float64Array(n);
  let residual = Infinity;
  let k = 0;
  while (k < maxIter) {
    for (let s = 0; s < n; s++) {
      let v = 0;
      for (let s2 = 0; s2 < n; s2++) v += Ppi[s * n + s2]! * V[s2]!;
      next[s] = Rpi[s]! + g * v;
    }
    residual = maxAbsDiff(next, V);
    [V, next] = [next, V];
    k++;
    if (residual < tol) break;
  }
  return { V, iterations: k, residual, errorBound: (g / (1 - g)) * residual, converged: residual < tol };
}

/** Q(s,a) = R(s,a) + γ Σ_s' P(s'|s,a) V(s')  — (2.3)/(2.13) given any V. */
export function qFromV(mdp: FiniteMdp, V: ArrayLike<number>): Float64Array {
  const { nStates: n, nActions: m, P, R, gamma } = mdp;
  if (V.length !== n) throw new ReproError(`qFromV: V has length ${V.length}, expected nStates = ${n}`);
  const Q = new Float64Array(n * m);
  for (let sa = 0; sa < n * m; sa++) {
    let v = 0;
    const off = sa * n;
    for (let s2 = 0; s2 < n; s2++) v += P[off + s2]! * V[s2]!;
    Q[sa] = R[sa]! + gamma * v;
  }
  return Q;
}

/** V(s) = Σ_a π(a|s) Q(s,a). */
export function vFromQ(mdp: FiniteMdp, pi: Policy, Q: ArrayLike<number>): Float64Array {
  const { nStates: n, nActions: m } = mdp;
  if (Q.length !== n * m) throw new ReproError(`vFromQ: Q has length ${Q.length}, expected ${n * m}`);
  const V = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let v = 0;
    for (let a = 0; a < m; a++) v += pi[s * m + a]! * Q[s * m + a]!;
    V[s] = v;
  }
  return V;
}

/** max_a Q(s,a) per state. */
export function maxOverActions(mdp: FiniteMdp, Q: ArrayLike<number>): Float64Array {
  const { nStates: n, nActions: m } = mdp;
  const V = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let best = -Infinity;
    for (let a = 0; a < m; a++) best = Math.max(best, Q[s * m + a]!);
    V[s] = best;
  }
  return V;
}

/** Exact Q^π (linear solve for V^π, then (2.13)). */
export function qPolicy(mdp: FiniteMdp, pi: Policy): Float64Array {
  return qFromV(mdp, evaluatePolicy(mdp, pi));
}

/** Advantage A^π(s,a) = Q^π(s,a) − V^π(s)  (2.12). */
export function advantage(mdp: FiniteMdp, pi: Policy): Float64Array {
  const V = evaluatePolicy(mdp, pi);
  const Q = qFromV(mdp, V);
  const m = mdp.nActions;
  for (let i = 0; i < Q.length; i++) Q[i]! -= V[Math.floor(i / m)]!;
  return Q;
}

/** The Bellman optimality operator (TQ)(s,a) = R(s,a) + γ Σ_s' P(s'|s,a) max_a' Q(s',a')  (2.6). */
export function bellmanOptimalityBackup(mdp: FiniteMdp, Q: ArrayLike<number>): Float64Array {
  return qFromV(mdp, maxOverActions(mdp, Q));
}

export interface ValueIterationResult {
  /** Q* (to within errorBound). */
  Q: Float64Array;
  /** V*(s) = max_a Q*(s,a). */
  V: Float64Array;
  iterations: number;
  /** ‖Q_k − Q_{k−1}‖∞ at the last sweep. */
  residual: number;
  /** A-posteriori bound γ/(1−γ)·residual on ‖Q_k − Q*‖∞. */
  errorBound: number;
  converged: boolean;
}

/** Value iteration Q_{k+1} = T Q_k on (2.6), from Q_0 = 0 (or opts.q0). */
export function valueIteration(
  mdp: FiniteMdp,
  opts: IterationOptions & { q0?: ArrayLike<number> } = {},
): ValueIterationResult {
  const tol = opts.tol ?? 1e-12;
  const maxIter = opts.maxIter ?? 100000;
  const g = mdp.gamma;
  let Q = opts.q0 ? Float64Array.from(opts.q0) : new Float64Array(mdp.nStates * mdp.nActions);
  if (Q.length !== mdp.nStates * mdp.nActions) throw new ReproError(`valueIteration: q0 has length ${Q.length}, expected ${mdp.nStates * mdp.nActions}`);
  let residual = Infinity;
  let k = 0;
  while (k < maxIter) {
    const next = bellmanOptimalityBackup(mdp, Q);
    residual = maxAbsDiff(next, Q);
    Q = next;
    k++;
    if (residual < tol) break;
  }
  return {
    Q,
    V: maxOverActions(mdp, Q),
    iterations: k,
    residual,
    errorBound: (g / (1 - g)) * residual,
    converged: residual < tol,
  };
}

/**
 * Greedy deterministic policy (2.5): one-hot on argmax_a Q(s,a). Ties within `tieTol` go to
 * the lowest action index.
 */
export function greedyPolicy(mdp: FiniteMdp, Q: ArrayLike<number>, tieTol = 0): Policy {
  const { nStates: n, nActions: m } = mdp;
  const pi = new Float64Array(n * m);
  for (let s = 0; s < n; s++) pi[s * m + greedyAction(Q, s, m, tieTol)] = 1;
  return pi;
}

function greedyAction(Q: ArrayLike<number>, s: number, m: number, tieTol: number): number {
  let best = 0;
  for (let a = 1; a < m; a++) if (Q[s * m + a]! > Q[s * m + best]! + tieTol) best = a;
  return best;
}

export interface PolicyIterationResult {
  policy: Policy;
  Q: Float64Array;
  V: Float64Array;
  /** Number of evaluate-improve rounds. */
  iterations: number;
  converged: boolean;
}

/**
 * Howard policy iteration: exact evaluation by linear solve, then greedy improvement. The
 * current action is kept unless another is better by more than `tieTol` (default 1e-12),
 * which prevents cycling between equally good actions. Starts from `initialPolicy` (a stochastic
 * one is replaced by its most likely action per state) or from action 0 everywhere.
 */
export function policyIteration(
  mdp: FiniteMdp,
  opts: { maxIter?: number; tieTol?: number; initialPolicy?: Policy } = {},
): PolicyIterationResult {
  const { nStates: n, nActions: m } = mdp;
  const maxIter = opts.maxIter ?? 1000;
  const tieTol = opts.tieTol ?? 1e-12;
  const actions = new Int32Array(n);
  if (opts.initialPolicy) {
    validatePolicy(mdp, opts.initialPolicy);
    for (let s = 0; s < n; s++) actions[s] = greedyAction(opts.initialPolicy, s, m, 0);
  }
  const toPolicy = (): Policy => {
    const p = new Float64Array(n * m);
    for (let s = 0; s < n; s++) p[s * m + actions[s]!] = 1;
    return p;
  };
  let iterations = 0;
  let converged = false;
  let policy = toPolicy();
  let V = evaluatePolicy(mdp, policy);
  let Q = qFromV(mdp, V);
  while (iterations < maxIter) {
    iterations++;
    let changed = false;
    for (let s = 0; s < n; s++) {
      const cur = actions[s]!;
      let best = cur;
      for (let a = 0; a < m; a++) if (Q[s * m + a]! > Q[s * m + best]! + tieTol) best = a;
      if (best !== cur) {
        actions[s] = best;
        changed = true;
      }
    }
    if (!changed) {
      converged = true;
      break;
    }
    policy = toPolicy();
    V = evaluatePolicy(mdp, policy);
    Q = qFromV(mdp, V);
  }
  return { policy, Q, V, iterations, converged };
}

/**
 * Unnormalised discounted state visitation d^π_ρ0 = ρ0ᵀ (I − γP^π)^{-1}, i.e.
 * d(s) = Σ_t γ^t Pr(s_t = s | s_0 ~ ρ0, π). It sums to 1/(1−γ); pass normalize = true for
 * the distribution (1−γ)·d.
 */
export function discountedVisitation(
  mdp: FiniteMdp,
  pi: Policy,
  rho0: ArrayLike<number>,
  normalize = false,
): Float64Array {
  validatePolicy(mdp, pi);
  validateStateDistribution(mdp, rho0);
  const n = mdp.nStates;
  // dᵀ (I − γP^π) = ρ0ᵀ  ⇔  (I − γP^π)ᵀ d = ρ0
  const d = luSolve(luFactor(transpose(bellmanMatrix(mdp, pi), n, n), n), rho0);
  if (normalize) for (let i = 0; i < n; i++) d[i]! *= 1 - mdp.gamma;
  return d;
}

/** J(π) = Σ_s ρ0(s) V^π(s), the expected discounted return from s_0 ~ ρ0. */
export function expectedReturn(mdp: FiniteMdp, pi: Policy, rho0: ArrayLike<number>): number {
  validateStateDistribution(mdp, rho0);
  return dot(rho0, evaluatePolicy(mdp, pi));
}
